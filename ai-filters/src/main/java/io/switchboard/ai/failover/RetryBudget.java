package io.switchboard.ai.failover;

/**
 * Bounds retries (and hedges) to a share of traffic, so a failing provider cannot multiply the load on the rest:
 * every first attempt deposits {@code ratio} of a token, every retry withdraws a whole one, and a floor of
 * {@code minPerSecond} tokens per second keeps low-traffic routes able to retry at all (Finagle's retry budget).
 * Deposits expire after {@code window}, so a quiet hour does not bank a storm's worth of retries. Thread-safe; the
 * time is an argument, so tests control it.
 */
public final class RetryBudget {

  private static final double EPSILON = 1e-9;

  private final double ratio;
  private final double minPerSecond;
  private final long windowNanos;
  private double balance;
  private long lastNanos;
  private boolean started;

  /**
   * @param ratio retries allowed per first attempt (0.2 = at most 20 % extra traffic)
   * @param minPerSecond retries always allowed per second, whatever the traffic
   * @param window how long unused deposits last
   */
  public RetryBudget(double ratio, double minPerSecond, java.time.Duration window) {
    if (ratio < 0 || minPerSecond < 0 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("retry budget needs ratio >= 0, min-per-second >= 0 and a window > 0");
    }
    this.ratio = ratio;
    this.minPerSecond = minPerSecond;
    this.windowNanos = window.toNanos();
  }

  /** A first attempt: adds to the budget. */
  public synchronized void onRequest(long nowNanos) {
    refill(nowNanos);
    balance += ratio;
  }

  /** Takes one retry from the budget if there is one. */
  public synchronized boolean tryRetry(long nowNanos) {
    refill(nowNanos);
    // Deposits are fractions (0.2 ten times is 1.9999999999999998): tolerate the rounding.
    if (balance >= 1 - EPSILON) {
      balance = Math.max(0, balance - 1);
      return true;
    }
    return false;
  }

  /** Tokens available now (for the health endpoint). */
  public synchronized double available(long nowNanos) {
    refill(nowNanos);
    return balance;
  }

  private void refill(long nowNanos) {
    if (!started) {
      started = true;
      lastNanos = nowNanos;
      balance = minPerSecond * windowNanos / 1e9;
      return;
    }
    long elapsed = Math.max(0, nowNanos - lastNanos);
    lastNanos = nowNanos;
    // Deposits decay linearly over the window; the per-second floor refills at its rate.
    balance = Math.max(0, balance - balance * Math.min(1.0, (double) elapsed / windowNanos));
    // At a steady r first attempts per second this settles at (ratio * r + minPerSecond) * window tokens.
    balance += minPerSecond * elapsed / 1e9;
  }
}
