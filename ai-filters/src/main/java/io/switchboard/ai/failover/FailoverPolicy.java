package io.switchboard.ai.failover;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How one route retries, fails over, times out and hedges. Built from the {@code ai.resilience} defaults and the
 * route's {@code AiFailover} arguments.
 *
 * @param maxAttempts attempts per request, across all targets (first attempt included)
 * @param total the whole exchange's deadline, retries, backoff waits and streaming included
 * @param firstToken longest wait for an attempt's first output (its response for JSON answers)
 * @param keepAlive interval of SSE comments during stream silences; zero for none
 * @param maxRetryAfter longest provider-requested wait the gateway will sit out itself (longer: fail over or
 *     answer the 429)
 * @param explore share of least-latency requests sent in weighted order so slow targets get re-measured
 * @param hedge null when the route does not hedge
 */
public record FailoverPolicy(Strategy strategy, int maxAttempts, Backoff backoff, Duration total,
    Duration firstToken, Duration keepAlive, Duration maxRetryAfter, Map<ErrorClass, FailureAction> actions,
    double explore, @Nullable Hedge hedge) {

  /**
   * Hedging: after {@code delay} (or, when null, the first target's observed p95 time to first token, never below
   * {@code minDelay}) without output, the same request goes to the next target; the first to produce output wins
   * and the other is cancelled. Hedges are capped at {@code maxExtraRatio} of the route's requests and, when
   * {@code maxExtraCostPerHour} is set, at that many US dollars of estimated extra prompt cost per hour.
   */
  public record Hedge(@Nullable Duration delay, Duration minDelay, double maxExtraRatio,
      @Nullable Double maxExtraCostPerHour) {

    public Hedge(@Nullable Duration delay, Duration minDelay, double maxExtraRatio) {
      this(delay, minDelay, maxExtraRatio, null);
    }
  }

  public FailoverPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("max-attempts must be at least 1");
    }
    EnumMap<ErrorClass, FailureAction> all = new EnumMap<>(DEFAULT_ACTIONS);
    all.putAll(actions);
    actions = Map.copyOf(all);
  }

  /** What each error class does unless a route says otherwise. */
  public static final Map<ErrorClass, FailureAction> DEFAULT_ACTIONS = defaults();

  private static Map<ErrorClass, FailureAction> defaults() {
    EnumMap<ErrorClass, FailureAction> map = new EnumMap<>(ErrorClass.class);
    map.put(ErrorClass.RATE_LIMITED, FailureAction.RETRY);
    map.put(ErrorClass.OVERLOADED, FailureAction.RETRY);
    map.put(ErrorClass.SERVER_ERROR, FailureAction.RETRY);
    map.put(ErrorClass.TIMEOUT, FailureAction.RETRY);
    map.put(ErrorClass.CONNECTION, FailureAction.RETRY);
    map.put(ErrorClass.CONTEXT_WINDOW, FailureAction.FAILOVER_LARGER_CONTEXT);
    map.put(ErrorClass.CONTENT_FILTERED, FailureAction.RETURN);
    map.put(ErrorClass.AUTH, FailureAction.EJECT);
    map.put(ErrorClass.BILLING, FailureAction.EJECT);
    map.put(ErrorClass.NOT_FOUND, FailureAction.FAILOVER);
    map.put(ErrorClass.BAD_REQUEST, FailureAction.RETURN);
    return Map.copyOf(map);
  }

  public FailureAction action(ErrorClass error) {
    return actions.get(error);
  }
}
