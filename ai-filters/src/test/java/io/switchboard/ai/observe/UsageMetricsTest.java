package io.switchboard.ai.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UsageMetricsTest {

  @Test
  void guardrailVerdictsAreCountedByPolicyCheckAndOutcome() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    UsageMetrics metrics = new UsageMetrics(registry, new ModelTags(false, () -> Set.of("gpt-4o"), m -> false), null);
    UsageRecord r = new UsageRecord("id", Instant.EPOCH, "chat", "openai", "chat", null, null, null, "gpt-4o", "p",
        "gpt-4o", List.of(), 200, "success", null, false, new UsageRecord.Latency(1, 1.0, 0.5, 0.5),
        UsageRecord.Tokens.NONE, null, null, Map.of(), null, null,
        List.of("private.pii:redact:2", "answers.codenames:block"));
    metrics.accept(r);
    metrics.accept(r);
    assertThat(registry.get(AiMetricNames.GUARDRAIL_VERDICTS).tags("route", "chat", "policy", "private", "check",
        "pii", "outcome", "redact").counter().count()).isEqualTo(2);
    assertThat(registry.get(AiMetricNames.GUARDRAIL_VERDICTS).tags("policy", "answers", "check", "codenames",
        "outcome", "block").counter().count()).isEqualTo(2);
  }
}
