package io.switchboard.ai.observe.billing;

import java.math.BigDecimal;

/**
 * What a dimension value used in one bucket: requests (every request counts, answered, failed, refused or
 * cancelled), tokens (input includes cached reads; output includes reasoning) and cost in US dollars at catalog
 * prices, summed exactly.
 */
public record BillingTotals(long requests, long inputTokens, long outputTokens, long cachedTokens,
    BigDecimal costUsd) {

  public static final BillingTotals ZERO = new BillingTotals(0, 0, 0, 0, BigDecimal.ZERO);

  public BillingTotals plus(BillingTotals other) {
    return new BillingTotals(requests + other.requests, inputTokens + other.inputTokens,
        outputTokens + other.outputTokens, cachedTokens + other.cachedTokens, costUsd.add(other.costUsd));
  }

  /** The cost as plain decimal text without trailing zeros ({@code 0.00042}, {@code 12}). */
  public String costText() {
    BigDecimal stripped = costUsd.stripTrailingZeros();
    return (stripped.signum() == 0 ? BigDecimal.ZERO : stripped).toPlainString();
  }
}
