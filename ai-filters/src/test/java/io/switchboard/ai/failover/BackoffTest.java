package io.switchboard.ai.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

final class BackoffTest {

  private static final DoubleSupplier ZERO = () -> 0.0;
  private static final DoubleSupplier ALMOST_ONE = () -> Math.nextDown(1.0);
  private static final Duration INSTANT = Duration.ZERO;

  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));

  @Test
  void fullJitterBoundsDoublePerRetryUpToTheCap() {
    long[] ceilings = {100, 200, 400, 800, 1000, 1000};
    for (int retry = 1; retry <= ceilings.length; retry++) {
      assertThat(backoff.delay(retry, INSTANT, null, ZERO)).as("retry %d low", retry).isZero();
      assertThat(backoff.delay(retry, INSTANT, null, ALMOST_ONE).toMillis()).as("retry %d high", retry)
          .isEqualTo(ceilings[retry - 1]);
    }
    // Far retries do not overflow the shift.
    assertThat(backoff.delay(64, INSTANT, null, ALMOST_ONE)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.delay(Integer.MAX_VALUE, INSTANT, null, ALMOST_ONE)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void jitterIsUniformWithinTheCeiling() {
    assertThat(backoff.delay(1, INSTANT, null, () -> 0.5)).isEqualTo(Duration.ofMillis(50));
    assertThat(backoff.delay(3, INSTANT, null, () -> 0.25)).isEqualTo(Duration.ofMillis(100));
    // Retry 0 (or less) is treated as the first retry.
    assertThat(backoff.delay(0, INSTANT, null, ALMOST_ONE)).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void theFailedAttemptsDurationIsSubtracted() {
    assertThat(backoff.delay(1, Duration.ofMillis(30), null, () -> 0.5)).isEqualTo(Duration.ofMillis(20));
    assertThat(backoff.delay(4, Duration.ofMillis(300), null, ALMOST_ONE)).isEqualTo(Duration.ofMillis(500));
    // A slow failure already waited long enough: retried at once, never negative.
    assertThat(backoff.delay(1, Duration.ofSeconds(30), null, ALMOST_ONE)).isZero();
  }

  @Test
  void retryAfterWinsWhenLonger() {
    assertThat(backoff.delay(1, INSTANT, Duration.ofSeconds(2), ALMOST_ONE)).isEqualTo(Duration.ofSeconds(2));
    // Even past the cap and regardless of how long the attempt took.
    assertThat(backoff.delay(1, Duration.ofSeconds(5), Duration.ofSeconds(3), ZERO)).isEqualTo(Duration.ofSeconds(3));
    // Shorter than the jittered wait: the backoff stands.
    assertThat(backoff.delay(4, INSTANT, Duration.ofMillis(10), ALMOST_ONE)).isEqualTo(Duration.ofMillis(800));
  }

  @Test
  void zeroBaseNeverWaits() {
    Backoff none = new Backoff(Duration.ZERO, Duration.ZERO);
    assertThat(none.delay(5, INSTANT, null, ALMOST_ONE)).isZero();
  }

  @Test
  void invalidBoundsAreRejected() {
    assertThatThrownBy(() -> new Backoff(Duration.ofMillis(-1), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 <= base <= max");
  }

  @Test
  void parsesRetryAfterSeconds() {
    assertThat(Backoff.parseRetryAfter("2")).isEqualTo(Duration.ofSeconds(2));
    assertThat(Backoff.parseRetryAfter(" 30 ")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Backoff.parseRetryAfter("0")).isEqualTo(Duration.ZERO);
    assertThat(Backoff.parseRetryAfter("1.5")).isEqualTo(Duration.ofMillis(1500));
    // Rounded up, never down to zero.
    assertThat(Backoff.parseRetryAfter("0.0001")).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void rejectsNegativeAndGarbage() {
    assertThat(Backoff.parseRetryAfter(null)).isNull();
    assertThat(Backoff.parseRetryAfter("")).isNull();
    assertThat(Backoff.parseRetryAfter("   ")).isNull();
    assertThat(Backoff.parseRetryAfter("-1")).isNull();
    assertThat(Backoff.parseRetryAfter("NaN")).isNull();
    assertThat(Backoff.parseRetryAfter("soon")).isNull();
    assertThat(Backoff.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isNull();
    assertThat(Backoff.parseRetryAfter("5x")).isNull();
    assertThat(Backoff.parseRetryAfter("s")).isNull();
    assertThat(Backoff.parseRetryAfter("1.2.3s")).isNull();
    assertThat(Backoff.parseRetryAfter("5m3")).isNull();
  }

  @Test
  void parsesGoDurations() {
    assertThat(Backoff.parseRetryAfter("1s")).isEqualTo(Duration.ofSeconds(1));
    assertThat(Backoff.parseRetryAfter("6m0s")).isEqualTo(Duration.ofMinutes(6));
    assertThat(Backoff.parseRetryAfter("20ms")).isEqualTo(Duration.ofMillis(20));
    assertThat(Backoff.parseRetryAfter("1h2m3.5s")).isEqualTo(Duration.ofMillis(3_723_500));
    assertThat(Backoff.parseRetryAfter("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Backoff.parseRetryAfter("0.5s")).isEqualTo(Duration.ofMillis(500));
    assertThat(Backoff.parseRetryAfter("2h")).isEqualTo(Duration.ofHours(2));
  }
}
