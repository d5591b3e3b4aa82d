package io.switchboard.ai.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.catalog.ModelCatalog;
import io.switchboard.ai.failover.CircuitSettings;
import io.switchboard.ai.failover.ResilienceProperties;
import io.switchboard.ai.failover.Strategy;
import io.switchboard.ai.failover.TargetRegistry;
import io.switchboard.ai.provider.AiProperties;
import io.switchboard.ai.provider.ProviderRegistry;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The order the engine gives a request, as a distribution: least-latency sends all but its exploration share to the
 * fastest target, and weighted follows the weights. Fixed seeds; bounds of 5 binomial standard deviations.
 */
final class FailoverOrderStatisticsTest {

  private static final int DRAWS = 40_000;

  private final ProviderRegistry providers = providers();
  private final FailoverRoutes routes = new FailoverRoutes(new ResilienceProperties(),
      new TargetRegistry(CircuitSettings.DEFAULTS), ModelCatalog.of("test", List.of()), providers, null);

  private static ProviderRegistry providers() {
    AiProperties properties = new AiProperties();
    for (String id : List.of("slow", "fast")) {
      AiProperties.ProviderProperties p = new AiProperties.ProviderProperties();
      p.setType("openai-compatible");
      p.setBaseUrl("http://127.0.0.1:9/" + id);
      p.setApiKey("key-" + id);
      properties.getProviders().put(id, p);
    }
    return new ProviderRegistry(properties);
  }

  private FailoverRoute route(Strategy strategy, double slowWeight, double fastWeight) {
    List<FailoverRoutes.TargetSpec> specs = List.of(
        new FailoverRoutes.TargetSpec(providers.find("slow"), "m-" + System.nanoTime(), slowWeight, 0,
            new ResilienceProperties.Timeouts(), Map.of(), List.of()),
        new FailoverRoutes.TargetSpec(providers.find("fast"), "m-" + System.nanoTime(), fastWeight, 0,
            new ResilienceProperties.Timeouts(), Map.of(), List.of()));
    return routes.build("stats", false, specs, new FailoverRoutes.RouteSpec(strategy, null,
        new ResilienceProperties.Timeouts(), null, null, null, null, Map.of(), null, List.of()));
  }

  private static double shareFirst(FailoverRoute route, int target, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int hits = 0;
    for (int i = 0; i < DRAWS; i++) {
      if (FailoverEngine.order(route, null, random::nextDouble).get(0) == route.targets().get(target)) {
        hits++;
      }
    }
    return (double) hits / DRAWS;
  }

  private static void assertBinomial(double observed, double p, String what) {
    double sigma = Math.sqrt(p * (1 - p) / DRAWS);
    assertThat(observed).as("%s: expected %.4f ± 5σ (σ = %.4f)", what, p, sigma)
        .isBetween(p - 5 * sigma, p + 5 * sigma);
  }

  @Test
  void leastLatencySendsAllButTheExplorationShareToTheFastestTarget() {
    FailoverRoute route = route(Strategy.LEAST_LATENCY, 1, 1);
    for (int i = 0; i < 30; i++) {
      route.targets().get(0).state().latency().recordFirstToken(60);
      route.targets().get(1).state().latency().recordFirstToken(3);
    }
    // 5 % of requests (least-latency-explore) are ordered by weight, half of those put the slow target first.
    double explore = route.policy().explore();
    assertThat(explore).isEqualTo(0.05);
    for (long seed : new long[] {1, 2, 3}) {
      assertBinomial(shareFirst(route, 0, seed), explore * 0.5, "slow first, seed " + seed);
    }
  }

  @Test
  void leastLatencyWeighsTheAverageByLoad() {
    FailoverRoute route = route(Strategy.LEAST_LATENCY, 1, 1);
    for (int i = 0; i < 30; i++) {
      route.targets().get(0).state().latency().recordFirstToken(60);
      route.targets().get(1).state().latency().recordFirstToken(3);
    }
    for (int i = 0; i < 30; i++) {
      route.targets().get(1).state().started(); // 3 ms × 31 in flight > 60 ms × 1
    }
    assertBinomial(shareFirst(route, 0, 5), 1 - 0.05 * 0.5, "the fast target queues: slow first");
  }

  @Test
  void weightedFollowsTheWeightsThroughTheEngine() {
    FailoverRoute route = route(Strategy.WEIGHTED, 1, 3);
    for (long seed : new long[] {1, 2, 3}) {
      assertBinomial(shareFirst(route, 1, seed), 0.75, "weight 3 of 4 first, seed " + seed);
    }
  }
}
