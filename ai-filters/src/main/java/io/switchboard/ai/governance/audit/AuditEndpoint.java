package io.switchboard.ai.governance.audit;

import io.switchboard.ai.governance.keys.AdminAuthWebFilter;
import io.switchboard.ai.governance.keys.Actor;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /actuator/aiaudit[?target=key:<id>&actor=admin:<id>&limit=100]}: the audit log, newest last. Needs an
 * admin key (team admins get 403).
 */
@Endpoint(id = "aiaudit")
public class AuditEndpoint {

  private final AuditLog log;

  public AuditEndpoint(AuditLog log) {
    this.log = log;
  }

  @ReadOperation
  public Mono<WebEndpointResponse<Object>> entries(@Nullable String target, @Nullable String actor,
      @Nullable Integer limit) {
    return Mono.deferContextual(ctx -> {
      Actor who = ctx.getOrDefault(AdminAuthWebFilter.ACTOR, null);
      if (who == null) {
        return Mono.just(new WebEndpointResponse<>((Object) Map.of("error", "unauthorized"), 401));
      }
      if (!who.superAdmin()) {
        return Mono.just(new WebEndpointResponse<>((Object) Map.of("error", "forbidden"), 403));
      }
      int n = limit == null ? 100 : Math.max(1, Math.min(limit, 1000));
      return Mono.just(new WebEndpointResponse<>((Object) Map.of("entries", log.query(target, actor, n)), 200));
    });
  }
}
