package io.switchboard.ai.failover;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code ai.resilience.*}: the defaults of every AI route's retries, timeouts, circuit breaking and hedging. An
 * {@code AiFailover} route overrides any of them in its arguments (same names); an {@code AiProvider} or
 * {@code ai://} route uses them with {@code single-target-attempts}.
 */
public class ResilienceProperties {

  /** Timeouts; per route and per target overridable. */
  private Timeouts timeouts = new Timeouts();
  /** Interval of SSE keep-alive comments while a stream is silent; 0 for none. */
  private Duration keepAlive = Duration.ofSeconds(15);
  /** Attempts per request on an {@code AiFailover} route, across all its targets. */
  private int maxAttempts = 3;
  /** Attempts per request on a single-provider route ({@code AiProvider}, {@code ai://}): 1 means no retries. */
  private int singleTargetAttempts = 1;
  private BackoffProperties backoff = new BackoffProperties();
  /** The longest provider-requested wait (Retry-After) the gateway sits out; longer ones fail over or answer. */
  private Duration maxRetryAfter = Duration.ofSeconds(20);
  private RetryBudgetProperties retryBudget = new RetryBudgetProperties();
  private CircuitProperties circuit = new CircuitProperties();
  /** Share of least-latency requests sent in weighted order, so slow targets get re-measured. */
  private double leastLatencyExplore = 0.05;
  /**
   * Error class to action ({@code rate-limited: retry}, …); see docs/routing.md. Not {@code on}: YAML reads that
   * key as the boolean {@code true}.
   */
  private Map<String, String> onError = new LinkedHashMap<>();

  public Timeouts getTimeouts() {
    return timeouts;
  }

  public void setTimeouts(Timeouts timeouts) {
    this.timeouts = timeouts;
  }

  public Duration getKeepAlive() {
    return keepAlive;
  }

  public void setKeepAlive(Duration keepAlive) {
    this.keepAlive = keepAlive;
  }

  public int getMaxAttempts() {
    return maxAttempts;
  }

  public void setMaxAttempts(int maxAttempts) {
    this.maxAttempts = maxAttempts;
  }

  public int getSingleTargetAttempts() {
    return singleTargetAttempts;
  }

  public void setSingleTargetAttempts(int singleTargetAttempts) {
    this.singleTargetAttempts = singleTargetAttempts;
  }

  public BackoffProperties getBackoff() {
    return backoff;
  }

  public void setBackoff(BackoffProperties backoff) {
    this.backoff = backoff;
  }

  public Duration getMaxRetryAfter() {
    return maxRetryAfter;
  }

  public void setMaxRetryAfter(Duration maxRetryAfter) {
    this.maxRetryAfter = maxRetryAfter;
  }

  public RetryBudgetProperties getRetryBudget() {
    return retryBudget;
  }

  public void setRetryBudget(RetryBudgetProperties retryBudget) {
    this.retryBudget = retryBudget;
  }

  public CircuitProperties getCircuit() {
    return circuit;
  }

  public void setCircuit(CircuitProperties circuit) {
    this.circuit = circuit;
  }

  public double getLeastLatencyExplore() {
    return leastLatencyExplore;
  }

  public void setLeastLatencyExplore(double leastLatencyExplore) {
    this.leastLatencyExplore = leastLatencyExplore;
  }

  public Map<String, String> getOnError() {
    return onError;
  }

  public void setOnError(Map<String, String> onError) {
    this.onError = onError;
  }

  /** Timeouts. Null fields inherit (target from route, route from {@code ai.resilience}, connect/idle from the provider). */
  public static class Timeouts {
    /** Connecting to the provider; default: the provider's {@code connect-timeout}. */
    private @Nullable Duration connect;
    /** Longest silence between two reads of the response; default: the provider's {@code response-timeout}. */
    private @Nullable Duration idle;
    /** From sending the request to the answer's first output (its whole body for JSON answers). */
    private @Nullable Duration firstToken;
    /** The whole exchange, retries, waits and streaming included. */
    private @Nullable Duration total;

    public @Nullable Duration getConnect() {
      return connect;
    }

    public void setConnect(@Nullable Duration connect) {
      this.connect = connect;
    }

    public @Nullable Duration getIdle() {
      return idle;
    }

    public void setIdle(@Nullable Duration idle) {
      this.idle = idle;
    }

    public @Nullable Duration getFirstToken() {
      return firstToken;
    }

    public void setFirstToken(@Nullable Duration firstToken) {
      this.firstToken = firstToken;
    }

    public @Nullable Duration getTotal() {
      return total;
    }

    public void setTotal(@Nullable Duration total) {
      this.total = total;
    }
  }

  /** Exponential backoff with full jitter between retries of one target. */
  public static class BackoffProperties {
    private Duration base = Duration.ofMillis(250);
    private Duration max = Duration.ofSeconds(8);

    public Duration getBase() {
      return base;
    }

    public void setBase(Duration base) {
      this.base = base;
    }

    public Duration getMax() {
      return max;
    }

    public void setMax(Duration max) {
      this.max = max;
    }
  }

  /** Retries (every attempt after a request's first) allowed as a share of requests, per route. */
  public static class RetryBudgetProperties {
    private double ratio = 0.2;
    private double minPerSecond = 5;
    private Duration window = Duration.ofSeconds(10);

    public double getRatio() {
      return ratio;
    }

    public void setRatio(double ratio) {
      this.ratio = ratio;
    }

    public double getMinPerSecond() {
      return minPerSecond;
    }

    public void setMinPerSecond(double minPerSecond) {
      this.minPerSecond = minPerSecond;
    }

    public Duration getWindow() {
      return window;
    }

    public void setWindow(Duration window) {
      this.window = window;
    }
  }

  /** Passive outlier detection per target ({@link CircuitSettings}); shared by all routes. */
  public static class CircuitProperties {
    private int consecutiveFailures = 5;
    private int windowSize = 20;
    private int minimumCalls = 10;
    private float failureRatePercent = 50;
    private Duration openBase = Duration.ofSeconds(10);
    private Duration openMax = Duration.ofMinutes(5);
    private int halfOpenCalls = 1;
    private int maxEjectionPercent = 50;

    public CircuitSettings toSettings() {
      return new CircuitSettings(consecutiveFailures, windowSize, minimumCalls, failureRatePercent, openBase,
          openMax, halfOpenCalls, maxEjectionPercent);
    }

    public int getConsecutiveFailures() {
      return consecutiveFailures;
    }

    public void setConsecutiveFailures(int consecutiveFailures) {
      this.consecutiveFailures = consecutiveFailures;
    }

    public int getWindowSize() {
      return windowSize;
    }

    public void setWindowSize(int windowSize) {
      this.windowSize = windowSize;
    }

    public int getMinimumCalls() {
      return minimumCalls;
    }

    public void setMinimumCalls(int minimumCalls) {
      this.minimumCalls = minimumCalls;
    }

    public float getFailureRatePercent() {
      return failureRatePercent;
    }

    public void setFailureRatePercent(float failureRatePercent) {
      this.failureRatePercent = failureRatePercent;
    }

    public Duration getOpenBase() {
      return openBase;
    }

    public void setOpenBase(Duration openBase) {
      this.openBase = openBase;
    }

    public Duration getOpenMax() {
      return openMax;
    }

    public void setOpenMax(Duration openMax) {
      this.openMax = openMax;
    }

    public int getHalfOpenCalls() {
      return halfOpenCalls;
    }

    public void setHalfOpenCalls(int halfOpenCalls) {
      this.halfOpenCalls = halfOpenCalls;
    }

    public int getMaxEjectionPercent() {
      return maxEjectionPercent;
    }

    public void setMaxEjectionPercent(int maxEjectionPercent) {
      this.maxEjectionPercent = maxEjectionPercent;
    }
  }
}
