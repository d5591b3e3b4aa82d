package io.switchboard.ai.governance.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.AiCall;
import io.switchboard.ai.catalog.PromptTokens;
import io.switchboard.ai.request.AiRequest;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

/** A hedge attempt that lost its race is charged its prompt at its model's input price, on top of the call's cost. */
class HedgeChargeTest {

  static final String BODY = "{\"model\":\"gpt-4o\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\","
      + "\"content\":\"tell me something about hedged requests\"}]}";

  /** Records what each request was settled to. */
  static final class Recording implements BudgetStore {
    final BudgetStore inner = new InMemoryBudgetStore(Clock.systemUTC());
    final List<BigDecimal> settled = new ArrayList<>();

    @Override
    public Mono<Reservation> reserve(List<Charge> charges, BigDecimal amountUsd, Duration ttl) {
      return inner.reserve(charges, amountUsd, ttl);
    }

    @Override
    public Mono<List<BigDecimal>> settle(String id, List<Charge> charges, BigDecimal actualUsd) {
      settled.add(actualUsd);
      return inner.settle(id, charges, actualUsd);
    }

    @Override
    public Mono<Void> release(String id, List<Charge> charges) {
      return inner.release(id, charges);
    }

    @Override
    public Mono<BigDecimal> reset(String key) {
      return inner.reset(key);
    }
  }

  final Recording store = new Recording();

  GatewayFilter filter() {
    AiBudgetGatewayFilterFactory factory = new AiBudgetGatewayFilterFactory(BudgetPricingTest.READER, store,
        BudgetPricingTest.PRICING, BudgetSubjects.headers("x-switchboard-user", "x-switchboard-team"),
        BudgetAlerts.NONE, Clock.systemUTC(), Duration.ofMinutes(10), Duration.ofSeconds(5));
    AiBudgetGatewayFilterFactory.Limit limit = new AiBudgetGatewayFilterFactory.Limit();
    limit.setName("all");
    limit.setUsd(new BigDecimal("100"));
    AiBudgetGatewayFilterFactory.Config config = new AiBudgetGatewayFilterFactory.Config();
    config.setLimits(List.of(limit));
    return factory.apply(config);
  }

  static MockServerWebExchange exchange() {
    return MockServerWebExchange.from(MockServerHttpRequest.post("/v1/chat/completions")
        .contentType(MediaType.APPLICATION_JSON).body(BODY));
  }

  static GatewayFilterChain call(List<AiCall.Attempt> attempts, BigDecimal cost) {
    return exchange -> {
      AiCall call = new AiCall("a", "gpt-4o", "gpt-4o", false);
      call.recordCost(cost);
      call.recordOutcome(AiCall.Outcome.SUCCESS, 200);
      call.recordAttempts(attempts);
      exchange.getAttributes().put(AiCall.ATTRIBUTE, call);
      return Mono.empty();
    };
  }

  @Test
  void lostHedgesAddTheirPromptAtTheInputPrice() {
    MockServerWebExchange estimate = exchange();
    AiRequest request = BudgetPricingTest.READER.read(estimate).block();
    long prompt = PromptTokens.ofAsync(estimate, request).block();
    BigDecimal cost = new BigDecimal("0.001");

    filter().filter(exchange(), call(List.of(new AiCall.Attempt("a/gpt-4o", "ok", 200, 10, false)), cost)).block();
    filter().filter(exchange(), call(List.of(new AiCall.Attempt("a/gpt-4o", "cancelled", 0, 90, false),
        new AiCall.Attempt("b/gpt-4o", "ok", 200, 40, true)), cost)).block();
    // A lone attempt cancelled by the client (no hedge) is not charged extra.
    filter().filter(exchange(), call(List.of(new AiCall.Attempt("a/gpt-4o", "cancelled", 0, 90, false)), cost))
        .block();

    // gpt-4o: 2.50 USD per million input tokens.
    BigDecimal promptCost = BigDecimal.valueOf(prompt).multiply(new BigDecimal("2.5")).movePointLeft(6);
    assertThat(prompt).isPositive();
    assertThat(store.settled).hasSize(3);
    assertThat(store.settled.get(0)).isEqualByComparingTo(cost);
    assertThat(store.settled.get(1)).isEqualByComparingTo(cost.add(promptCost));
    assertThat(store.settled.get(2)).isEqualByComparingTo(cost);
  }
}
