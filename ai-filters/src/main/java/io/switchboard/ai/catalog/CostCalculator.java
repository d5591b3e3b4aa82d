package io.switchboard.ai.catalog;

import io.switchboard.ai.provider.spi.TokenUsage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.jspecify.annotations.Nullable;

/**
 * The list-price cost in USD of one call's {@link TokenUsage} for a {@link CatalogEntry}:
 *
 * <pre>
 *   (prompt - cached - cacheWrite) x input
 * + cached                         x (cache_read  or input)
 * + cacheWrite                     x (cache_write or input)
 * + (completion - reasoning)       x output
 * + reasoning                      x (reasoning   or output)
 * </pre>
 *
 * all prices per million tokens. Inconsistent counts (more cached than prompt tokens) are clamped at zero.
 * Per-request fees (web search, Perplexity requests), tiered long-context prices and batch discounts are not modeled.
 */
public final class CostCalculator {

  /** Scale of every returned cost: exact for prices with up to 6 decimals per million tokens. */
  public static final int SCALE = 12;

  private CostCalculator() {
  }

  public static BigDecimal cost(CatalogEntry entry, TokenUsage usage) {
    long cached = Math.max(0, usage.cachedTokens());
    long cacheWrite = Math.max(0, usage.cacheWriteTokens());
    long uncached = Math.max(0, usage.promptTokens() - cached - cacheWrite);
    long reasoning = Math.max(0, usage.reasoningTokens());
    long output = Math.max(0, usage.completionTokens() - reasoning);
    BigDecimal perMillion = times(uncached, entry.inputPerMtok())
        .add(times(cached, orElse(entry.cacheReadPerMtok(), entry.inputPerMtok())))
        .add(times(cacheWrite, orElse(entry.cacheWritePerMtok(), entry.inputPerMtok())))
        .add(times(output, entry.outputPerMtok()))
        .add(times(reasoning, orElse(entry.reasoningPerMtok(), entry.outputPerMtok())));
    return perMillion.movePointLeft(6).setScale(Math.max(SCALE, perMillion.scale() + 6), RoundingMode.UNNECESSARY);
  }

  private static BigDecimal times(long tokens, BigDecimal price) {
    return BigDecimal.valueOf(tokens).multiply(price);
  }

  private static BigDecimal orElse(@Nullable BigDecimal price, BigDecimal fallback) {
    return price != null ? price : fallback;
  }
}
