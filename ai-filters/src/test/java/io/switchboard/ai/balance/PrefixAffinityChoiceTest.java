package io.switchboard.ai.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The chooser's rule (score, guard, ties) and the index's bounds. */
final class PrefixAffinityChoiceTest {

  private static final List<String> REPLICAS = List.of("a", "b", "c", "d");

  private final PrefixAffinity affinity = new PrefixAffinity(new PrefixAffinitySettings(8, 1024, 100, 3, 0.5, 0.25,
      1));
  private final Map<String, Integer> load = new HashMap<>();

  @Test
  void aPromptGoesWhereItsPrefixWasSent() {
    BlockHashes first = affinity.hash("m", "x".repeat(80));
    affinity.record("c", first);
    BlockHashes next = affinity.hash("m", "x".repeat(80) + "y".repeat(40));
    assertThat(affinity.matchedShare("c", next)).isEqualTo(10 / 15.0);
    assertThat(affinity.choose(REPLICAS, next, this::inFlight)).isEqualTo("c");
    load.put("c", 1); // one request more than the others: still within the guard's slack, and worth the cache
    assertThat(affinity.choose(REPLICAS, next, this::inFlight)).isEqualTo("c");
  }

  @Test
  void theGuardSendsAwayFromAnOverloadedReplicaWhateverItHolds() {
    BlockHashes prompt = affinity.hash("m", "x".repeat(80));
    affinity.record("c", prompt);
    load.putAll(Map.of("a", 4, "b", 4, "c", 8, "d", 3)); // mean 4.75, limit 4.75 + max(1.19, 1) = 5.94
    assertThat(affinity.choose(REPLICAS, prompt, this::inFlight)).isEqualTo("d");
    List<String> ranked = affinity.rank(REPLICAS, prompt, this::inFlight);
    assertThat(ranked).startsWith("d").endsWith("c").containsExactlyInAnyOrder("a", "b", "c", "d");
  }

  @Test
  void loadOutweighsASmallMatchButNotALargeOne() {
    BlockHashes prompt = affinity.hash("m", "x".repeat(80));
    affinity.record("a", affinity.hash("m", "x".repeat(8)));  // 1 of 10 blocks
    affinity.record("b", prompt);                               // all 10 blocks
    load.putAll(Map.of("a", 0, "b", 2, "c", 1, "d", 1));        // mean 1, limit 2: b is still eligible
    // a: 0.1 - 0 = 0.1; b: 1.0 - 0.5 × 2 / 2 = 0.5
    assertThat(affinity.choose(REPLICAS, prompt, this::inFlight)).isEqualTo("b");
    load.put("b", 1);
    affinity.forget("b");
    // b forgot everything: a's small match and lower load win
    assertThat(affinity.choose(REPLICAS, prompt, this::inFlight)).isEqualTo("a");
  }

  @Test
  void coldPromptsSpreadOverIdleReplicas() {
    List<String> chosen = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      chosen.add(affinity.choose(REPLICAS, BlockHashes.NONE, this::inFlight));
    }
    assertThat(chosen).containsOnly("a", "b", "c", "d");
    assertThat(chosen.stream().distinct().count()).isEqualTo(4);
  }

  @Test
  void withoutAPromptTheLeastLoadedWins() {
    load.putAll(Map.of("a", 3, "b", 1, "c", 2, "d", 5));
    assertThat(affinity.rank(REPLICAS, BlockHashes.NONE, this::inFlight)).containsExactly("b", "c", "a", "d");
  }

  @Test
  void noCandidatesIsAnError() {
    assertThatThrownBy(() -> affinity.choose(List.of(), BlockHashes.NONE, k -> 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void eachReplicaRemembersAtMostItsCapacityAndLosesTheTailFirst() {
    PrefixAffinity small = new PrefixAffinity(new PrefixAffinitySettings(8, 1024, 10, 3, 0.5, 0.25, 1));
    BlockHashes old = small.hash("m", "o".repeat(80));       // 10 blocks: fills the replica
    small.record("a", old);
    BlockHashes fresh = small.hash("m", "f".repeat(32));     // 4 more: 4 of the old ones must go
    small.record("a", fresh);
    assertThat(small.matchedShare("a", fresh)).isEqualTo(1.0);
    // The old prompt's tail went first, so its first 6 blocks still match.
    assertThat(small.matchedShare("a", old)).isEqualTo(0.6);
  }

  @Test
  void atMostMaxReplicasAreRemembered() {
    BlockHashes prompt = affinity.hash("m", "x".repeat(16));
    for (String key : List.of("a", "b", "c", "d")) {
      affinity.record(key, prompt);
    }
    assertThat(affinity.matchedShare("a", prompt)).isZero(); // the least recently recorded of 4, with room for 3
    assertThat(affinity.matchedShare("d", prompt)).isEqualTo(1.0);
  }

  @Test
  void concurrentChoosersAndRecordersAgree() throws Exception {
    PrefixAffinity affinity = new PrefixAffinity(new PrefixAffinitySettings(8, 1024, 10_000, 16, 0.5, 0.25, 1));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> jobs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        jobs.add(pool.submit(() -> {
          for (int i = 0; i < 2000; i++) {
            BlockHashes prompt = affinity.hash("m", ("t" + thread + "-" + (i % 50) + " ").repeat(20));
            affinity.record(affinity.choose(REPLICAS, prompt, k -> 0), prompt);
          }
        }));
      }
      for (Future<?> job : jobs) {
        job.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    BlockHashes prompt = affinity.hash("m", ("t0-7 ").repeat(20));
    long holders = REPLICAS.stream().filter(r -> affinity.matchedShare(r, prompt) == 1.0).count();
    assertThat(holders).isGreaterThanOrEqualTo(1);
  }

  private int inFlight(String key) {
    return load.getOrDefault(key, 0);
  }
}
