package io.switchboard.ai.filter;

import io.switchboard.ai.auth.ClientKeys;
import io.switchboard.ai.error.AiErrorResponder;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.governance.budget.BudgetSubjects;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * {@code AiAuth}: admits a request only with a client key listed in {@code ai.auth.api-keys}, presented the way any
 * of the supported SDKs sends it: {@code Authorization: Bearer <key>}, {@code x-api-key},
 * {@code x-goog-api-key} or the {@code key} query parameter. Keys are compared as hashes in constant time. The
 * client's credentials are then removed from the request (unless {@code ai.auth.strip-credentials=false}), so
 * they never travel further. Usable per route or as a default filter. With no key configured every request is
 * refused: a gateway that forgot its keys fails closed.
 */
public class AiAuthGatewayFilterFactory extends AbstractGatewayFilterFactory<AiAuthGatewayFilterFactory.Config> {

  private final ClientKeys keys;
  private final boolean stripCredentials;

  public AiAuthGatewayFilterFactory(ClientKeys keys, boolean stripCredentials) {
    super(Config.class);
    this.keys = keys;
    this.stripCredentials = stripCredentials;
  }

  @Override
  public GatewayFilter apply(Config config) {
    return new GatewayFilter() {
      @Override
      public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String presented = presentedKey(exchange.getRequest());
        if (presented == null) {
          return AiErrorResponder.write(exchange, AiException.unauthorized(
              "You didn't provide an API key. Send it as 'Authorization: Bearer <key>' (or x-api-key)."));
        }
        if (!keys.matches(presented)) {
          return AiErrorResponder.write(exchange, AiException.unauthorized("Incorrect API key provided."));
        }
        // The key's identity (its hash, never the key) for per-key budgets after the credentials are removed.
        exchange.getAttributes().putIfAbsent(BudgetSubjects.KEY_ATTRIBUTE, ClientKeys.hashOf(presented));
        if (!stripCredentials) {
          return chain.filter(exchange);
        }
        return chain.filter(exchange.mutate().request(withoutCredentials(exchange.getRequest())).build());
      }

      @Override
      public String toString() {
        return "[AiAuth]";
      }
    };
  }

  static @Nullable String presentedKey(ServerHttpRequest request) {
    HttpHeaders headers = request.getHeaders();
    String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String key = authorization.substring(7).trim();
      if (!key.isEmpty()) {
        return key;
      }
    }
    for (String header : new String[] {"x-api-key", "x-goog-api-key"}) {
      String value = headers.getFirst(header);
      if (value != null && !value.isBlank()) {
        return value.trim();
      }
    }
    String query = request.getQueryParams().getFirst("key");
    return query == null || query.isBlank() ? null : query.trim();
  }

  private static ServerHttpRequest withoutCredentials(ServerHttpRequest request) {
    ServerHttpRequest.Builder builder = request.mutate().headers(h -> {
      h.remove(HttpHeaders.AUTHORIZATION);
      h.remove("x-api-key");
      h.remove("x-goog-api-key");
    });
    if (request.getQueryParams().containsKey("key")) {
      URI uri = UriComponentsBuilder.fromUri(request.getURI()).replaceQueryParam("key").build(true).toUri();
      builder.uri(uri);
    }
    return builder.build();
  }

  /** {@code AiAuth} takes no arguments; keys come from {@code ai.auth.api-keys}. */
  public static class Config {
  }
}
