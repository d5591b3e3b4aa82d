package io.switchboard.ai.failover;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Orders a route's targets for one request by its {@link Strategy}. Pure: load, latency and prices come in the
 * candidates, randomness from the caller. Ties are broken by weighted random order, so equal targets share load.
 */
public final class TargetOrder {

  /**
   * One target as the strategies see it.
   *
   * @param weight relative share, > 0
   * @param inFlight requests now in flight to it
   * @param firstTokenMillis moving average of time to first token, NaN when not yet measured
   * @param pricePerMillion input plus output price per million tokens, or null when not priced
   */
  public record Candidate(int index, double weight, int inFlight, double firstTokenMillis,
      @Nullable Double pricePerMillion) {
  }

  private TargetOrder() {
  }

  /** Indexes of the candidates, best first. {@code PREFIX_AFFINITY} orders like {@code LEAST_BUSY} here. */
  public static List<Integer> order(Strategy strategy, List<Candidate> candidates, DoubleSupplier random) {
    List<Keyed> keyed = new ArrayList<>(candidates.size());
    for (Candidate c : candidates) {
      // Efraimidis-Spirakis: sorting by u^(1/w) descending draws a weighted random order without replacement.
      double tieBreak = Math.log(Math.max(random.getAsDouble(), Double.MIN_VALUE)) / c.weight();
      keyed.add(new Keyed(c, primary(strategy, c), tieBreak));
    }
    keyed.sort(Comparator.comparingDouble(Keyed::primary).thenComparing(Keyed::tieBreak, Comparator.reverseOrder()));
    List<Integer> order = new ArrayList<>(keyed.size());
    for (Keyed k : keyed) {
      order.add(k.candidate().index());
    }
    return order;
  }

  /** The strategy's score, lower first; 0 for all under {@code WEIGHTED}, so only the weighted draw decides. */
  private static double primary(Strategy strategy, Candidate c) {
    return switch (strategy) {
      case WEIGHTED -> 0;
      case PRIORITY -> c.index();
      // Unmeasured targets score 0 so they are tried, and measured, first.
      case LEAST_LATENCY -> (Double.isNaN(c.firstTokenMillis()) ? 0 : c.firstTokenMillis()) * (c.inFlight() + 1)
          / c.weight();
      case LEAST_BUSY, PREFIX_AFFINITY -> c.inFlight() / c.weight();
      case COST -> c.pricePerMillion() == null ? Double.MAX_VALUE : c.pricePerMillion();
    };
  }

  private record Keyed(Candidate candidate, double primary, double tieBreak) {
  }
}
