package io.switchboard.ai.governance.keys;

import org.jspecify.annotations.Nullable;

/** {@code limits} of a declared key or team: plain data for the rate-limit and budget filters. */
public class DeclaredLimits {
  private @Nullable Long requestsPerMinute;
  private @Nullable Long tokensPerMinute;
  private @Nullable Double budgetUsd;

  public KeyLimits toLimits() {
    return new KeyLimits(requestsPerMinute, tokensPerMinute, budgetUsd);
  }

  public @Nullable Long getRequestsPerMinute() {
    return requestsPerMinute;
  }

  public void setRequestsPerMinute(@Nullable Long requestsPerMinute) {
    this.requestsPerMinute = requestsPerMinute;
  }

  public @Nullable Long getTokensPerMinute() {
    return tokensPerMinute;
  }

  public void setTokensPerMinute(@Nullable Long tokensPerMinute) {
    this.tokensPerMinute = tokensPerMinute;
  }

  public @Nullable Double getBudgetUsd() {
    return budgetUsd;
  }

  public void setBudgetUsd(@Nullable Double budgetUsd) {
    this.budgetUsd = budgetUsd;
  }
}
