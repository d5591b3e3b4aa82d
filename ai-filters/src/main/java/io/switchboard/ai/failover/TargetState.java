package io.switchboard.ai.failover;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the gateway knows about one target (a provider and model), shared by every route that uses it: its circuit
 * (Resilience4j's state machine: closed, open with a growing interval, half-open probing), requests in flight,
 * latencies, and until when the provider asked not to be called (Retry-After on a 429).
 */
public final class TargetState {

  private final String key;
  private final CircuitBreaker circuit;
  private final int consecutiveThreshold;
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong notBeforeNanos = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong attempts = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final LatencyStats latency = new LatencyStats(0.2);

  TargetState(String key, CircuitSettings settings) {
    this.key = key;
    this.consecutiveThreshold = settings.consecutiveFailures();
    CircuitBreakerConfig config = CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(settings.windowSize())
        .minimumNumberOfCalls(settings.minimumCalls())
        .failureRateThreshold(settings.failureRatePercent())
        .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
        .waitIntervalFunctionInOpenState(IntervalFunction.ofExponentialBackoff(settings.openBase(), 2.0,
            settings.openMax()))
        // A scheduler moves open circuits to half-open on time, so a target's state can be read without probing.
        .automaticTransitionFromOpenToHalfOpenEnabled(true)
        // The engine decides what counts as a failure; every error it reports is one.
        .recordException(e -> true)
        .build();
    this.circuit = CircuitBreaker.of(key, config);
  }

  /** {@code provider/model}. */
  public String key() {
    return key;
  }

  /** {@code CLOSED}, {@code OPEN}, {@code HALF_OPEN} … as Resilience4j names them. */
  public String circuitState() {
    return circuit.getState().name();
  }

  /** Whether the circuit currently keeps this target out (open and not yet due for a probe, or probing). */
  public boolean ejected() {
    CircuitBreaker.State state = circuit.getState();
    return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
  }

  /**
   * Asks the circuit for a call. In half-open state this takes one of the probe permits; the caller must then
   * report {@link #onSuccess}, {@link #onFailure} or {@link #release}.
   */
  public boolean tryAcquire() {
    return circuit.tryAcquirePermission();
  }

  /** Gives back a permit whose call was abandoned (cancelled, or lost a hedge race). */
  public void release() {
    circuit.releasePermission();
  }

  public void onSuccess(long nanos) {
    consecutiveFailures.set(0);
    circuit.onSuccess(nanos, TimeUnit.NANOSECONDS);
  }

  /** A failure that says something about the target's health (not the client's bad request). */
  public void onFailure(long nanos, ErrorClass error) {
    failures.incrementAndGet();
    circuit.onError(nanos, TimeUnit.NANOSECONDS, new TargetFailure(error));
    if (consecutiveFailures.incrementAndGet() >= consecutiveThreshold
        && circuit.getState() == CircuitBreaker.State.CLOSED) {
      circuit.transitionToOpenState();
    }
  }

  /** Takes the target out now (its credentials or billing are broken): open, with the usual growing interval. */
  public void eject() {
    failures.incrementAndGet();
    if (circuit.getState() != CircuitBreaker.State.OPEN) {
      circuit.transitionToOpenState();
    }
  }

  /** The provider asked not to be called before {@code nanos} (System.nanoTime scale). */
  public void notBefore(long nanos) {
    notBeforeNanos.accumulateAndGet(nanos, Math::max);
  }

  /** Nanos to wait before this target may be called again (0 when it may be called now). */
  public long waitNanos(long nowNanos) {
    long until = notBeforeNanos.get();
    return until == Long.MIN_VALUE ? 0 : Math.max(0, until - nowNanos);
  }

  public int inFlight() {
    return inFlight.get();
  }

  public void started() {
    attempts.incrementAndGet();
    inFlight.incrementAndGet();
  }

  public void finished() {
    inFlight.decrementAndGet();
  }

  public LatencyStats latency() {
    return latency;
  }

  /** Back to a fresh state: circuit closed, counters, latencies and Retry-After forgotten (in-flight kept). */
  public void reset() {
    circuit.reset();
    consecutiveFailures.set(0);
    notBeforeNanos.set(Long.MIN_VALUE);
    attempts.set(0);
    failures.set(0);
    latency.clear();
  }

  /** A read-only view for the health endpoint. */
  public Snapshot snapshot(long nowNanos) {
    CircuitBreaker.Metrics metrics = circuit.getMetrics();
    double ewmaFirst = latency.firstTokenMillis();
    double ewmaTotal = latency.totalMillis();
    return new Snapshot(key, circuitState(), inFlight.get(), attempts.get(), failures.get(),
        metrics.getFailureRate(), consecutiveFailures.get(), Double.isNaN(ewmaFirst) ? null : ewmaFirst,
        Double.isNaN(ewmaTotal) ? null : ewmaTotal, latency.p95FirstTokenMillis() < 0 ? null
        : latency.p95FirstTokenMillis(), Duration.ofNanos(waitNanos(nowNanos)).toMillis());
  }

  /**
   * One target's state as the health endpoint shows it.
   *
   * @param failureRatePercent over the circuit's window; -1 until enough calls were seen
   * @param rateLimitedForMillis how long the provider still asked not to be called
   */
  public record Snapshot(String target, String circuit, int inFlight, long attempts, long failures,
      float failureRatePercent, int consecutiveFailures, Double firstTokenEwmaMillis, Double totalEwmaMillis,
      Long firstTokenP95Millis, long rateLimitedForMillis) {
  }

  /** What the circuit records as a failure; carries only the class, never a provider message. */
  static final class TargetFailure extends RuntimeException {
    TargetFailure(ErrorClass error) {
      super(error.id(), null, false, false);
    }
  }
}
