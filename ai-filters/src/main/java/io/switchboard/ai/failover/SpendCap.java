package io.switchboard.ai.failover;

/**
 * A cap on money spent on something optional (hedges): a bucket of {@code usdPerHour} dollars, full at the start
 * and refilled continuously at that rate, so over any hour at most about {@code usdPerHour} (plus what the bucket
 * held at its start) is spent. Thread-safe; the time is an argument, so tests control it.
 */
public final class SpendCap {

  private final double capacity;
  private final double perNano;
  private double available;
  private long lastNanos;
  private boolean started;

  public SpendCap(double usdPerHour) {
    if (!(usdPerHour > 0) || Double.isInfinite(usdPerHour)) {
      throw new IllegalArgumentException("a spend cap needs a positive amount per hour, got " + usdPerHour);
    }
    this.capacity = usdPerHour;
    this.perNano = usdPerHour / 3.6e12;
  }

  /** Takes {@code usd} if that much is left; spending nothing (an unpriced target) is always allowed. */
  public synchronized boolean tryTake(double usd, long nowNanos) {
    refill(nowNanos);
    if (usd <= 0) {
      return true;
    }
    if (usd > available) {
      return false;
    }
    available -= usd;
    return true;
  }

  /** Returns an amount taken but not spent after all. */
  public synchronized void giveBack(double usd, long nowNanos) {
    refill(nowNanos);
    available = Math.min(capacity, available + Math.max(0, usd));
  }

  /** Dollars left now. */
  public synchronized double available(long nowNanos) {
    refill(nowNanos);
    return available;
  }

  private void refill(long nowNanos) {
    if (!started) {
      started = true;
      lastNanos = nowNanos;
      available = capacity;
      return;
    }
    long elapsed = Math.max(0, nowNanos - lastNanos);
    lastNanos = nowNanos;
    available = Math.min(capacity, available + elapsed * perNano);
  }
}
