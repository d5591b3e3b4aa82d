package io.switchboard.ai.governance.keys;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Guards the governance actuator endpoints ({@code aikeys}, {@code aiteams}, {@code aiaudit}, {@code aibudgets}): the
 * caller must send an admin key, or a team admin's own virtual key, in {@code x-switchboard-admin-key}; without that
 * header, an authenticated principal (Spring Security's, through {@code exchange.getPrincipal()}) whose roles
 * ({@link AdminRoles}) include an admin or team-admin role is admitted as {@code principal:<name>}. Anything else
 * gets one generic 401. The authenticated {@link Actor} travels to the endpoint in the Reactor context; the endpoints refuse to act
 * without one, so they fail closed even where this filter does not run.
 */
public final class AdminAuthWebFilter implements WebFilter, Ordered {

  public static final String HEADER = "x-switchboard-admin-key";
  public static final String ACTOR = Actor.class.getName();
  private static final byte[] UNAUTHORIZED =
      "{\"error\":\"unauthorized\",\"message\":\"A valid admin key is required.\"}".getBytes(StandardCharsets.UTF_8);

  private final Governance governance;
  private final AdminRoles roles;
  private final List<String> paths;

  public AdminAuthWebFilter(Governance governance, String actuatorBasePath) {
    this(governance, actuatorBasePath, AdminRoles.NONE);
  }

  public AdminAuthWebFilter(Governance governance, String actuatorBasePath, AdminRoles roles) {
    this.governance = governance;
    this.roles = roles;
    String base = actuatorBasePath.endsWith("/") ? actuatorBasePath.substring(0, actuatorBasePath.length() - 1)
        : actuatorBasePath;
    this.paths = List.of(base + "/aikeys", base + "/aiteams", base + "/aiaudit", base + "/aibilling",
        base + "/aibudgets");
  }

  /**
   * After Spring Security's filter chain (order -100), whose principal this filter reads; actuator requests reach
   * their handler only after every web filter, so running later guards them just as well.
   */
  public static final int ORDER = -50;

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    if (paths.stream().noneMatch(p -> path.equals(p) || path.startsWith(p + "/"))) {
      return chain.filter(exchange);
    }
    String presented = exchange.getRequest().getHeaders().getFirst(HEADER);
    Mono<Actor> actor = presented != null ? Mono.justOrEmpty(governance.actor(presented))
        : exchange.getPrincipal().flatMap(principal -> Mono.justOrEmpty(fromPrincipal(principal)));
    return actor.map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
        .flatMap(found -> found.isPresent()
            ? chain.filter(exchange).contextWrite(ctx -> ctx.put(ACTOR, found.get()))
            : unauthorized(exchange));
  }

  private @org.jspecify.annotations.Nullable Actor fromPrincipal(Principal principal) {
    java.util.Set<String> held = roles.of(principal);
    return held.isEmpty() || principal.getName() == null ? null : governance.actor(principal.getName(), held);
  }

  private static Mono<Void> unauthorized(ServerWebExchange exchange) {
    var response = exchange.getResponse();
    response.setStatusCode(HttpStatus.UNAUTHORIZED);
    response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(UNAUTHORIZED)));
  }
}
