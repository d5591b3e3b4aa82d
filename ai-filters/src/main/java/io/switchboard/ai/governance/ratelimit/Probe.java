package io.switchboard.ai.governance.ratelimit;

/**
 * The answer of one bucket to a consumption.
 *
 * @param consumed whether the tokens were taken
 * @param remaining what is left (of the tightest bandwidth)
 * @param nanosToRefill when rejected, how long until the request would fit
 * @param nanosToReset how long until the bucket is full again
 */
public record Probe(boolean consumed, long remaining, long nanosToRefill, long nanosToReset) {

  /** A bucket that does not limit. */
  public static final Probe UNLIMITED = new Probe(true, Long.MAX_VALUE, 0, 0);

  static Probe of(io.github.bucket4j.ConsumptionProbe probe) {
    return new Probe(probe.isConsumed(), Math.max(0, probe.getRemainingTokens()), probe.getNanosToWaitForRefill(),
        probe.getNanosToWaitForReset());
  }
}
