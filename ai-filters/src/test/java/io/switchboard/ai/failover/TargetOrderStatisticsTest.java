package io.switchboard.ai.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.failover.TargetOrder.Candidate;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The weighted draw checked as a distribution, not a point: Pearson's chi-square over the first target and over the
 * (first, second) pair, against the Efraimidis–Spirakis probabilities. Fixed seeds make every run the same; the
 * critical values are those of p = 0.001, so a correct draw passes for virtually every seed, and a draw that is off
 * by a few percent in any cell fails.
 */
final class TargetOrderStatisticsTest {

  private static final double[] WEIGHTS = {5, 3, 1, 1};
  private static final int DRAWS = 40_000;
  /** Chi-square critical values at p = 0.001: 3 and 11 degrees of freedom. */
  private static final double CRITICAL_DF3 = 16.266;
  private static final double CRITICAL_DF11 = 31.264;

  private static List<Candidate> candidates(Strategy strategy) {
    return List.of(new Candidate(0, WEIGHTS[0], 0, 10, 1.0), new Candidate(1, WEIGHTS[1], 0, 10, 1.0),
        new Candidate(2, WEIGHTS[2], 0, 10, 1.0), new Candidate(3, WEIGHTS[3], 0, 10, 1.0));
  }

  static double chiSquare(long[] observed, double[] expectedShare, long n) {
    double chi = 0;
    for (int i = 0; i < observed.length; i++) {
      double expected = expectedShare[i] * n;
      chi += (observed[i] - expected) * (observed[i] - expected) / expected;
    }
    return chi;
  }

  private static double total() {
    double sum = 0;
    for (double w : WEIGHTS) {
      sum += w;
    }
    return sum;
  }

  @Test
  void theFirstTargetIsDrawnInProportionToItsWeight() {
    for (long seed : new long[] {1, 2, 3, 42, 2026}) {
      for (Strategy strategy : List.of(Strategy.WEIGHTED, Strategy.LEAST_BUSY)) { // least-busy: ties by weight
        SplittableRandom random = new SplittableRandom(seed);
        long[] first = new long[WEIGHTS.length];
        for (int i = 0; i < DRAWS; i++) {
          first[TargetOrder.order(strategy, candidates(strategy), random::nextDouble).get(0)]++;
        }
        double[] expected = new double[WEIGHTS.length];
        for (int i = 0; i < WEIGHTS.length; i++) {
          expected[i] = WEIGHTS[i] / total();
        }
        assertThat(chiSquare(first, expected, DRAWS)).as("%s, seed %d: %s", strategy, seed,
            java.util.Arrays.toString(first)).isLessThan(CRITICAL_DF3);
      }
    }
  }

  @Test
  void theFailoverOrderIsAWeightedDrawWithoutReplacement() {
    // P(first i, then j) = w_i / W * w_j / (W - w_i): the second target, where a failure goes, follows weights too.
    int n = WEIGHTS.length;
    double[] expected = new double[n * (n - 1)];
    int cell = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i != j) {
          expected[cell++] = WEIGHTS[i] / total() * WEIGHTS[j] / (total() - WEIGHTS[i]);
        }
      }
    }
    for (long seed : new long[] {7, 8, 9}) {
      SplittableRandom random = new SplittableRandom(seed);
      long[] pairs = new long[n * (n - 1)];
      for (int d = 0; d < DRAWS; d++) {
        List<Integer> order = TargetOrder.order(Strategy.WEIGHTED, candidates(Strategy.WEIGHTED), random::nextDouble);
        int i = order.get(0);
        int j = order.get(1);
        pairs[i * (n - 1) + (j < i ? j : j - 1)]++;
      }
      assertThat(chiSquare(pairs, expected, DRAWS)).as("seed %d: %s", seed, java.util.Arrays.toString(pairs))
          .isLessThan(CRITICAL_DF11);
    }
  }

  @Test
  void theTestDetectsAWrongDistribution() {
    // The same statistic rejects weights off by a little: 5:3:1:1 drawn as 5:3:1.3:0.7 (a 3-point shift).
    SplittableRandom random = new SplittableRandom(1);
    List<Candidate> skewed = List.of(new Candidate(0, 5, 0, 10, 1.0), new Candidate(1, 3, 0, 10, 1.0),
        new Candidate(2, 1.3, 0, 10, 1.0), new Candidate(3, 0.7, 0, 10, 1.0));
    long[] first = new long[4];
    for (int i = 0; i < DRAWS; i++) {
      first[TargetOrder.order(Strategy.WEIGHTED, skewed, random::nextDouble).get(0)]++;
    }
    assertThat(chiSquare(first, new double[] {0.5, 0.3, 0.1, 0.1}, DRAWS)).isGreaterThan(CRITICAL_DF3);
  }
}
