package io.switchboard.ai.cache.bench;

import io.switchboard.ai.Json;
import io.switchboard.ai.cache.BenchAccess;
import io.switchboard.ai.cache.Embedder;
import io.switchboard.ai.cache.EntityGuard;
import io.switchboard.ai.cache.LocalEmbedder;
import io.switchboard.ai.cache.VectorIndex;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The semantic cache's benchmarks (not tests: run by hand, see docs/caching.md):
 * <ol>
 *   <li>quality: hit rate and false-hit share on {@code cache-bench/pairs.tsv} at every threshold, with and without
 *       the entity guard, embeddings by the local all-MiniLM-L6-v2;</li>
 *   <li>latency: the exact path's per-request work (canonical key + lookup + replay), a semantic search over 100k
 *       vectors (IVF), and the embedding itself, as medians of rounds' p50/p99.</li>
 * </ol>
 * {@code java -cp <test classpath> io.switchboard.ai.cache.bench.SemanticCacheBench [quality|latency|all] [rounds]}
 */
public final class SemanticCacheBench {

  record Pair(boolean hit, String kind, String a, String b) {
  }

  public static void main(String[] args) throws Exception {
    String what = args.length > 0 ? args[0] : "all";
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    try (LocalEmbedder embedder = new LocalEmbedder(1)) {
      if (what.equals("quality") || what.equals("all")) {
        quality(embedder);
      }
      if (what.equals("latency") || what.equals("all")) {
        latency(embedder, rounds);
      }
    }
  }

  static List<Pair> pairs() throws IOException {
    List<Pair> pairs = new ArrayList<>();
    try (InputStream in = SemanticCacheBench.class.getResourceAsStream("/cache-bench/pairs.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        pairs.add(new Pair(f[0].equals("hit"), f[1], f[2], f[3]));
      }
    }
    return pairs;
  }

  static void quality(LocalEmbedder embedder) throws IOException {
    List<Pair> pairs = pairs();
    double[] scores = new double[pairs.size()];
    boolean[] guard = new boolean[pairs.size()];
    for (int i = 0; i < pairs.size(); i++) {
      Pair p = pairs.get(i);
      float[] a = embedder.embedNow(p.a());
      float[] b = embedder.embedNow(p.b());
      double s = 0;
      for (int d = 0; d < a.length; d++) {
        s += a[d] * b[d];
      }
      scores[i] = s;
      guard[i] = EntityGuard.sameEntities(p.a(), p.b());
    }
    long positives = pairs.stream().filter(Pair::hit).count();
    System.out.printf(Locale.ROOT, "quality: %d pairs (%d should hit, %d must not)%n", pairs.size(), positives,
        pairs.size() - positives);
    System.out.println("threshold | hit rate (guard) | false hits / hits (guard) | hit rate (no guard) | "
        + "false hits / hits (no guard)");
    double bestRate = 0;
    double bestThreshold = 0;
    for (int t = 60; t <= 98; t++) {
      double threshold = t / 100.0;
      int[] withGuard = count(pairs, scores, guard, threshold, true);
      int[] without = count(pairs, scores, guard, threshold, false);
      double rate = withGuard[0] / (double) positives;
      double falseShare = withGuard[1] / (double) Math.max(1, withGuard[0] + withGuard[1]);
      System.out.printf(Locale.ROOT, "%.2f | %.1f%% | %.2f%% (%d) | %.1f%% | %.2f%% (%d)%n", threshold,
          100 * rate, 100 * falseShare, withGuard[1], 100.0 * without[0] / positives,
          100.0 * without[1] / Math.max(1, without[0] + without[1]), without[1]);
      if (falseShare <= 0.01 && rate > bestRate) {
        bestRate = rate;
        bestThreshold = threshold;
      }
    }
    System.out.printf(Locale.ROOT, "best threshold with false hits <= 1%% of hits: %.2f (hit rate %.1f%%)%n",
        bestThreshold, 100 * bestRate);
    System.out.println("misses the guard let through above 0.80:");
    for (int i = 0; i < pairs.size(); i++) {
      if (!pairs.get(i).hit() && guard[i] && scores[i] >= 0.80) {
        System.out.printf(Locale.ROOT, "  %.3f %s | %s%n", scores[i], pairs.get(i).a(), pairs.get(i).b());
      }
    }
  }

  /** [true hits, false hits] at a threshold. */
  static int[] count(List<Pair> pairs, double[] scores, boolean[] guard, double threshold, boolean useGuard) {
    int hits = 0;
    int falseHits = 0;
    for (int i = 0; i < pairs.size(); i++) {
      boolean served = scores[i] >= threshold && (!useGuard || guard[i]);
      if (served && pairs.get(i).hit()) {
        hits++;
      } else if (served) {
        falseHits++;
      }
    }
    return new int[] {hits, falseHits};
  }

  static void latency(LocalEmbedder embedder, int rounds) {
    // 1. Exact path: canonical key of a request, lookup, replay as JSON (what a hit costs beyond the gateway).
    String body = "{\"model\":\"gpt-4o\",\"max_tokens\":200,\"temperature\":0,\"messages\":[{\"role\":\"system\","
        + "\"content\":\"You are a helpful assistant. Answer briefly.\"},{\"role\":\"user\",\"content\":"
        + "\"Explain the difference between TCP and UDP in a few sentences, with one example each.\"}]}";
    double[][] exact = new double[rounds][];
    for (int r = 0; r < rounds; r++) {
      exact[r] = BenchAccess.exactHitNanos(body, 20_000);
    }
    report("exact hit (key + lookup + JSON replay)", exact, 1e3, "µs");

    // 2. Semantic search over 100k 384-dim unit vectors in one scope (IVF), near-duplicate queries.
    SplittableRandom random = new SplittableRandom(7);
    int n = 100_000;
    int dims = 384;
    VectorIndex index = new VectorIndex(4_096, 1_000_000, Runnable::run, () -> 0);
    float[][] vectors = new float[n][];
    for (int i = 0; i < n; i++) {
      vectors[i] = unit(random, dims);
      index.add("scope", "k" + i, vectors[i], "p", Long.MAX_VALUE);
    }
    double[][] search = new double[rounds][];
    int found = 0;
    int asked = 0;
    for (int r = 0; r < rounds; r++) {
      double[] times = new double[2_000];
      for (int q = 0; q < times.length; q++) {
        int target = random.nextInt(n);
        float[] query = near(vectors[target], random);
        long start = System.nanoTime();
        List<VectorIndex.Match> matches = index.search("scope", query, 0.9, 5);
        times[q] = System.nanoTime() - start;
        asked++;
        found += !matches.isEmpty() && matches.get(0).key().equals("k" + target) ? 1 : 0;
      }
      search[r] = times;
    }
    report("semantic search, 100k entries (IVF)", search, 1e6, "ms");
    System.out.printf(Locale.ROOT, "  recall of the true neighbour: %.2f%%%n", 100.0 * found / asked);

    // 3. Embedding one prompt with the local MiniLM (separately: it runs off the event loop).
    embedder.embedNow("warm up");
    double[][] embed = new double[rounds][];
    for (int r = 0; r < rounds; r++) {
      double[] times = new double[100];
      for (int i = 0; i < times.length; i++) {
        long start = System.nanoTime();
        embedder.embedNow("How do I sort a dictionary by value in Python, number " + i + "?");
        times[i] = System.nanoTime() - start;
      }
      embed[r] = times;
    }
    report("local embedding (all-MiniLM-L6-v2 q, 1 thread)", embed, 1e6, "ms");
  }

  static float[] unit(SplittableRandom random, int dims) {
    float[] v = new float[dims];
    for (int i = 0; i < dims; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return Embedder.normalize(v);
  }

  static float[] near(float[] v, SplittableRandom random) {
    float[] n = v.clone();
    for (int i = 0; i < n.length; i++) {
      n[i] += (float) (random.nextGaussian() * 0.02);
    }
    return Embedder.normalize(n);
  }

  static void report(String what, double[][] rounds, double scale, String unit) {
    double[] p50 = new double[rounds.length];
    double[] p99 = new double[rounds.length];
    for (int r = 0; r < rounds.length; r++) {
      double[] sorted = rounds[r].clone();
      Arrays.sort(sorted);
      p50[r] = sorted[sorted.length / 2];
      p99[r] = sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)];
    }
    Arrays.sort(p50);
    Arrays.sort(p99);
    System.out.printf(Locale.ROOT, "%s: p50 %.3f %s, p99 %.3f %s (medians of %d rounds; p99 per round %s)%n", what,
        p50[p50.length / 2] / scale, unit, p99[p99.length / 2] / scale, unit, rounds.length,
        Arrays.toString(Arrays.stream(p99).map(x -> Math.round(x / scale * 1000) / 1000.0).toArray()));
  }
}
