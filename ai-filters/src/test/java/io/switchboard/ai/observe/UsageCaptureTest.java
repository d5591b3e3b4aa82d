package io.switchboard.ai.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.AiCall;
import io.switchboard.ai.error.AiErrorResponder;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.governance.keys.KeyLimits;
import io.switchboard.ai.governance.keys.VirtualKey;
import io.switchboard.ai.governance.ratelimit.KeyResolvers;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.request.AiRequestReader;
import io.switchboard.ai.request.Endpoint;
import io.switchboard.ai.request.JsonBodyScanner;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.SignalType;

class UsageCaptureTest {

  static final String PATH = "/v1/chat/completions";
  static final Endpoint CHAT = Endpoint.of(PATH);
  static final long MS = 1_000_000;
  static final AiRequestReader READER = new AiRequestReader(1 << 20, new JsonBodyScanner(64));

  static MockServerWebExchange exchange(String body, String... headers) {
    MockServerHttpRequest.BodyBuilder request = MockServerHttpRequest.post(PATH);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    MockServerWebExchange exchange = MockServerWebExchange.from(request.body(body));
    READER.read(exchange).block(Duration.ofSeconds(5));
    return exchange;
  }

  static RequestTimeline timeline() {
    return new RequestTimeline(0, Instant.parse("2025-01-01T00:00:00Z"), true);
  }

  @Test
  void aFailedOverStreamCutMidwayBillsWhatWasDelivered() {
    MockServerWebExchange exchange = exchange("{\"model\":\"gpt-4o\",\"stream\":true,"
        + "\"metadata\":{\"feature\":\"search\",\"n\":3,\"nested\":{\"x\":1}}}",
        "x-switchboard-tag-Env", "prod", "Authorization", "Bearer sk-never-recorded");
    AiCall call = new AiCall("b", "gpt-4o", "gpt-4o-2024", true);
    call.recordUsage(new TokenUsage(100, 0, 20, 0, 0));
    call.recordPartialOutput("partial text", 7);
    call.recordAttempts(List.of(new AiCall.Attempt("a/gpt-4o", "server-error", 503, 12, false),
        new AiCall.Attempt("b/gpt-4o-2024", "ok", 200, 30, false)));
    call.recordOutcome(AiCall.Outcome.UPSTREAM_ERROR, 200);
    exchange.getAttributes().put(AiCall.ATTRIBUTE, call);
    exchange.getAttributes().put(KeyResolvers.CLIENT_KEY_HASH_ATTRIBUTE, "0123456789abcdef0123");
    exchange.getAttributes().put(AiErrorResponder.ERROR_ATTRIBUTE,
        AiException.upstream("cut", "stream_truncated"));
    exchange.getResponse().setStatusCode(HttpStatus.OK);
    RequestTimeline t = timeline();
    t.attemptStarted(5 * MS);
    t.attemptEnded(20 * MS);
    t.backoffStarted(20 * MS);
    t.attemptStarted(60 * MS);
    t.committed(95 * MS);
    t.attemptEnded(150 * MS);
    UsageCapture.Settings settings = new UsageCapture.Settings(false, 4096, 16, 128,
        (provider, model, usage) -> provider.equals("b") && model.equals("gpt-4o-2024")
            ? BigDecimal.valueOf(usage.promptTokens() + usage.completionTokens()) : null);

    UsageRecord r = UsageCapture.of(exchange, CHAT, t, SignalType.ON_COMPLETE, null, null, settings, 160 * MS).get();

    assertThat(r.requestId()).isEqualTo(exchange.getRequest().getId());
    assertThat(r.time()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
    assertThat(r.dialect()).isEqualTo("openai");
    assertThat(r.endpoint()).isEqualTo("chat");
    assertThat(r.keyId()).isEqualTo("static:01234567");
    assertThat(r.provider()).isEqualTo("b");
    assertThat(r.requestedModel()).isEqualTo("gpt-4o");
    assertThat(r.upstreamModel()).isEqualTo("gpt-4o-2024");
    assertThat(r.stream()).isTrue();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.outcome()).isEqualTo("upstream_error");
    assertThat(r.errorType()).isEqualTo("upstream_error");
    assertThat(r.attempts()).extracting(UsageRecord.Attempt::provider, UsageRecord.Attempt::model,
            UsageRecord.Attempt::outcome)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "gpt-4o", "server-error"),
            org.assertj.core.groups.Tuple.tuple("b", "gpt-4o-2024", "ok"));
    assertThat(r.tokens()).isEqualTo(new UsageRecord.Tokens(100, 7, 20, 0, 0));
    assertThat(r.costUsd()).isEqualByComparingTo("107");
    assertThat(r.latency().totalMs()).isEqualTo(160.0);
    assertThat(r.latency().upstreamMs()).isEqualTo(105.0);
    assertThat(r.latency().overheadMs()).isEqualTo(15.0); // 160 - 105 - 40 backoff
    assertThat(r.latency().timeToFirstTokenMs()).isEqualTo(95.0);
    assertThat(r.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of("feature", "search", "n", "3", "env", "prod"));
    assertThat(r.requestBody()).isNull();
    assertThat(r.toString()).doesNotContain("sk-never-recorded");
  }

  @Test
  void aRefusedRequestIsARejectionWithTheKeysIdentity() {
    MockServerWebExchange exchange = exchange("{\"model\":\"gpt-4o\"}");
    exchange.getAttributes().put(VirtualKey.ATTRIBUTE, new VirtualKey("vk1", null, "sk-sb-AbCd", "wxyz", "ann",
        "search", List.of(), List.of(), null, Map.of(), KeyLimits.NONE, VirtualKey.Status.ACTIVE, Instant.EPOCH,
        "admin", "hmac:00", null, null));
    exchange.getAttributes().put(AiErrorResponder.ERROR_ATTRIBUTE, AiException.rateLimited("slow", "1"));
    exchange.getResponse().setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
    RequestTimeline t = timeline();
    t.committed(2 * MS);

    UsageRecord r = UsageCapture.of(exchange, CHAT, t, SignalType.ON_COMPLETE, null, null,
        UsageCapture.Settings.DEFAULTS, 3 * MS).get();

    assertThat(r.outcome()).isEqualTo("rejected");
    assertThat(r.status()).isEqualTo(429);
    assertThat(r.errorType()).isEqualTo("rate_limit_error");
    assertThat(r.keyId()).isEqualTo("vk1");
    assertThat(r.user()).isEqualTo("ann");
    assertThat(r.team()).isEqualTo("search");
    assertThat(r.requestedModel()).isEqualTo("gpt-4o");
    assertThat(r.provider()).isNull();
    assertThat(r.tokens()).isEqualTo(UsageRecord.Tokens.NONE);
    assertThat(r.latency().timeToFirstTokenMs()).isNull();
    assertThat(r.attempts()).isEmpty();
  }

  @Test
  void aClientThatLeavesBeforeTheHeadIsCancelledWith499() {
    MockServerWebExchange exchange = exchange("{\"model\":\"gpt-4o\"}");
    AiCall call = new AiCall("a", "gpt-4o", "gpt-4o", false);
    exchange.getAttributes().put(AiCall.ATTRIBUTE, call);
    UsageRecord r = UsageCapture.of(exchange, CHAT, timeline(), SignalType.CANCEL, null, null,
        UsageCapture.Settings.DEFAULTS, 10 * MS).get();
    assertThat(r.outcome()).isEqualTo("cancelled");
    assertThat(r.status()).isEqualTo(499);
  }

  @Test
  void anErrorThatEscapesTheChainIsRecordedWithItsStatus() {
    MockServerWebExchange exchange = exchange("{\"model\":\"gpt-4o\"}");
    UsageRecord r = UsageCapture.of(exchange, CHAT, timeline(), SignalType.ON_ERROR,
        new RuntimeException(AiException.tooLarge("big")), null, UsageCapture.Settings.DEFAULTS, MS).get();
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.errorType()).isEqualTo("invalid_request_error");
    assertThat(r.outcome()).isEqualTo("client_error");
  }

  @Test
  void bodiesOnlyWhenEnabledRedactedAndCapped() {
    String body = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"mail ann@example.com, card "
        + "4111 1111 1111 1111, key sk-proj-abcdefghijklmnop " + "x".repeat(200) + "\"}]}";
    MockServerWebExchange exchange = exchange(body);
    BodyCapture answer = new BodyCapture(64);
    answer.onPiece("{\"choices\":[{\"message\":{\"content\":\"call me at 0044 20 7946 0958\"}}]}".getBytes());
    UsageRecord off = UsageCapture.of(exchange, CHAT, timeline(), SignalType.ON_COMPLETE, null, answer,
        UsageCapture.Settings.DEFAULTS, MS).get();
    assertThat(off.requestBody()).isNull();
    assertThat(off.responseBody()).isNull();

    UsageRecord on = UsageCapture.of(exchange, CHAT, timeline(), SignalType.ON_COMPLETE, null, answer,
        new UsageCapture.Settings(true, 120, 16, 128, null), MS).get();
    assertThat(on.requestBody()).contains("[email]", "[number]", "[redacted]")
        .doesNotContain("ann@example.com", "4111", "sk-proj");
    assertThat(on.requestBody().length()).isLessThanOrEqualTo(121);
    assertThat(on.responseBody()).contains("[number]").doesNotContain("7946");
  }

  @Test
  void tagsAreCappedInCountAndLength() {
    String[] headers = new String[40];
    for (int i = 0; i < 20; i++) {
      headers[2 * i] = "x-switchboard-tag-t" + i;
      headers[2 * i + 1] = "v".repeat(300);
    }
    MockServerWebExchange exchange = exchange("{\"model\":\"gpt-4o\"}", headers);
    UsageRecord r = UsageCapture.of(exchange, CHAT, timeline(), SignalType.ON_COMPLETE, null, null,
        UsageCapture.Settings.DEFAULTS, MS).get();
    assertThat(r.metadata()).hasSize(16);
    assertThat(r.metadata().values()).allSatisfy(v -> assertThat(v).hasSize(128));
  }

  @Test
  void recordsSerialiseAsOneJsonLine() {
    MockServerWebExchange exchange = exchange("{\"model\":\"gpt-4o\"}");
    AiCall call = new AiCall("a", "gpt-4o", "gpt-4o", false);
    call.recordCost(new BigDecimal("0.000000120000"));
    call.recordOutcome(AiCall.Outcome.SUCCESS, 200);
    exchange.getAttributes().put(AiCall.ATTRIBUTE, call);
    String json = UsageJson.write(UsageCapture.of(exchange, CHAT, timeline(), SignalType.ON_COMPLETE, null, null,
        UsageCapture.Settings.DEFAULTS, MS).get());
    assertThat(json).doesNotContain("\n").contains("\"costUsd\":0.000000120000", "\"time\":\"2025-01-01T00:00:00Z\"",
        "\"outcome\":\"success\"");
  }

  @Test
  void aCacheHitAndGuardrailVerdictsAreInTheRecordWithoutMatchedText() {
    MockServerWebExchange exchange = exchange("{\"model\":\"gpt-4o\",\"messages\":[]}");
    exchange.getAttributes().put(io.switchboard.ai.cache.AiCacheVerdict.ATTRIBUTE,
        new io.switchboard.ai.cache.AiCacheVerdict(io.switchboard.ai.cache.AiCacheVerdict.Result.SEMANTIC_HIT, 0.93,
            BigDecimal.ONE, 10, 5, "gpt-4o-2024"));
    exchange.getAttributes().put(io.switchboard.ai.guardrails.GuardrailVerdicts.ATTRIBUTE, List.of(
        new io.switchboard.ai.guardrails.GuardrailVerdicts.Verdict("private", "pii", "input", "redact", "redact", 40, 2,
            null, false),
        new io.switchboard.ai.guardrails.GuardrailVerdicts.Verdict("strict", "codenames", "input", "block", "pass", 3,
            0, null, false)));
    exchange.getResponse().setStatusCode(HttpStatus.OK);
    RequestTimeline t = timeline();
    t.committed(2 * MS);
    UsageCapture.Settings settings = new UsageCapture.Settings(false, 4096, 16, 128, null);

    UsageRecord r = UsageCapture.of(exchange, CHAT, t, SignalType.ON_COMPLETE, null, null, settings, 3 * MS).get();

    assertThat(r.cache()).isEqualTo("semantic_hit");
    assertThat(r.attempts()).isEmpty();
    assertThat(r.upstreamModel()).isEqualTo("gpt-4o-2024");
    assertThat(r.tokens().totalTokens()).as("a hit used no tokens").isZero();
    assertThat(r.outcome()).isEqualTo("success");
    assertThat(r.latency().timeToFirstTokenMs()).isEqualTo(2.0);
    assertThat(r.guardrails()).containsExactly("private.pii:redact:2");
    assertThat(UsageJson.write(r)).contains("\"cache\":\"semantic_hit\"", "private.pii:redact:2");
  }
}
