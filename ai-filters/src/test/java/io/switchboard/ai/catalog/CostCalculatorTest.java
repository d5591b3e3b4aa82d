package io.switchboard.ai.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.provider.spi.TokenUsage;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

final class CostCalculatorTest {

  private static CatalogEntry model(String provider, String id) {
    return ModelCatalog.bundled().find(provider, id).orElseThrow();
  }

  @Test
  void plainInputAndOutput() {
    // 1,000 x $2.50/M + 500 x $10/M = 0.0025 + 0.005
    BigDecimal cost = CostCalculator.cost(model("openai", "gpt-4o"), TokenUsage.of(1000, 500));
    assertThat(cost).isEqualTo(new BigDecimal("0.007500000000"));
    assertThat(cost.scale()).isGreaterThanOrEqualTo(10);
  }

  @Test
  void cachedTokensUseTheCacheReadPrice() {
    // 600,000 x 0.15 + 400,000 cached x 0.075 + 1 x 0.60, per million
    TokenUsage usage = new TokenUsage(1_000_000, 1, 400_000, 0, 0);
    assertThat(CostCalculator.cost(model("openai", "gpt-4o-mini"), usage))
        .isEqualTo(new BigDecimal("0.120000600000"));
  }

  @Test
  void anthropicCacheReadsAndWrites() {
    // 2,000 x 3 + 6,000 x 0.30 + 2,000 x 3.75 + 1,000 x 15 = 30,300 per million
    TokenUsage usage = new TokenUsage(10_000, 1_000, 6_000, 2_000, 0);
    assertThat(CostCalculator.cost(model("anthropic", "claude-sonnet-4-5"), usage))
        .isEqualTo(new BigDecimal("0.030300000000"));
  }

  @Test
  void reasoningTokensAtTheOutputPriceUnlessBilledSeparately() {
    // o3: 1,000 x 2 + (3,000 non-reasoning + 2,000 reasoning) x 8 = 42,000 per million
    assertThat(CostCalculator.cost(model("openai", "o3"), new TokenUsage(1_000, 5_000, 0, 0, 2_000)))
        .isEqualTo(new BigDecimal("0.042000000000"));
    // sonar-deep-research: 1,000 x 2 + 1,000 x 8 + 4,000 reasoning x 3 = 22,000 per million
    assertThat(CostCalculator.cost(model("perplexity", "sonar-deep-research"),
        new TokenUsage(1_000, 5_000, 0, 0, 4_000))).isEqualTo(new BigDecimal("0.022000000000"));
  }

  @Test
  void missingCachePricesFallBackToTheInputPrice() {
    // gemini-2.5-flash has no cache write price: 100 written tokens at $0.30/M; 7 reasoning-included outputs at $2.50
    TokenUsage usage = new TokenUsage(300, 7, 100, 100, 3);
    // 100 x 0.30 + 100 x 0.03 + 100 x 0.30 + 4 x 2.50 + 3 x 2.50 = 30 + 3 + 30 + 10 + 7.5 = 80.5 per million
    assertThat(CostCalculator.cost(model("gemini", "gemini-2.5-flash"), usage))
        .isEqualTo(new BigDecimal("0.000080500000"));
  }

  @Test
  void tinyPricesStayExact() {
    // gpt-5-nano cached read $0.005/M: 1 token = 0.000000005
    assertThat(CostCalculator.cost(model("openai", "gpt-5-nano"), new TokenUsage(1, 0, 1, 0, 0)))
        .isEqualTo(new BigDecimal("0.000000005000"));
  }

  @Test
  void noUsageCostsNothingAndInconsistentCountsAreClamped() {
    assertThat(CostCalculator.cost(model("openai", "gpt-4o"), TokenUsage.NONE)).isZero();
    // more cached than prompt tokens: uncached clamps to 0, the cached ones are still billed
    assertThat(CostCalculator.cost(model("openai", "gpt-4o"), new TokenUsage(10, 0, 20, 0, 0)))
        .isEqualTo(new BigDecimal("0.000025000000"));
  }
}
