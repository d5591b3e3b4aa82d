package io.switchboard.sample.it;

import io.switchboard.ai.AiCall;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import reactor.core.publisher.Mono;

/**
 * A filter like the accounting filters of later issues: it runs around the whole chain and reads the exchange's
 * {@link AiCall} once the call is over.
 */
@TestConfiguration(proxyBeanMethods = false)
class UsageProbe {

  /** Calls by the value of the request's {@value #HEADER} header (a test's own id for its request). */
  static final java.util.Map<String, AiCall> calls = new java.util.concurrent.ConcurrentHashMap<>();

  static final String HEADER = "x-test-call";

  /** The AiCall of the request that carried {@value #HEADER}{@code : <id>}, once it is no longer pending (5 s). */
  static AiCall completed(String id) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline) {
      AiCall call = calls.get(id);
      if (call != null && call.outcome() != AiCall.Outcome.PENDING) {
        return call;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no AI call completed for " + id);
  }

  @Bean
  GlobalFilter usageProbeFilter() {
    return new Probe();
  }

  static final class Probe implements GlobalFilter, Ordered {
    @Override
    public Mono<Void> filter(org.springframework.web.server.ServerWebExchange exchange,
        org.springframework.cloud.gateway.filter.GatewayFilterChain chain) {
      return chain.filter(exchange).doFinally(signal -> {
        AiCall call = AiCall.of(exchange);
        String id = exchange.getRequest().getHeaders().getFirst(HEADER);
        if (call != null && id != null) {
          calls.put(id, call);
        }
      });
    }

    @Override
    public int getOrder() {
      return Ordered.HIGHEST_PRECEDENCE;
    }
  }
}
