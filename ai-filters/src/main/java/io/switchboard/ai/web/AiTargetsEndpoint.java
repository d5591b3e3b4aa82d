package io.switchboard.ai.web;

import io.switchboard.ai.failover.TargetState;
import io.switchboard.ai.routing.FailoverRoute;
import io.switchboard.ai.routing.FailoverRoutes;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/aitargets}: every failover target's circuit state, load, latencies and Retry-After wait, and
 * every {@code AiFailover} route's retry and hedge counters. Shows provider ids and model names only; never a
 * credential or a URL.
 */
@Endpoint(id = "aitargets")
public class AiTargetsEndpoint {

  private final FailoverRoutes routes;

  public AiTargetsEndpoint(FailoverRoutes routes) {
    this.routes = routes;
  }

  @ReadOperation
  public Map<String, Object> targets() {
    long now = System.nanoTime();
    List<TargetState.Snapshot> targets = routes.registry().all().stream()
        .map(state -> state.snapshot(now))
        .sorted(Comparator.comparing(TargetState.Snapshot::target))
        .toList();
    Map<String, Object> byRoute = new LinkedHashMap<>();
    routes.routes().stream().sorted(Comparator.comparing(FailoverRoute::id)).forEach(route -> {
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("strategy", route.policy().strategy().id());
      info.put("targets", route.targets().stream().map(FailoverRoute.Target::name).toList());
      info.put("stats", route.stats());
      byRoute.put(route.id(), info);
    });
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("targets", targets);
    body.put("routes", byRoute);
    return body;
  }

  /**
   * {@code DELETE /actuator/aitargets[?target=provider/model]}: forgets what is known about every target (or one):
   * open circuits close at once, e.g. after an operator fixed a provider's credentials.
   */
  @DeleteOperation
  public Map<String, Object> reset(@Nullable String target) {
    return Map.of("reset", routes.registry().reset(target));
  }
}
