package io.switchboard.ai.balance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;

/**
 * Scores candidates by matched prefix share against requests in flight, behind a hard imbalance guard (see
 * {@link PrefixAffinity#rank} for the rule). Ties are broken by load, then by a rotating start, so cold prompts
 * spread like round-robin instead of piling onto the first candidate.
 */
final class AffinityChooser {

  private final BlockIndex index;
  private final PrefixAffinitySettings settings;
  private final AtomicInteger turn = new AtomicInteger();

  AffinityChooser(BlockIndex index, PrefixAffinitySettings settings) {
    this.index = index;
    this.settings = settings;
  }

  /** One candidate's standing: eligible ones first, then by score, load and rotation. */
  record Scored(String key, boolean eligible, double share, int load, double score, int rotation) {

    static final Comparator<Scored> BEST_FIRST = Comparator.comparing((Scored s) -> !s.eligible)
        .thenComparing(s -> s.eligible ? -s.score : s.load)
        .thenComparingInt(Scored::load)
        .thenComparingDouble(s -> -s.share)
        .thenComparingInt(Scored::rotation);
  }

  Scored[] score(List<String> candidates, BlockHashes prompt, ToIntFunction<String> inFlight) {
    int n = candidates.size();
    if (n == 0) {
      throw new IllegalArgumentException("no candidates");
    }
    int[] loads = new int[n];
    long sum = 0;
    int min = Integer.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      loads[i] = Math.max(0, inFlight.applyAsInt(candidates.get(i)));
      sum += loads[i];
      min = Math.min(min, loads[i]);
    }
    double mean = (double) sum / n;
    double limit = mean + Math.max(mean * settings.imbalanceTolerance(), settings.imbalanceSlack());
    int start = Math.floorMod(turn.getAndIncrement(), n);
    Scored[] scored = new Scored[n];
    for (int i = 0; i < n; i++) {
      String key = candidates.get(i);
      double share = prompt.isEmpty() ? 0 : (double) index.matched(key, prompt) / prompt.size();
      // Load relative to the mean: one request more weighs a lot on idle replicas and little on busy ones.
      double score = share - settings.loadWeight() * (loads[i] - min) / (mean + 1);
      scored[i] = new Scored(key, loads[i] <= limit, share, loads[i], score, Math.floorMod(i - start, n));
    }
    return scored;
  }

  String choose(List<String> candidates, BlockHashes prompt, ToIntFunction<String> inFlight) {
    Scored[] scored = score(candidates, prompt, inFlight);
    Scored best = scored[0];
    for (int i = 1; i < scored.length; i++) {
      if (Scored.BEST_FIRST.compare(scored[i], best) < 0) {
        best = scored[i];
      }
    }
    return best.key();
  }

  List<String> rank(List<String> candidates, BlockHashes prompt, ToIntFunction<String> inFlight) {
    Scored[] scored = score(candidates, prompt, inFlight);
    Arrays.sort(scored, Scored.BEST_FIRST);
    List<String> keys = new ArrayList<>(scored.length);
    for (Scored s : scored) {
      keys.add(s.key());
    }
    return keys;
  }
}
