package io.switchboard.ai.failover;

import java.time.Duration;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Exponential backoff with full jitter: before retry {@code n} (1-based) wait a uniformly random time in
 * {@code [0, min(max, base * 2^(n-1))]}, spreading a burst of clients' retries instead of synchronising them.
 * A provider's {@code Retry-After} wins when it asks for longer.
 *
 * <p>The wait is measured from the start of the failed attempt, not its end: an attempt that already took longer
 * than the backoff (a slow timeout) is retried at once, so slow failures are not waited for twice.
 *
 * @param base the first retry's ceiling
 * @param max the ceiling's cap
 */
public record Backoff(Duration base, Duration max) {

  public Backoff {
    if (base.isNegative() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException("backoff needs 0 <= base <= max, got " + base + " and " + max);
    }
  }

  /**
   * How long to wait before retry {@code retry}.
   *
   * @param retry 1 for the first retry
   * @param attemptTook how long the failed attempt ran
   * @param retryAfter what the provider asked for, if anything
   * @param random uniform in [0, 1)
   */
  public Duration delay(int retry, Duration attemptTook, @Nullable Duration retryAfter, DoubleSupplier random) {
    long ceiling = base.toMillis() << Math.min(Math.max(retry - 1, 0), 20);
    ceiling = Math.min(ceiling < 0 ? Long.MAX_VALUE : ceiling, max.toMillis());
    long jittered = (long) (random.getAsDouble() * (ceiling + 1));
    long wait = Math.max(0, jittered - attemptTook.toMillis());
    if (retryAfter != null) {
      wait = Math.max(wait, retryAfter.toMillis());
    }
    return Duration.ofMillis(wait);
  }

  /**
   * A provider's requested wait, from {@code retry-after-ms}, {@code Retry-After} (seconds or an HTTP date is not
   * supported: only seconds, as LLM providers send), or a rate-limit reset header such as OpenAI's
   * {@code x-ratelimit-reset-requests: 1s} / {@code 6m0s} / {@code 20ms}.
   */
  public static @Nullable Duration parseRetryAfter(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    try {
      double seconds = Double.parseDouble(v);
      return seconds < 0 || Double.isNaN(seconds) ? null : Duration.ofMillis((long) Math.ceil(seconds * 1000));
    } catch (NumberFormatException e) {
      return parseGoDuration(v);
    }
  }

  /** Go-style durations as OpenAI's reset headers use: {@code 1h2m3.5s}, {@code 20ms}. */
  static @Nullable Duration parseGoDuration(String v) {
    long millis = 0;
    int i = 0;
    boolean any = false;
    while (i < v.length()) {
      int start = i;
      while (i < v.length() && (Character.isDigit(v.charAt(i)) || v.charAt(i) == '.')) {
        i++;
      }
      if (start == i) {
        return null;
      }
      double number;
      try {
        number = Double.parseDouble(v.substring(start, i));
      } catch (NumberFormatException e) {
        return null;
      }
      int unitStart = i;
      while (i < v.length() && Character.isLetter(v.charAt(i))) {
        i++;
      }
      double factor = switch (v.substring(unitStart, i)) {
        case "h" -> 3_600_000;
        case "m" -> 60_000;
        case "s" -> 1000;
        case "ms" -> 1;
        default -> -1;
      };
      if (factor < 0) {
        return null;
      }
      millis += (long) Math.ceil(number * factor);
      any = true;
    }
    return any ? Duration.ofMillis(millis) : null;
  }
}
