package io.switchboard.ai.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.switchboard.ai.failover.TargetOrder.Candidate;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

final class TargetOrderTest {

  private static Candidate candidate(int index, double weight) {
    return new Candidate(index, weight, 0, Double.NaN, null);
  }

  private static double firstShare(Strategy strategy, List<Candidate> candidates, int expectedFirst) {
    Random random = new Random(42);
    DoubleSupplier u = random::nextDouble;
    int draws = 10_000;
    int hits = 0;
    for (int i = 0; i < draws; i++) {
      if (TargetOrder.order(strategy, candidates, u).get(0) == expectedFirst) {
        hits++;
      }
    }
    return (double) hits / draws;
  }

  @Test
  void priorityKeepsTheDeclaredOrderWhateverTheWeightsAndLoad() {
    List<Candidate> candidates = List.of(new Candidate(2, 9, 0, 1, 0.1), new Candidate(0, 1, 50, 9000, null),
        new Candidate(1, 5, 3, Double.NaN, 100.0));
    Random random = new Random(7);
    for (int i = 0; i < 100; i++) {
      assertThat(TargetOrder.order(Strategy.PRIORITY, candidates, random::nextDouble)).containsExactly(0, 1, 2);
    }
  }

  @Test
  void weightedDrawFollowsTheWeights() {
    List<Candidate> candidates = List.of(candidate(0, 3), candidate(1, 1));
    assertThat(firstShare(Strategy.WEIGHTED, candidates, 0)).isCloseTo(0.75, within(0.02));
    List<Candidate> three = List.of(candidate(0, 1), candidate(1, 1), candidate(2, 2));
    assertThat(firstShare(Strategy.WEIGHTED, three, 2)).isCloseTo(0.5, within(0.02));
    assertThat(firstShare(Strategy.WEIGHTED, three, 0)).isCloseTo(0.25, within(0.02));
  }

  @Test
  void weightedOrderIsAPermutation() {
    List<Candidate> candidates = List.of(candidate(0, 1), candidate(1, 2), candidate(2, 3), candidate(3, 4));
    Random random = new Random(1);
    for (int i = 0; i < 100; i++) {
      assertThat(TargetOrder.order(Strategy.WEIGHTED, candidates, random::nextDouble))
          .containsExactlyInAnyOrder(0, 1, 2, 3);
    }
    // A random source that returns 0 must not break the order.
    assertThat(TargetOrder.order(Strategy.WEIGHTED, candidates, () -> 0.0)).containsExactlyInAnyOrder(0, 1, 2, 3);
    assertThat(TargetOrder.order(Strategy.WEIGHTED, List.of(), () -> 0.5)).isEmpty();
  }

  @Test
  void leastLatencyScalesTheAverageByLoadAndWeightUnmeasuredFirst() {
    List<Candidate> candidates = List.of(
        new Candidate(0, 1, 0, 100, null), // 100
        new Candidate(1, 1, 2, 30, null), // 30 * 3 = 90
        new Candidate(2, 2, 1, 80, null), // 80 * 2 / 2 = 80
        new Candidate(3, 1, 5, Double.NaN, null)); // not measured yet: first
    assertThat(TargetOrder.order(Strategy.LEAST_LATENCY, candidates, new Random(3)::nextDouble))
        .containsExactly(3, 2, 1, 0);
    // Without load the fastest wins.
    List<Candidate> idle = List.of(new Candidate(0, 1, 0, 100, null), new Candidate(1, 1, 0, 30, null));
    assertThat(TargetOrder.order(Strategy.LEAST_LATENCY, idle, () -> 0.5)).containsExactly(1, 0);
  }

  @Test
  void leastBusyCountsInFlightPerWeight() {
    List<Candidate> candidates = List.of(new Candidate(0, 1, 4, 1, null), new Candidate(1, 2, 4, 1, null),
        new Candidate(2, 1, 0, 9999, null), new Candidate(3, 1, 3, 1, null));
    assertThat(TargetOrder.order(Strategy.LEAST_BUSY, candidates, () -> 0.5)).containsExactly(2, 1, 3, 0);
    assertThat(TargetOrder.order(Strategy.PREFIX_AFFINITY, candidates, () -> 0.5)).containsExactly(2, 1, 3, 0);
  }

  @Test
  void tiesAreSharedByWeight() {
    List<Candidate> idle = List.of(candidate(0, 1), candidate(1, 3));
    assertThat(firstShare(Strategy.LEAST_BUSY, idle, 1)).isCloseTo(0.75, within(0.02));
  }

  @Test
  void costPutsUnpricedTargetsLast() {
    List<Candidate> candidates = List.of(new Candidate(0, 1, 0, 1, 5.0), new Candidate(1, 1, 0, 1, null),
        new Candidate(2, 1, 0, 1, 1.5), new Candidate(3, 1, 0, 1, 3.0), new Candidate(4, 1, 0, 1, null));
    Random random = new Random(11);
    for (int i = 0; i < 50; i++) {
      List<Integer> order = TargetOrder.order(Strategy.COST, candidates, random::nextDouble);
      assertThat(order.subList(0, 3)).containsExactly(2, 3, 0);
      assertThat(order.subList(3, 5)).containsExactlyInAnyOrder(1, 4);
    }
  }
}
