package io.switchboard.ai.failover;

import java.time.Duration;

/**
 * Passive outlier detection per target: its circuit opens after {@code consecutiveFailures} failures in a row, or
 * when the failure rate over the last {@code windowSize} calls (once {@code minimumCalls} were seen) reaches
 * {@code failureRatePercent}. It stays open for {@code openBase}, doubling on every failed probe up to
 * {@code openMax}; then {@code halfOpenCalls} probe requests decide whether it closes. At most
 * {@code maxEjectionPercent} of a route's targets are ever kept out: past that, the least recently failed are used
 * anyway (a route never ejects itself into a total outage).
 */
public record CircuitSettings(int consecutiveFailures, int windowSize, int minimumCalls, float failureRatePercent,
    Duration openBase, Duration openMax, int halfOpenCalls, int maxEjectionPercent) {

  public static final CircuitSettings DEFAULTS = new CircuitSettings(5, 20, 10, 50f, Duration.ofSeconds(10),
      Duration.ofMinutes(5), 1, 50);

  public CircuitSettings {
    if (consecutiveFailures < 1 || windowSize < 1 || minimumCalls < 1 || failureRatePercent <= 0
        || failureRatePercent > 100 || openBase.isNegative() || openBase.isZero() || openMax.compareTo(openBase) < 0
        || halfOpenCalls < 1 || maxEjectionPercent < 0 || maxEjectionPercent > 100) {
      throw new IllegalArgumentException("invalid circuit settings: " + this);
    }
  }
}
