package io.switchboard.ai.governance.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.catalog.ModelCatalog;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.request.AiRequest;
import io.switchboard.ai.request.AiRequestReader;
import io.switchboard.ai.request.JsonBodyScanner;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class BudgetPricingTest {

  static final AiRequestReader READER = new AiRequestReader(1 << 20, new JsonBodyScanner(64));
  static final BudgetPricing PRICING = new BudgetPricing(ModelCatalog.bundled(), new BigDecimal("15"),
      new BigDecimal("75"), 4096);

  static BigDecimal maxCost(String path, String body, long prompt) {
    MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post(path)
        .contentType(MediaType.APPLICATION_JSON).body(body));
    AiRequest request = READER.read(exchange).block();
    return PRICING.maxCost(exchange, request, prompt);
  }

  @Test
  void catalogPriceOfThePromptPlusTheRequestedMaximumOutput() {
    // gpt-4o: 2.50 in, 10 out per million: 1000 x 2.5e-6 + 500 x 1e-5
    assertThat(maxCost("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"max_tokens\":500,\"messages\":[]}", 1000))
        .isEqualByComparingTo("0.0075");
    assertThat(maxCost("/v1/chat/completions",
        "{\"model\":\"gpt-4o\",\"max_completion_tokens\":500,\"n\":2,\"messages\":[]}", 1000))
        .isEqualByComparingTo("0.0125");
  }

  @Test
  void withoutARequestedMaximumTheCatalogsMaximumOutputIsReserved() {
    // gpt-4o's maximum output is 16384 tokens.
    assertThat(maxCost("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}", 0))
        .isEqualByComparingTo("0.16384");
  }

  @Test
  void unpricedModelsUseTheFallbackPrices() {
    assertThat(maxCost("/v1/chat/completions", "{\"model\":\"house-model\",\"max_tokens\":100,\"messages\":[]}", 10))
        .isEqualByComparingTo("0.00765"); // 10 x 15e-6 + 100 x 75e-6
    assertThat(maxCost("/v1/chat/completions", "{\"model\":\"house-model\",\"messages\":[]}", 0))
        .isEqualByComparingTo("0.3072"); // 4096 x 75e-6
    assertThat(PRICING.fallbackCost(TokenUsage.of(10, 3))).isEqualByComparingTo("0.000375");
  }

  @Test
  void geminiAndResponsesBoundsAreRead() {
    assertThat(maxCost("/v1beta/models/house-model:generateContent",
        "{\"contents\":[],\"generationConfig\":{\"maxOutputTokens\":10}}", 0)).isEqualByComparingTo("0.00075");
    assertThat(maxCost("/v1/responses", "{\"model\":\"house-model\",\"max_output_tokens\":10,\"input\":\"x\"}", 0))
        .isEqualByComparingTo("0.00075");
  }
}
