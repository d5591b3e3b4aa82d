package io.switchboard.ai.routing;

import io.switchboard.ai.failover.FailoverPolicy;
import io.switchboard.ai.failover.RetryBudget;
import io.switchboard.ai.failover.TargetState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * One {@code AiFailover} route as the engine runs it: its targets, its policy, and the budgets and counters that
 * live as long as the route. Put on the exchange under {@link #ATTRIBUTE} by the filter; {@code AiRoutingFilter}
 * then serves the exchange through the failover engine.
 */
public final class FailoverRoute {

  public static final String ATTRIBUTE = FailoverRoute.class.getName();

  /**
   * One target of the route.
   *
   * @param weight relative share under the weighted strategies
   * @param maxConcurrency requests in flight beyond which the target is skipped; 0 for no limit
   * @param firstToken overrides the route's first-token timeout
   * @param total the longest an attempt on this target may run, its stream included; null for the route's total
   * @param pricePerMillion catalog input plus output price, for the cost strategy; null when not priced
   * @param inputPricePerMillion catalog input price, to estimate what a lost hedge cost; null when not priced
   * @param contextWindow the model's context window by the catalog, 0 when unknown
   */
  public record Target(AiTarget target, double weight, int maxConcurrency, @Nullable Duration firstToken,
      @Nullable Duration total, TargetState state, @Nullable Double pricePerMillion, @Nullable Double inputPricePerMillion,
      long contextWindow) {

    /** {@code provider/model} as headers and the health endpoint show it. */
    public String name() {
      return state.key();
    }
  }

  private final String id;
  private final List<Target> targets;
  private final FailoverPolicy policy;
  private final int maxEjectionPercent;
  private final List<String> fallbackModels;
  private final Function<String, Mono<List<Target>>> fallbacks;
  private final RetryBudget retryBudget;
  private final @Nullable RetryBudget hedgeBudget;
  private final io.switchboard.ai.failover.@Nullable SpendCap hedgeSpend;
  private final io.switchboard.ai.balance.@Nullable PrefixAffinity affinity;
  final AtomicLong requests = new AtomicLong();
  final AtomicLong retries = new AtomicLong();
  final AtomicLong retriesDenied = new AtomicLong();
  final AtomicLong hedges = new AtomicLong();
  final AtomicLong hedgeWins = new AtomicLong();
  final AtomicLong hedgesDeniedByCost = new AtomicLong();
  final DoubleAdder hedgeExtraCostUsd = new DoubleAdder();

  /**
   * @param fallbacks the targets serving another route's model, for {@code fallback-models}
   */
  public FailoverRoute(String id, List<Target> targets, FailoverPolicy policy, int maxEjectionPercent,
      RetryBudget retryBudget, List<String> fallbackModels, Function<String, Mono<List<Target>>> fallbacks) {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("a failover route needs at least one target");
    }
    this.id = id;
    this.targets = List.copyOf(targets);
    this.policy = policy;
    this.maxEjectionPercent = maxEjectionPercent;
    this.retryBudget = retryBudget;
    this.fallbackModels = List.copyOf(fallbackModels);
    this.fallbacks = fallbacks;
    this.hedgeBudget = policy.hedge() == null ? null
        : new RetryBudget(policy.hedge().maxExtraRatio(), 0, Duration.ofSeconds(10));
    this.hedgeSpend = policy.hedge() == null || policy.hedge().maxExtraCostPerHour() == null ? null
        : new io.switchboard.ai.failover.SpendCap(policy.hedge().maxExtraCostPerHour());
    // Hosted APIs cache prompts per provider and key: the same chained block hashes as for self-hosted replicas.
    this.affinity = policy.strategy() == io.switchboard.ai.failover.Strategy.PREFIX_AFFINITY
        ? new io.switchboard.ai.balance.PrefixAffinity(io.switchboard.ai.balance.PrefixAffinitySettings.DEFAULTS)
        : null;
  }

  /** The route's prompt-prefix index, for the {@code prefix-affinity} strategy; null under other strategies. */
  io.switchboard.ai.balance.@Nullable PrefixAffinity affinity() {
    return affinity;
  }

  public String id() {
    return id;
  }

  public List<Target> targets() {
    return targets;
  }

  public FailoverPolicy policy() {
    return policy;
  }

  int maxEjectionPercent() {
    return maxEjectionPercent;
  }

  List<String> fallbackModels() {
    return fallbackModels;
  }

  Mono<List<Target>> fallbackTargets(String model) {
    return fallbacks.apply(model);
  }

  RetryBudget retryBudget() {
    return retryBudget;
  }

  @Nullable RetryBudget hedgeBudget() {
    return hedgeBudget;
  }

  /**
   * Whether a hedge whose extra prompt is estimated at {@code usd} may start now: within the hedge budget (a share
   * of requests) and, if the route caps it, within the hedges' spend per hour.
   */
  boolean tryHedge(double usd, long now) {
    if (hedgeBudget == null) {
      return false;
    }
    if (hedgeSpend != null && !hedgeSpend.tryTake(usd, now)) {
      hedgesDeniedByCost.incrementAndGet();
      return false;
    }
    if (!hedgeBudget.tryRetry(now)) {
      if (hedgeSpend != null) {
        hedgeSpend.giveBack(usd, now);
      }
      return false;
    }
    return true;
  }

  /** The route's counters, for the health endpoint. */
  public Stats stats() {
    return new Stats(requests.get(), retries.get(), retriesDenied.get(), hedges.get(), hedgeWins.get(),
        hedgeExtraCostUsd.sum(), hedgesDeniedByCost.get());
  }

  /**
   * @param hedgeExtraCostUsd estimated spend on hedges that lost (their prompt at the target's input price)
   * @param hedgesDeniedByCost hedges not sent because the route's {@code max-extra-cost-per-hour} was spent
   */
  public record Stats(long requests, long retries, long retriesDeniedByBudget, long hedges, long hedgeWins,
      double hedgeExtraCostUsd, long hedgesDeniedByCost) {
  }
}
