package io.switchboard.ai.governance.budget;

/** Receives budget events for metrics; the default does nothing (Micrometer counters when Micrometer is present). */
public interface BudgetAlerts {

  BudgetAlerts NONE = new BudgetAlerts() {
  };

  /** Spend of {@code budget} crossed {@code threshold} (a fraction of the limit). */
  default void thresholdCrossed(String budget, double threshold) {
  }

  /** A request was refused by {@code budget}. */
  default void refused(String budget) {
  }

  /** The budget store could not be reached; the request was refused (budgets fail closed). */
  default void storeUnavailable() {
  }
}
