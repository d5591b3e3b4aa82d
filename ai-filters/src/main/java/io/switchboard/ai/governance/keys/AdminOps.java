package io.switchboard.ai.governance.keys;

import java.util.Map;
import java.util.function.Function;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import reactor.core.publisher.Mono;

/** Runs an admin operation as the {@link Actor} the {@link AdminAuthWebFilter} authenticated, or answers 401. */
public final class AdminOps {

  private AdminOps() {
  }

  public static Mono<WebEndpointResponse<Object>> as(Function<Actor, Object> operation) {
    return asAsync(actor -> Mono.just(operation.apply(actor)));
  }

  /** The same for an operation that waits on a store (never blocking the event loop). */
  public static Mono<WebEndpointResponse<Object>> asAsync(Function<Actor, Mono<Object>> operation) {
    return Mono.deferContextual(ctx -> {
      Actor actor = ctx.getOrDefault(AdminAuthWebFilter.ACTOR, null);
      if (actor == null) {
        return Mono.just(new WebEndpointResponse<>(
            (Object) Map.of("error", "unauthorized", "message", "A valid admin key is required."), 401));
      }
      try {
        return operation.apply(actor).map(body -> new WebEndpointResponse<>(body, 200))
            .onErrorResume(GovernanceException.class, e -> Mono.just(refusal(e)));
      } catch (GovernanceException e) {
        return Mono.just(refusal(e));
      }
    });
  }

  private static WebEndpointResponse<Object> refusal(GovernanceException e) {
    return new WebEndpointResponse<>((Object) Map.of("error", e.status() == 404 ? "not_found"
        : e.status() == 403 ? "forbidden" : "invalid_request", "message", e.getMessage()), e.status());
  }
}
