package io.switchboard.ai;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.cache.AiSemanticCacheGatewayFilterFactory;
import io.switchboard.ai.governance.budget.AiBudgetGatewayFilterFactory;
import io.switchboard.ai.governance.ratelimit.AiTokenRateLimiterGatewayFilterFactory;
import io.switchboard.ai.guardrails.AiGuardrailsGatewayFilterFactory;
import org.junit.jupiter.api.Test;

/**
 * The order of the AI route filters is fixed, whatever order a route lists them in: positional filters such as
 * {@code AiAuth} (orders 1, 2, …) first, then guardrails (a blocked or redacted request never reaches the cache),
 * the cache (a hit answers before anything is reserved), the rate limiter, and budgets last.
 */
class FilterOrderTest {

  @Test
  void guardrailsThenCacheThenRateLimitThenBudget() {
    assertThat(AiGuardrailsGatewayFilterFactory.ORDER).isGreaterThan(100);
    assertThat(AiGuardrailsGatewayFilterFactory.ORDER).isLessThan(AiSemanticCacheGatewayFilterFactory.ORDER);
    assertThat(AiSemanticCacheGatewayFilterFactory.ORDER).isLessThan(AiTokenRateLimiterGatewayFilterFactory.ORDER);
    assertThat(AiTokenRateLimiterGatewayFilterFactory.ORDER).isLessThan(AiBudgetGatewayFilterFactory.ORDER);
  }
}
