package io.switchboard.ai.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

final class RetryBudgetTest {

  private static final long SECOND = 1_000_000_000L;
  private static final long T0 = 123_456_789L; // nanoTime has an arbitrary origin

  @Test
  void aRatioOfOneFifthAllowsTwoRetriesPerTenRequests() {
    RetryBudget budget = new RetryBudget(0.2, 0, Duration.ofSeconds(10));
    assertThat(budget.tryRetry(T0)).isFalse();
    for (int i = 0; i < 10; i++) {
      budget.onRequest(T0);
    }
    assertThat(budget.available(T0)).isCloseTo(2.0, within(1e-9));
    assertThat(budget.tryRetry(T0)).isTrue();
    assertThat(budget.tryRetry(T0)).isTrue();
    assertThat(budget.tryRetry(T0)).isFalse();
    assertThat(budget.available(T0)).isCloseTo(0.0, within(1e-9));
    // Four more requests are not yet a whole retry; the fifth is.
    for (int i = 0; i < 4; i++) {
      budget.onRequest(T0);
    }
    assertThat(budget.tryRetry(T0)).isFalse();
    budget.onRequest(T0);
    assertThat(budget.tryRetry(T0)).isTrue();
    assertThat(budget.tryRetry(T0)).isFalse();
  }

  @Test
  void theFloorStartsWithAWindowsWorthAndRefillsPerSecond() {
    RetryBudget budget = new RetryBudget(0, 1, Duration.ofSeconds(10));
    assertThat(budget.available(T0)).isCloseTo(10.0, within(1e-9));
    for (int i = 0; i < 10; i++) {
      assertThat(budget.tryRetry(T0)).as("retry %d", i).isTrue();
    }
    assertThat(budget.tryRetry(T0)).isFalse();
    assertThat(budget.tryRetry(T0 + SECOND)).isTrue();
    assertThat(budget.tryRetry(T0 + SECOND)).isFalse();
    assertThat(budget.tryRetry(T0 + SECOND + SECOND / 2)).isFalse();
    // Refilled at about one retry per second (less what decays meanwhile).
    assertThat(budget.available(T0 + 4 * SECOND)).isCloseTo(2.9, within(0.1));
    assertThat(budget.tryRetry(T0 + 4 * SECOND)).isTrue();
    assertThat(budget.tryRetry(T0 + 4 * SECOND)).isTrue();
  }

  @Test
  void theFloorSettlesAtAWindowsWorth() {
    RetryBudget budget = new RetryBudget(0, 2, Duration.ofSeconds(5));
    assertThat(budget.available(T0)).isCloseTo(10.0, within(1e-9));
    // A long quiet stretch in small steps does not bank more than the window's worth.
    for (int s = 1; s <= 600; s++) {
      budget.available(T0 + s * SECOND);
    }
    assertThat(budget.available(T0 + 600 * SECOND)).isCloseTo(10.0, within(0.5));
  }

  @Test
  void depositsDecayOverTheWindow() {
    RetryBudget budget = new RetryBudget(1, 0, Duration.ofSeconds(10));
    for (int i = 0; i < 4; i++) {
      budget.onRequest(T0);
    }
    assertThat(budget.available(T0)).isCloseTo(4.0, within(1e-9));
    assertThat(budget.available(T0 + 5 * SECOND)).isCloseTo(2.0, within(1e-9));
    assertThat(budget.tryRetry(T0 + 5 * SECOND)).isTrue();
    // A whole window later nothing is left.
    assertThat(budget.available(T0 + 15 * SECOND)).isZero();
    assertThat(budget.tryRetry(T0 + 15 * SECOND)).isFalse();
  }

  @Test
  void aClockGoingBackwardsChangesNothing() {
    RetryBudget budget = new RetryBudget(1, 0, Duration.ofSeconds(10));
    budget.onRequest(T0);
    budget.onRequest(T0);
    assertThat(budget.available(T0 - 5 * SECOND)).isCloseTo(2.0, within(1e-9));
  }

  @Test
  void invalidArgumentsAreRejected() {
    assertThatThrownBy(() -> new RetryBudget(-0.1, 0, Duration.ofSeconds(10)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryBudget(0.2, -1, Duration.ofSeconds(10)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryBudget(0.2, 0, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryBudget(0.2, 0, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window > 0");
  }
}
