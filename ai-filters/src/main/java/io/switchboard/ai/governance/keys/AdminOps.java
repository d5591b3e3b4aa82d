package io.switchboard.ai.governance.keys;

import java.util.Map;
import java.util.function.Function;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import reactor.core.publisher.Mono;

/** Runs an admin operation as the {@link Actor} the {@link AdminAuthWebFilter} authenticated, or answers 401. */
final class AdminOps {

  private AdminOps() {
  }

  static Mono<WebEndpointResponse<Object>> as(Function<Actor, Object> operation) {
    return Mono.deferContextual(ctx -> {
      Actor actor = ctx.getOrDefault(AdminAuthWebFilter.ACTOR, null);
      if (actor == null) {
        return Mono.just(new WebEndpointResponse<>(
            (Object) Map.of("error", "unauthorized", "message", "A valid admin key is required."), 401));
      }
      try {
        return Mono.just(new WebEndpointResponse<>(operation.apply(actor), 200));
      } catch (GovernanceException e) {
        return Mono.just(new WebEndpointResponse<>((Object) Map.of("error", e.status() == 404 ? "not_found"
            : e.status() == 403 ? "forbidden" : "invalid_request", "message", e.getMessage()), e.status()));
      }
    });
  }
}
