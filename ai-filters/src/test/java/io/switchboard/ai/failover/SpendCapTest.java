package io.switchboard.ai.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

final class SpendCapTest {

  private static final long HOUR = 3_600_000_000_000L;

  @Test
  void startsFullAndRefusesWhatIsNotLeft() {
    SpendCap cap = new SpendCap(1.0);
    assertThat(cap.tryTake(0.6, 0)).isTrue();
    assertThat(cap.tryTake(0.6, 0)).as("0.4 left").isFalse();
    assertThat(cap.tryTake(0.4, 0)).isTrue();
    assertThat(cap.available(0)).isCloseTo(0, within(1e-12));
    assertThat(cap.tryTake(0, 0)).as("an unpriced hedge costs nothing known").isTrue();
  }

  @Test
  void refillsAtTheHourlyRateUpToTheCap() {
    SpendCap cap = new SpendCap(2.0);
    cap.tryTake(2.0, 0);
    assertThat(cap.available(HOUR / 4)).isCloseTo(0.5, within(1e-9));
    assertThat(cap.available(3 * HOUR)).as("never more than an hour's worth").isEqualTo(2.0);
    // Over any hour, at most the cap plus what the bucket held at its start is spent.
    SpendCap steady = new SpendCap(1.0);
    double spent = 0;
    for (long t = 0; t <= HOUR; t += HOUR / 3600) {
      while (steady.tryTake(0.001, t)) {
        spent += 0.001;
      }
    }
    assertThat(spent).isBetween(1.9, 2.0 + 1e-9);
  }

  @Test
  void whatWasNotSpentComesBack() {
    SpendCap cap = new SpendCap(1.0);
    cap.tryTake(0.75, 0);
    cap.giveBack(0.75, 0);
    assertThat(cap.available(0)).isEqualTo(1.0);
    cap.giveBack(5, 0);
    assertThat(cap.available(0)).as("capped").isEqualTo(1.0);
  }

  @Test
  void theCapMustBePositive() {
    assertThatThrownBy(() -> new SpendCap(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SpendCap(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }
}
