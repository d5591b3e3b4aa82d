package io.switchboard.ai.balance;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CACHED_SERVER_HTTP_REQUEST_DECORATOR_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_SCHEME_PREFIX_ATTR;

import io.switchboard.ai.request.AiRequestReader;
import io.switchboard.ai.request.Endpoint;
import java.net.URI;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Reads the body of AI requests on {@code lb://<service>} routes of prefix-affinity services whose predicates did
 * not (a route without {@code AiModel}), so that {@link PrefixAffinityLoadBalancer} sees the prompt. Same reader,
 * same size limit ({@code ai.limits.max-body-size}, 413 above it) and same replayable body as the predicate.
 * Only paths that name an AI endpoint are read; others go on untouched.
 */
public final class PrefixAffinityBodyFilter implements GlobalFilter, Ordered {

  /** Right before {@link ReactiveLoadBalancerClientFilter}. */
  public static final int ORDER = ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER - 1;

  private final AiRequestReader reader;
  private final PrefixAffinityServices services;

  public PrefixAffinityBodyFilter(AiRequestReader reader, PrefixAffinityServices services) {
    this.reader = reader;
    this.services = services;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    URI url = exchange.getAttribute(GATEWAY_REQUEST_URL_ATTR);
    boolean lb = url != null && ("lb".equals(url.getScheme())
        || "lb".equals(exchange.getAttribute(GATEWAY_SCHEME_PREFIX_ATTR)));
    ServerHttpRequest request = exchange.getRequest();
    if (!lb || !services.enabled(url.getHost()) || AiRequestReader.cached(exchange) != null
        || request.getMethod() != HttpMethod.POST || Endpoint.of(request.getPath().value()) == null) {
      return chain.filter(exchange);
    }
    return reader.read(exchange).flatMap(ai -> {
      // The reader consumed the body; the decorator replays it. Spring Cloud Gateway applies it only before the
      // filters run (AdaptCachedBodyGlobalFilter), so this filter has to.
      Object replay = exchange.getAttributes().remove(CACHED_SERVER_HTTP_REQUEST_DECORATOR_ATTR);
      return chain.filter(replay instanceof ServerHttpRequest replayable
          ? exchange.mutate().request(replayable).build() : exchange);
    });
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
