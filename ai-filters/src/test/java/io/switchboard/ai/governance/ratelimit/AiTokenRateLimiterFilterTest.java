package io.switchboard.ai.governance.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.request.AiRequestReader;
import io.switchboard.ai.request.JsonBodyScanner;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

class AiTokenRateLimiterFilterTest {

  final AtomicInteger calls = new AtomicInteger();
  final GatewayFilterChain chain = exchange -> {
    calls.incrementAndGet();
    return Mono.empty();
  };
  final AiTokenRateLimiterGatewayFilterFactory factory = new AiTokenRateLimiterGatewayFilterFactory(
      new LocalLimitStore(), new AiRequestReader(1 << 20, new JsonBodyScanner(64)), null, "test");

  static MockServerWebExchange exchange(String tenant) {
    MockServerHttpRequest.BodyBuilder request = MockServerHttpRequest.post("/v1/chat/completions")
        .contentType(MediaType.APPLICATION_JSON);
    if (tenant != null) {
      request.header("x-tenant", tenant);
    }
    return MockServerWebExchange.from(request.body(
        "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
  }

  GatewayFilter filter(long rpm) {
    return factory.apply(new AiTokenRateLimiterGatewayFilterFactory.Config().setRequestsPerMinute(rpm)
        .setTokensPerMinute(1000).setKeyResolver("header:x-tenant"));
  }

  @Test
  void theChainRunsOnceWhetherLimitedOrNot() {
    GatewayFilter filter = filter(1);
    filter.filter(exchange(null), chain).block();
    assertThat(calls).as("no subject: not limited, chain once").hasValue(1);
    MockServerWebExchange first = exchange("a");
    filter.filter(first, chain).block();
    assertThat(calls).as("limited and admitted: chain once").hasValue(2);
    MockServerWebExchange refused = exchange("a");
    filter.filter(refused, chain).block();
    assertThat(calls).as("refused: chain never").hasValue(2);
    assertThat(refused.getResponse().getStatusCode().value()).isEqualTo(429);
    assertThat(refused.getResponse().getHeaders().getFirst("retry-after")).isNotNull();
    assertThat(refused.getResponse().getHeaders().getFirst("x-ratelimit-remaining-requests")).isEqualTo("0");
  }

  @Test
  void aCallWithoutUsageGivesItsReservationBack() {
    GatewayFilter filter = filter(100);
    for (int i = 0; i < 5; i++) {
      MockServerWebExchange exchange = exchange("b");
      filter.filter(exchange, chain).block();
      assertThat(exchange.getResponse().getStatusCode()).isNull();
    }
    MockServerWebExchange last = exchange("b");
    filter.filter(last, chain).block();
    last.getResponse().setComplete().block();
    long remaining = Long.parseLong(last.getResponse().getHeaders().getFirst("x-ratelimit-remaining-tokens"));
    assertThat(remaining).as("five earlier reservations came back (no AiCall: nothing used)")
        .isGreaterThan(1000 - 2 * 30);
  }
}
