package io.switchboard.ai.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.catalog.ModelCatalog;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.failover.CircuitSettings;
import io.switchboard.ai.failover.FailoverPolicy;
import io.switchboard.ai.failover.ResilienceProperties;
import io.switchboard.ai.failover.Strategy;
import io.switchboard.ai.failover.TargetRegistry;
import io.switchboard.ai.provider.AiProperties;
import io.switchboard.ai.provider.ProviderRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** One request's decisions on a failover route: which target next, when, and when to stop. */
class FailoverRunTest {

  private static final long NOW = 1_000_000_000_000L;

  private final ProviderRegistry providers = providers();
  private final TargetRegistry registry = new TargetRegistry(CircuitSettings.DEFAULTS);
  private final FailoverRoutes routes = new FailoverRoutes(new ResilienceProperties(), registry,
      ModelCatalog.of("test", List.of()), providers, null);

  private static ProviderRegistry providers() {
    AiProperties properties = new AiProperties();
    for (String id : List.of("a", "b", "c")) {
      AiProperties.ProviderProperties p = new AiProperties.ProviderProperties();
      p.setType("openai-compatible");
      p.setBaseUrl("http://127.0.0.1:9/" + id);
      p.setApiKey("key-" + id);
      properties.getProviders().put(id, p);
    }
    return new ProviderRegistry(properties);
  }

  private FailoverRoute route(@Nullable Integer maxAttempts, Map<String, String> onError, String... targets) {
    List<FailoverRoutes.TargetSpec> specs = java.util.Arrays.stream(targets)
        .map(id -> new FailoverRoutes.TargetSpec(providers.find(id), "m-" + id + "-" + System.nanoTime(), 1, 0,
            new ResilienceProperties.Timeouts(), Map.of(), List.of()))
        .toList();
    ResilienceProperties.BackoffProperties backoff = new ResilienceProperties.BackoffProperties();
    backoff.setBase(Duration.ofMillis(100));
    backoff.setMax(Duration.ofMillis(400));
    return routes.build("r", false, specs, new FailoverRoutes.RouteSpec(Strategy.PRIORITY, maxAttempts,
        new ResilienceProperties.Timeouts(), null, backoff, null, null, onError, null, List.of()));
  }

  private static FailoverRun run(FailoverRoute route) {
    return new FailoverRun(route, route.targets(), NOW, 100, null);
  }

  @Test
  void untriedTargetsComeFirstThenRetriesAfterABackoff() {
    FailoverRun run = run(route(4, Map.of(), "a", "b"));
    FailoverRun.Pick first = run.pick(NOW);
    assertThat(first.position()).isZero();
    assertThat(first.waitNanos()).isZero();
    FailoverRun.Started attempt = run.start(0, NOW, false);
    run.failed(attempt, AiException.upstream("boom", "upstream_error"), NOW + 10_000_000);
    FailoverRun.Pick second = run.pick(NOW + 10_000_000);
    assertThat(second.position()).as("b has not been tried").isEqualTo(1);
    assertThat(second.waitNanos()).isZero();
    run.failed(run.start(1, NOW + 10_000_000, false), AiException.upstream("boom", "upstream_error"),
        NOW + 20_000_000);
    FailoverRun.Pick third = run.pick(NOW + 20_000_000);
    assertThat(third).as("a retried: server errors may be retried").isNotNull();
    assertThat(third.waitNanos()).as("full jitter under the 100ms base").isBetween(0L, 100_000_000L);
  }

  @Test
  void aBadRequestIsAnsweredAtOnce() {
    FailoverRun run = run(route(4, Map.of(), "a", "b"));
    run.failed(run.start(0, NOW, false), AiException.invalidRequest("bad", null), NOW);
    assertThat(run.answerNow()).isTrue();
    assertThat(run.pick(NOW)).isNull();
  }

  @Test
  void failoverRulesTheTargetOutForTheRequestAndOnErrorOverridesTheDefault() {
    FailoverRun run = run(route(4, Map.of("server-error", "failover"), "a"));
    run.failed(run.start(0, NOW, false), AiException.upstream("boom", "upstream_error"), NOW);
    assertThat(run.pick(NOW)).as("the only target is out for this request").isNull();
  }

  @Test
  void maxAttemptsStopsTheRequest() {
    FailoverRun run = run(route(2, Map.of(), "a", "b", "c"));
    run.failed(run.start(0, NOW, false), AiException.upstream("x", "upstream_error"), NOW);
    run.failed(run.start(1, NOW, false), AiException.upstream("x", "upstream_error"), NOW);
    assertThat(run.pick(NOW)).isNull();
  }

  @Test
  void aRateLimitedTargetWaitsOnlyWithinARequest() {
    FailoverRoute route = route(4, Map.of(), "a");
    FailoverRun first = run(route);
    first.failed(first.start(0, NOW, false), AiException.rateLimited("slow", "2"), NOW);
    assertThat(first.pick(NOW).waitNanos()).as("the same request sits out Retry-After")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(2).toNanos() - 1);
    FailoverRun next = run(route);
    assertThat(next.pick(NOW).waitNanos()).as("a new request goes at once").isZero();
  }

  @Test
  void theWaitAskedForIsKeptToTheMillisecondAndOverloadsAskToo() {
    FailoverRoute route = route(4, Map.of(), "a", "b");
    FailoverRun run = run(route);
    run.failed(run.start(0, NOW, false), new AiException(429, "rate_limit_error", "rate_limit_exceeded", null,
        "slow", "1", 20), NOW);
    assertThat(route.targets().get(0).state().waitNanos(NOW)).as("retry-after-ms 20, not 1 s")
        .isEqualTo(Duration.ofMillis(20).toNanos());
    run.failed(run.start(1, NOW, false), new AiException(502, "upstream_error", "upstream_overloaded", null,
        "busy", "2", 2000), NOW);
    assertThat(route.targets().get(1).state().waitNanos(NOW)).as("a 503's Retry-After keeps b out")
        .isEqualTo(Duration.ofSeconds(2).toNanos());
    FailoverRun.Pick next = run.pick(NOW);
    assertThat(next.position()).as("a's short wait comes first").isZero();
    assertThat(next.waitNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
  }

  @Test
  void aTargetAtItsConcurrencyLimitIsSkipped() {
    FailoverRoute route = routes.build("r", false, List.of(
        new FailoverRoutes.TargetSpec(providers.find("a"), "mc-a-" + System.nanoTime(), 1, 1,
            new ResilienceProperties.Timeouts(), Map.of(), List.of()),
        new FailoverRoutes.TargetSpec(providers.find("b"), "mc-b-" + System.nanoTime(), 1, 0,
            new ResilienceProperties.Timeouts(), Map.of(), List.of())),
        new FailoverRoutes.RouteSpec(Strategy.PRIORITY, 3, new ResilienceProperties.Timeouts(), null, null, null,
            null, Map.of(), null, List.of()));
    FailoverRun busy = run(route);
    FailoverRun.Started first = busy.start(busy.pick(NOW).position(), NOW, false);
    assertThat(first.position).isZero();
    FailoverRun other = run(route);
    assertThat(other.pick(NOW).position()).as("a has max-concurrency 1 and one in flight").isEqualTo(1);
    busy.finished(first);
    assertThat(run(route).pick(NOW).position()).as("free again").isZero();
  }

  private FailoverRoute hedged(FailoverPolicy.Hedge hedge) {
    List<FailoverRoutes.TargetSpec> specs = java.util.stream.Stream.of("a", "b", "c")
        .map(id -> new FailoverRoutes.TargetSpec(providers.find(id), "h-" + id + "-" + System.nanoTime(), 1, 0,
            new ResilienceProperties.Timeouts(), Map.of(), List.of()))
        .toList();
    return routes.build("h", false, specs, new FailoverRoutes.RouteSpec(Strategy.PRIORITY, 3,
        new ResilienceProperties.Timeouts(), null, null, null, null, Map.of(), hedge, List.of()));
  }

  @Test
  void theHedgeDelayIsFixedOrTheFirstTargetsP95TimeToFirstToken() {
    FailoverRun fixed = run(hedged(new FailoverPolicy.Hedge(Duration.ofMillis(300), Duration.ofMillis(50), 0.1)));
    FailoverRun.Pick first = fixed.pick(NOW);
    assertThat(fixed.hedgeCandidate(first, NOW)).isEqualTo(new FailoverRun.Pick(1, Duration.ofMillis(300).toNanos()));

    FailoverRoute adaptive = hedged(new FailoverPolicy.Hedge(null, Duration.ofMillis(50), 0.1));
    FailoverRun cold = run(adaptive);
    assertThat(cold.hedgeCandidate(cold.pick(NOW), NOW)).as("no p95 before 20 samples: no hedge").isNull();
    for (int i = 0; i < 20; i++) {
      adaptive.targets().get(0).state().latency().recordFirstToken(i < 19 ? 100 : 900);
    }
    FailoverRun warm = run(adaptive);
    long p95 = adaptive.targets().get(0).state().latency().p95FirstTokenMillis();
    assertThat(p95).isBetween(100L, 900L);
    assertThat(warm.hedgeCandidate(warm.pick(NOW), NOW)).isEqualTo(new FailoverRun.Pick(1,
        Duration.ofMillis(p95).toNanos()));
    FailoverRoute quick = hedged(new FailoverPolicy.Hedge(null, Duration.ofMillis(50), 0.1));
    for (int i = 0; i < 20; i++) {
      quick.targets().get(0).state().latency().recordFirstToken(5);
    }
    FailoverRun floor = run(quick);
    assertThat(floor.hedgeCandidate(floor.pick(NOW), NOW).waitNanos()).as("never below min-delay")
        .isEqualTo(Duration.ofMillis(50).toNanos());
  }

  @Test
  void theHedgeGoesToTheNextUsableTargetAndNeverPastTheDeadline() {
    FailoverRoute route = hedged(new FailoverPolicy.Hedge(Duration.ofMillis(300), Duration.ofMillis(50), 0.1));
    route.targets().get(1).state().notBefore(NOW + Duration.ofSeconds(5).toNanos());
    FailoverRun run = run(route);
    assertThat(run.hedgeCandidate(run.pick(NOW), NOW).position()).as("b is rate limited: c").isEqualTo(2);
    route.targets().get(2).state().eject();
    FailoverRun none = run(route);
    assertThat(none.hedgeCandidate(none.pick(NOW), NOW)).as("nothing left to hedge with").isNull();
    FailoverRun late = run(hedged(new FailoverPolicy.Hedge(Duration.ofMinutes(11), Duration.ofMillis(50), 0.1)));
    assertThat(late.hedgeCandidate(late.pick(NOW), NOW)).as("past the 10 min total").isNull();
  }

  @Test
  void ejectedTargetsAreSkippedButNeverAllOfThem() {
    FailoverRoute route = route(4, Map.of(), "a", "b");
    route.targets().get(0).state().eject();
    FailoverRun run = run(route);
    assertThat(run.pick(NOW).position()).as("a is ejected").isEqualTo(1);
    route.targets().get(1).state().eject();
    FailoverRun panic = run(route);
    assertThat(panic.pick(NOW)).as("past 50% ejected, the first is put back").isNotNull();
    assertThat(panic.pick(NOW).position()).isZero();
  }

  @Test
  void theRetryBudgetRefusesRetriesOnceSpent() {
    FailoverRoute route = route(4, Map.of(), "a", "b");
    // The default budget allows 5 retries a second on a quiet route: spend them.
    int allowed = 0;
    while (route.retryBudget().tryRetry(NOW)) {
      allowed++;
    }
    assertThat(allowed).isGreaterThan(0);
    FailoverRun run = run(route);
    run.failed(run.start(0, NOW, false), AiException.upstream("x", "upstream_error"), NOW);
    assertThat(run.start(1, NOW, false)).as("no budget for a retry").isNull();
    assertThat(run.pick(NOW)).isNull();
  }

  @Test
  void theAttemptLogNamesTargetsOutcomesAndStatuses() {
    FailoverRun run = run(route(4, Map.of(), "a", "b"));
    run.failed(run.start(0, NOW, false), AiException.rateLimited("slow", null), NOW + 5_000_000);
    FailoverRun.Started ok = run.start(1, NOW + 5_000_000, false);
    run.served(ok, NOW + 25_000_000);
    assertThat(run.header()).matches("a/m-a-\\d+;outcome=rate-limited;status=429;ms=5, "
        + "b/m-b-\\d+;outcome=ok;status=200;ms=20");
  }
}
