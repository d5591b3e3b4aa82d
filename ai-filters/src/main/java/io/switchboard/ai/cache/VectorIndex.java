package io.switchboard.ai.cache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The semantic cache's in-process vector index: unit vectors grouped by scope (tenant, route, namespace, model,
 * system prompt… must match exactly, so a search only ever sees its own scope's vectors). A scope with up to
 * {@code exactMax} vectors is searched exhaustively (plain dot products over one flat float array); a larger one
 * gets an IVF index (k-means centroids, about √n of them, built off the caller's thread from a sample; a search
 * scores the centroids and scans the closest {@code probes} lists), rebuilt when the scope has doubled since. New
 * vectors join the nearest list at once. Expired entries are skipped and dropped on the next rebuild.
 */
public final class VectorIndex {

  /** A match: the entry's key, its prompt and the cosine similarity. */
  public record Match(String key, String prompt, double score) {
  }

  private final int exactMax;
  private final int probes;
  private final long maxVectors;
  private final Executor builder;
  private final LongSupplier clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public VectorIndex(int exactMax, long maxVectors, Executor builder, LongSupplier clockMillis) {
    this.exactMax = exactMax;
    this.probes = 12;
    this.maxVectors = maxVectors;
    this.builder = builder;
    this.clock = clockMillis;
  }

  public void add(String scope, String key, float[] vector, String prompt, long expiresAtMillis) {
    if (size() >= maxVectors) {
      return; // the store evicts; the index fills again as entries expire (rebuild compacts)
    }
    buckets.computeIfAbsent(scope, s -> new Bucket(vector.length)).add(key, vector, prompt, expiresAtMillis);
  }

  public void remove(String scope, String key) {
    Bucket bucket = buckets.get(scope);
    if (bucket != null) {
      bucket.remove(key);
    }
  }

  /** The best matches at or above {@code threshold}, best first (at most {@code limit}). */
  public List<Match> search(String scope, float[] query, double threshold, int limit) {
    Bucket bucket = buckets.get(scope);
    return bucket == null ? List.of() : bucket.search(query, threshold, limit);
  }

  public long size() {
    long n = 0;
    for (Bucket b : buckets.values()) {
      n += b.live;
    }
    return n;
  }

  /** Whether every bucket above {@code exactMax} has its IVF index (for benchmarks and tests). */
  public boolean indexed() {
    for (Bucket b : buckets.values()) {
      if (b.live > exactMax && b.ivf == null) {
        return false;
      }
    }
    return true;
  }

  static float dot(float[] a, int aOffset, float[] b, int bOffset, int dims) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int i = 0;
    for (; i + 3 < dims; i += 4) {
      s0 += a[aOffset + i] * b[bOffset + i];
      s1 += a[aOffset + i + 1] * b[bOffset + i + 1];
      s2 += a[aOffset + i + 2] * b[bOffset + i + 2];
      s3 += a[aOffset + i + 3] * b[bOffset + i + 3];
    }
    for (; i < dims; i++) {
      s0 += a[aOffset + i] * b[bOffset + i];
    }
    return s0 + s1 + s2 + s3;
  }

  /** IVF lists: centroids and, per centroid, the positions of its vectors. */
  private record Ivf(int k, float[] centroids, int[][] lists, int[] sizes, int builtAt) {
  }

  private final class Bucket {
    final int dims;
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    float[] data = new float[0];
    String[] keys = new String[0];
    String[] prompts = new String[0];
    long[] expires = new long[0];
    int size;
    volatile int live;
    final Map<String, Integer> positions = new HashMap<>();
    volatile @Nullable Ivf ivf;
    volatile boolean building;

    Bucket(int dims) {
      this.dims = dims;
    }

    void add(String key, float[] vector, String prompt, long expiresAt) {
      if (vector.length != dims) {
        return;
      }
      boolean build;
      lock.writeLock().lock();
      try {
        Integer existing = positions.get(key);
        if (existing != null) {
          expires[existing] = expiresAt;
          return;
        }
        if (size == keys.length) {
          int capacity = Math.max(16, size * 2);
          data = Arrays.copyOf(data, capacity * dims);
          keys = Arrays.copyOf(keys, capacity);
          prompts = Arrays.copyOf(prompts, capacity);
          expires = Arrays.copyOf(expires, capacity);
        }
        System.arraycopy(vector, 0, data, size * dims, dims);
        keys[size] = key;
        prompts[size] = prompt;
        expires[size] = expiresAt;
        positions.put(key, size);
        Ivf current = ivf;
        if (current != null) {
          assign(current, size);
        }
        size++;
        live++;
        build = !building && live > exactMax && (current == null || live >= current.builtAt() * 2);
        if (build) {
          building = true;
        }
      } finally {
        lock.writeLock().unlock();
      }
      if (build) {
        builder.execute(this::rebuild);
      }
    }

    void remove(String key) {
      lock.writeLock().lock();
      try {
        Integer at = positions.remove(key);
        if (at != null) {
          keys[at] = null;
          prompts[at] = null;
          live--;
        }
      } finally {
        lock.writeLock().unlock();
      }
    }

    private void assign(Ivf index, int position) {
      int best = nearest(index, data, position * dims);
      if (index.sizes()[best] == index.lists()[best].length) {
        index.lists()[best] = Arrays.copyOf(index.lists()[best], Math.max(8, index.sizes()[best] * 2));
      }
      index.lists()[best][index.sizes()[best]++] = position;
    }

    private int nearest(Ivf index, float[] vectors, int offset) {
      int best = 0;
      float bestScore = Float.NEGATIVE_INFINITY;
      for (int c = 0; c < index.k(); c++) {
        float s = dot(index.centroids(), c * dims, vectors, offset, dims);
        if (s > bestScore) {
          bestScore = s;
          best = c;
        }
      }
      return best;
    }

    /** Compacts away removed and expired entries, then builds the IVF lists from a k-means over a sample. */
    void rebuild() {
      try {
        long now = clock.getAsLong();
        float[] snapshot;
        int n;
        lock.writeLock().lock();
        try {
          int w = 0;
          for (int r = 0; r < size; r++) {
            if (keys[r] != null && expires[r] > now) {
              if (w != r) {
                System.arraycopy(data, r * dims, data, w * dims, dims);
                keys[w] = keys[r];
                prompts[w] = prompts[r];
                expires[w] = expires[r];
              }
              w++;
            }
          }
          Arrays.fill(keys, w, size, null);
          Arrays.fill(prompts, w, size, null);
          size = w;
          live = w;
          positions.clear();
          for (int i = 0; i < size; i++) {
            positions.put(keys[i], i);
          }
          ivf = null; // positions moved: exact search until the new lists are in
          n = size;
          snapshot = Arrays.copyOf(data, n * dims);
        } finally {
          lock.writeLock().unlock();
        }
        if (n <= exactMax) {
          return;
        }
        Ivf built = kmeans(snapshot, n);
        lock.writeLock().lock();
        try {
          for (int p = n; p < size; p++) {
            if (keys[p] != null) {
              assign(built, p);
            }
          }
          ivf = built;
        } finally {
          lock.writeLock().unlock();
        }
      } finally {
        building = false;
      }
    }

    private Ivf kmeans(float[] vectors, int n) {
      int k = Math.max(2, (int) Math.sqrt(n));
      SplittableRandom random = new SplittableRandom(n);
      int sampleSize = Math.min(n, k * 24);
      int[] sample = new int[sampleSize];
      for (int i = 0; i < sampleSize; i++) {
        sample[i] = sampleSize == n ? i : random.nextInt(n);
      }
      float[] centroids = new float[k * dims];
      for (int c = 0; c < k; c++) {
        System.arraycopy(vectors, sample[random.nextInt(sampleSize)] * dims, centroids, c * dims, dims);
      }
      Ivf index = new Ivf(k, centroids, new int[k][], new int[k], n);
      int[] assignment = new int[sampleSize];
      for (int iteration = 0; iteration < 6; iteration++) {
        for (int i = 0; i < sampleSize; i++) {
          assignment[i] = nearest(index, vectors, sample[i] * dims);
        }
        float[] sums = new float[k * dims];
        int[] counts = new int[k];
        for (int i = 0; i < sampleSize; i++) {
          int c = assignment[i];
          counts[c]++;
          for (int d = 0; d < dims; d++) {
            sums[c * dims + d] += vectors[sample[i] * dims + d];
          }
        }
        for (int c = 0; c < k; c++) {
          if (counts[c] == 0) {
            System.arraycopy(vectors, sample[random.nextInt(sampleSize)] * dims, sums, c * dims, dims);
          }
          float[] one = Arrays.copyOfRange(sums, c * dims, (c + 1) * dims);
          Embedder.normalize(one);
          System.arraycopy(one, 0, centroids, c * dims, dims);
        }
      }
      int[][] lists = new int[k][];
      int[] sizes = new int[k];
      for (int c = 0; c < k; c++) {
        lists[c] = new int[Math.max(8, 2 * n / k)];
      }
      Ivf built = new Ivf(k, centroids, lists, sizes, n);
      for (int p = 0; p < n; p++) {
        int c = nearest(built, vectors, p * dims);
        if (sizes[c] == lists[c].length) {
          lists[c] = Arrays.copyOf(lists[c], sizes[c] * 2);
        }
        lists[c][sizes[c]++] = p;
      }
      return built;
    }

    List<Match> search(float[] query, double threshold, int limit) {
      long now = clock.getAsLong();
      List<Match> matches = new ArrayList<>();
      lock.readLock().lock();
      try {
        Ivf index = ivf;
        if (index == null) {
          for (int p = 0; p < size; p++) {
            consider(p, query, threshold, now, matches);
          }
        } else {
          float[] scores = new float[index.k()];
          Integer[] order = new Integer[index.k()];
          for (int c = 0; c < index.k(); c++) {
            scores[c] = dot(index.centroids(), c * dims, query, 0, dims);
            order[c] = c;
          }
          Arrays.sort(order, Comparator.comparingDouble(c -> -scores[c]));
          for (int i = 0; i < Math.min(probes, index.k()); i++) {
            int c = order[i];
            int[] list = index.lists()[c];
            for (int j = 0; j < index.sizes()[c]; j++) {
              consider(list[j], query, threshold, now, matches);
            }
          }
        }
      } finally {
        lock.readLock().unlock();
      }
      matches.sort(Comparator.comparingDouble(m -> -m.score()));
      return matches.size() > limit ? List.copyOf(matches.subList(0, limit)) : matches;
    }

    private void consider(int p, float[] query, double threshold, long now, List<Match> matches) {
      String key = keys[p];
      if (key == null || expires[p] <= now) {
        return;
      }
      float score = dot(data, p * dims, query, 0, dims);
      if (score >= threshold) {
        matches.add(new Match(key, prompts[p], score));
      }
    }
  }
}
