package io.switchboard.ai.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.catalog.ModelCatalog;
import io.switchboard.ai.failover.CircuitSettings;
import io.switchboard.ai.failover.ResilienceProperties;
import io.switchboard.ai.failover.Strategy;
import io.switchboard.ai.failover.TargetRegistry;
import io.switchboard.ai.provider.AiProperties;
import io.switchboard.ai.provider.ProviderRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Timeouts set globally, per route and per target: each target gets the nearest one. */
final class FailoverRoutesTest {

  private static ResilienceProperties.Timeouts timeouts(Duration connect, Duration idle, Duration firstToken,
      Duration total) {
    ResilienceProperties.Timeouts t = new ResilienceProperties.Timeouts();
    t.setConnect(connect);
    t.setIdle(idle);
    t.setFirstToken(firstToken);
    t.setTotal(total);
    return t;
  }

  private final ProviderRegistry providers = providers();

  private static ProviderRegistry providers() {
    AiProperties properties = new AiProperties();
    for (String id : List.of("a", "b")) {
      AiProperties.ProviderProperties p = new AiProperties.ProviderProperties();
      p.setType("openai-compatible");
      p.setBaseUrl("http://127.0.0.1:9/" + id);
      p.setApiKey("key-" + id);
      properties.getProviders().put(id, p);
    }
    return new ProviderRegistry(properties);
  }

  private FailoverRoutes routes(ResilienceProperties.Timeouts global) {
    ResilienceProperties defaults = new ResilienceProperties();
    defaults.setTimeouts(global);
    return new FailoverRoutes(defaults, new TargetRegistry(CircuitSettings.DEFAULTS),
        ModelCatalog.of("test", List.of()), providers, null);
  }

  private FailoverRoutes.TargetSpec target(String id, ResilienceProperties.Timeouts timeouts) {
    return new FailoverRoutes.TargetSpec(providers.find(id), "m-" + id, 1, 0, timeouts, Map.of(), List.of());
  }

  @Test
  void eachTimeoutComesFromTheTargetElseTheRouteElseTheDefaults() {
    FailoverRoutes routes = routes(timeouts(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(60),
        Duration.ofMinutes(5)));
    FailoverRoute route = routes.build("r", false, List.of(
            target("a", timeouts(Duration.ofMillis(300), null, Duration.ofSeconds(5), Duration.ofSeconds(40))),
            target("b", new ResilienceProperties.Timeouts())),
        new FailoverRoutes.RouteSpec(Strategy.PRIORITY, null, timeouts(null, Duration.ofSeconds(9),
            Duration.ofSeconds(20), Duration.ofMinutes(2)), null, null, null, null, Map.of(), null, List.of()));
    FailoverRoute.Target a = route.targets().get(0);
    FailoverRoute.Target b = route.targets().get(1);
    assertThat(a.target().options().connectTimeout()).isEqualTo(Duration.ofMillis(300));
    assertThat(a.target().options().idleTimeout()).as("the route's").isEqualTo(Duration.ofSeconds(9));
    assertThat(a.firstToken()).isEqualTo(Duration.ofSeconds(5));
    assertThat(a.total()).isEqualTo(Duration.ofSeconds(40));
    assertThat(b.target().options().connectTimeout()).as("the default").isEqualTo(Duration.ofSeconds(2));
    assertThat(b.target().options().idleTimeout()).isEqualTo(Duration.ofSeconds(9));
    assertThat(b.firstToken()).as("null: the route's, in the policy").isNull();
    assertThat(b.total()).isNull();
    assertThat(route.policy().firstToken()).isEqualTo(Duration.ofSeconds(20));
    assertThat(route.policy().total()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void withoutAnyTimeoutTheProvidersOwnApply() {
    FailoverRoute route = routes(new ResilienceProperties.Timeouts()).build("r", false,
        List.of(target("a", new ResilienceProperties.Timeouts())),
        new FailoverRoutes.RouteSpec(Strategy.PRIORITY, null, new ResilienceProperties.Timeouts(), null, null, null,
            null, Map.of(), null, List.of()));
    assertThat(route.targets().get(0).target().options().connectTimeout()).isNull();
    assertThat(route.targets().get(0).target().options().idleTimeout()).isNull();
    assertThat(route.policy().firstToken()).isEqualTo(Duration.ofSeconds(120));
    assertThat(route.policy().total()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void aTargetsTimeoutsMustBePositive() {
    FailoverRoutes routes = routes(new ResilienceProperties.Timeouts());
    assertThatThrownBy(() -> routes.build("r", false,
        List.of(target("a", timeouts(null, null, null, Duration.ZERO))),
        new FailoverRoutes.RouteSpec(Strategy.PRIORITY, null, new ResilienceProperties.Timeouts(), null, null, null,
            null, Map.of(), null, List.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeouts of target 'a'");
  }
}
