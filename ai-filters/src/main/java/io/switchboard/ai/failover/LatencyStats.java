package io.switchboard.ai.failover;

import java.util.Arrays;

/**
 * One target's observed latencies: exponentially weighted moving averages of the time to first token and of the
 * total time (the {@code least-latency} strategy), and a ring of recent first-token times for the p95 that sizes an
 * adaptive hedge delay. Thread-safe; updates are short critical sections on the calling thread.
 */
public final class LatencyStats {

  private static final int RING = 256;

  /** Weight of each new sample: about the last 10 samples dominate, so a recovering target is noticed quickly. */
  private final double alpha;
  private double firstTokenEwmaMillis = Double.NaN;
  private double totalEwmaMillis = Double.NaN;
  private final long[] ring = new long[RING];
  private int ringSize;
  private int ringNext;
  private long p95Cache = -1;
  private int sinceP95;

  LatencyStats(double alpha) {
    this.alpha = alpha;
  }

  public synchronized void clear() {
    firstTokenEwmaMillis = Double.NaN;
    totalEwmaMillis = Double.NaN;
    ringSize = 0;
    ringNext = 0;
    p95Cache = -1;
    sinceP95 = 0;
  }

  public synchronized void recordFirstToken(long millis) {
    firstTokenEwmaMillis = Double.isNaN(firstTokenEwmaMillis) ? millis
        : firstTokenEwmaMillis + alpha * (millis - firstTokenEwmaMillis);
    ring[ringNext] = millis;
    ringNext = (ringNext + 1) % RING;
    ringSize = Math.min(ringSize + 1, RING);
    sinceP95++;
  }

  public synchronized void recordTotal(long millis) {
    totalEwmaMillis = Double.isNaN(totalEwmaMillis) ? millis : totalEwmaMillis + alpha * (millis - totalEwmaMillis);
  }

  /** A failure counts as a slow sample, so least-latency moves away from a target that fails fast. */
  public synchronized void recordFailure(long penaltyMillis) {
    recordFirstTokenUnsynchronised(penaltyMillis);
  }

  private void recordFirstTokenUnsynchronised(long millis) {
    firstTokenEwmaMillis = Double.isNaN(firstTokenEwmaMillis) ? millis
        : firstTokenEwmaMillis + alpha * (millis - firstTokenEwmaMillis);
  }

  /** EWMA of time to first token in milliseconds, NaN before the first sample. */
  public synchronized double firstTokenMillis() {
    return firstTokenEwmaMillis;
  }

  public synchronized double totalMillis() {
    return totalEwmaMillis;
  }

  public synchronized int samples() {
    return ringSize;
  }

  /** The 95th percentile of recent times to first token, or -1 with fewer than 20 samples. */
  public synchronized long p95FirstTokenMillis() {
    if (ringSize < 20) {
      return -1;
    }
    // Sorting 256 longs costs a few microseconds: recompute every 16 samples, not per request.
    if (p95Cache < 0 || sinceP95 >= 16) {
      long[] copy = Arrays.copyOf(ring, ringSize);
      Arrays.sort(copy);
      p95Cache = copy[(int) Math.ceil(0.95 * ringSize) - 1];
      sinceP95 = 0;
    }
    return p95Cache;
  }
}
