package io.switchboard.ai.balance;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Counts a request in flight on the instance {@link PrefixAffinityLoadBalancer} chose, from just after the choice
 * until the exchange ends however it ends: response written, error, or client gone (cancel).
 *
 * <p>Not a {@code LoadBalancerLifecycle}: Spring Cloud Gateway's load balancer filter (5.0) completes the lifecycle
 * on success and error but not on cancel, so every client disconnect would leak one count and, in time, steer
 * traffic away from a healthy instance for good.
 */
public final class PrefixAffinityInFlightFilter implements GlobalFilter, Ordered {

  /** Right after {@link ReactiveLoadBalancerClientFilter}, which puts the choice on the exchange. */
  public static final int ORDER = ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER + 1;

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    if (!(exchange.getAttribute(GATEWAY_LOADBALANCER_RESPONSE_ATTR)
        instanceof PrefixAffinityLoadBalancer.Chosen chosen)) {
      return chain.filter(exchange);
    }
    return Mono.defer(() -> {
      chosen.service.inFlight.start(chosen.key);
      return chain.filter(exchange).doFinally(signal -> chosen.service.inFlight.finish(chosen.key));
    });
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
