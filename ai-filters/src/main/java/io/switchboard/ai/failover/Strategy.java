package io.switchboard.ai.failover;

import java.util.Locale;

/** How a failover route orders its targets for each request; the first usable one is tried first. */
public enum Strategy {
  /** Random by weight, then the rest by weight (the default). */
  WEIGHTED,
  /** In the order declared. */
  PRIORITY,
  /** Lowest moving average of time to first token, scaled by requests in flight (so a fast target is not swamped). */
  LEAST_LATENCY,
  /** Fewest requests in flight per unit of weight. */
  LEAST_BUSY,
  /** Cheapest by catalog price (input plus output per million tokens); unpriced targets last. */
  COST,
  /** The target whose prompt cache most likely holds this conversation's prefix, balanced against load. */
  PREFIX_AFFINITY;

  public static Strategy parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown failover strategy '" + value
          + "' (expected: weighted, priority, least-latency, least-busy, cost, prefix-affinity)");
    }
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
