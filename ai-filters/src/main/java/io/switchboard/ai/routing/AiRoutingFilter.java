package io.switchboard.ai.routing;

import io.switchboard.ai.error.AiErrorResponder;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.Provider;
import io.switchboard.ai.provider.ProviderRegistry;
import java.net.URI;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The routing filter of AI routes, as {@code NettyRoutingFilter} is for {@code http://} routes and the load
 * balancer's filter for {@code lb://}: it serves exchanges that carry a {@link FailoverRoute} (set by
 * {@code AiFailover}) or an {@link AiTarget} (set by {@code AiProvider}) or whose route URI is
 * {@code ai://<provider-id>}, marks them routed so the stock routing
 * filters leave them alone, and writes the response itself. It runs after every route filter, so those see and
 * may decorate the AI response like any other.
 */
public final class AiRoutingFilter implements GlobalFilter, Ordered {

  /** The URI scheme that names a provider as a route's destination. */
  public static final String SCHEME = "ai";

  /** Just before Spring Cloud Gateway's own routing filters. */
  public static final int ORDER = NettyRoutingFilter.ORDER - 10;

  private final AiRouteHandler handler;
  private final ProviderRegistry providers;

  public AiRoutingFilter(AiRouteHandler handler, ProviderRegistry providers) {
    this.handler = handler;
    this.providers = providers;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    if (ServerWebExchangeUtils.isAlreadyRouted(exchange)) {
      return chain.filter(exchange);
    }
    FailoverRoute failover = exchange.getAttribute(FailoverRoute.ATTRIBUTE);
    if (failover != null) {
      ServerWebExchangeUtils.setAlreadyRouted(exchange);
      return handler.handle(exchange, failover);
    }
    AiTarget target = exchange.getAttribute(AiTarget.ATTRIBUTE);
    if (target == null) {
      URI url = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
      if (url == null || !SCHEME.equals(url.getScheme())) {
        return chain.filter(exchange);
      }
      String id = url.getRawAuthority();
      Provider provider = id == null ? null : providers.find(id);
      ServerWebExchangeUtils.setAlreadyRouted(exchange);
      if (provider == null) {
        // Startup validation catches this for configured routes; routes added at run time may still get here.
        return AiErrorResponder.write(exchange, new AiException(500, "server_error", "provider_not_declared",
            null, "The route names a provider that is not declared on this gateway.", null));
      }
      target = new AiTarget(provider, null);
    }
    ServerWebExchangeUtils.setAlreadyRouted(exchange);
    return handler.handle(exchange, target);
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
