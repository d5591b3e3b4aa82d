package io.switchboard.ai.filter;

import io.switchboard.ai.auth.ClientKeys;
import io.switchboard.ai.error.AiErrorResponder;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.governance.ratelimit.KeyResolvers;
import io.switchboard.ai.governance.keys.KeyService;
import io.switchboard.ai.governance.keys.VirtualKey;
import io.switchboard.ai.request.AiRequest;
import io.switchboard.ai.request.AiRequestReader;
import io.switchboard.ai.request.Endpoint;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
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
 *
 * <p>With virtual keys ({@code ai.governance.*}) a presented key that is not a static key is looked up by its hash
 * in local memory: a wrong, expired, revoked or malformed key gets the same 401 as a missing one (one message, so
 * nothing tells a caller which case it hit or anything about other keys); a valid key asking for a model or route
 * outside its (and its team's) scope gets 403. The admitted key is put on the exchange under
 * {@link VirtualKey#ATTRIBUTE} for rate limits and budgets.
 */
public class AiAuthGatewayFilterFactory extends AbstractGatewayFilterFactory<AiAuthGatewayFilterFactory.Config> {

  private final ClientKeys keys;
  private final boolean stripCredentials;
  private final @Nullable KeyService virtualKeys;
  private final @Nullable AiRequestReader reader;

  static final String UNAUTHORIZED = "Incorrect API key provided. Send a valid key as 'Authorization: Bearer <key>' "
      + "(or x-api-key).";
  static final String FORBIDDEN = "This API key is not allowed to use this model or route.";

  public AiAuthGatewayFilterFactory(ClientKeys keys, boolean stripCredentials) {
    this(keys, stripCredentials, null, null);
  }

  public AiAuthGatewayFilterFactory(ClientKeys keys, boolean stripCredentials, @Nullable KeyService virtualKeys,
      @Nullable AiRequestReader reader) {
    super(Config.class);
    this.keys = keys;
    this.stripCredentials = stripCredentials;
    this.virtualKeys = virtualKeys;
    this.reader = reader;
  }

  @Override
  public GatewayFilter apply(Config config) {
    return new GatewayFilter() {
      @Override
      public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String presented = presentedKey(exchange.getRequest());
        if (presented == null) {
          return AiErrorResponder.write(exchange, AiException.unauthorized(UNAUTHORIZED));
        }
        if (keys.matches(presented)) {
          return admit(exchange, chain);
        }
        VirtualKey key = virtualKeys == null ? null : virtualKeys.authenticate(presented);
        if (key == null) {
          return AiErrorResponder.write(exchange, AiException.unauthorized(UNAUTHORIZED));
        }
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        String routeId = route == null ? null : route.getId();
        if (!virtualKeys.allows(key, null, routeId)) {
          return AiErrorResponder.write(exchange, forbidden());
        }
        exchange.getAttributes().put(VirtualKey.ATTRIBUTE, key);
        io.switchboard.ai.governance.keys.Team team = key.team() == null ? null
            : virtualKeys.store().team(key.team());
        if (team != null) {
          exchange.getAttributes().put(io.switchboard.ai.governance.keys.Team.ATTRIBUTE, team);
        }
        AiRequest cached = AiRequestReader.cached(exchange);
        boolean aiPath = Endpoint.of(exchange.getRequest().getPath().value()) != null;
        if (cached != null || reader == null || !aiPath || (key.models().isEmpty() && key.team() == null)) {
          return cached == null || virtualKeys.allows(key, cached.model(), routeId)
              ? admit(exchange, chain) : AiErrorResponder.write(exchange, forbidden());
        }
        return reader.read(exchange)
            .flatMap(ai -> virtualKeys.allows(key, ai.model(), routeId)
                ? admit(exchange, chain) : AiErrorResponder.write(exchange, forbidden()))
            .onErrorResume(AiException.class, e -> AiErrorResponder.write(exchange, e));
      }

      private Mono<Void> admit(ServerWebExchange exchange, GatewayFilterChain chain) {
        String presented = presentedKey(exchange.getRequest());
        if (presented != null) {
          // For rate limits per key after the credentials are gone: a hash, never the key.
          exchange.getAttributes().put(KeyResolvers.CLIENT_KEY_HASH_ATTRIBUTE, KeyResolvers.sha256Hex(presented));
          // Per-key budgets: a virtual key by its id (stable across rotation), a static key by its hash.
          VirtualKey virtual = exchange.getAttribute(VirtualKey.ATTRIBUTE);
          exchange.getAttributes().putIfAbsent(BudgetSubjects.KEY_ATTRIBUTE,
              virtual != null ? "vk:" + virtual.id() : ClientKeys.hashOf(presented));
        }
        if (!stripCredentials) {
          return chain.filter(exchange);
        }
        ServerWebExchange stripped = exchange.mutate().request(withoutCredentials(exchange.getRequest())).build();
        return chain.filter(stripped);
      }

      @Override
      public String toString() {
        return "[AiAuth]";
      }
    };
  }

  private static AiException forbidden() {
    return new AiException(403, "permission_error", "model_not_allowed", null, FORBIDDEN, null);
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
