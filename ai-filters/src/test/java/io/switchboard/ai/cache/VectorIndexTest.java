package io.switchboard.ai.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VectorIndexTest {

  static float[] random(SplittableRandom random, int dims) {
    float[] v = new float[dims];
    for (int i = 0; i < dims; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return Embedder.normalize(v);
  }

  static float[] near(float[] v, SplittableRandom random, double noise) {
    float[] n = v.clone();
    for (int i = 0; i < n.length; i++) {
      n[i] += (float) (random.nextGaussian() * noise);
    }
    return Embedder.normalize(n);
  }

  @Test
  void findsTheNearestAboveTheThresholdInItsScopeOnly() {
    VectorIndex index = new VectorIndex(1000, 100_000, Runnable::run, () -> 0);
    SplittableRandom random = new SplittableRandom(1);
    float[] a = random(random, 64);
    index.add("s1", "a", a, "pa", 1000);
    index.add("s1", "b", random(random, 64), "pb", 1000);
    assertThat(index.search("s1", near(a, random, 0.02), 0.9, 5)).extracting(VectorIndex.Match::key)
        .containsExactly("a");
    assertThat(index.search("s2", a, 0.5, 5)).isEmpty();
    assertThat(index.search("s1", random(random, 64), 0.9, 5)).isEmpty();
  }

  @Test
  void expiredAndRemovedEntriesAreNotFound() {
    long[] now = {0};
    VectorIndex index = new VectorIndex(1000, 100_000, Runnable::run, () -> now[0]);
    float[] a = random(new SplittableRandom(2), 32);
    index.add("s", "a", a, "p", 10);
    assertThat(index.search("s", a, 0.9, 1)).hasSize(1);
    now[0] = 10;
    assertThat(index.search("s", a, 0.9, 1)).isEmpty();
    now[0] = 0;
    index.remove("s", "a");
    assertThat(index.search("s", a, 0.9, 1)).isEmpty();
  }

  @Test
  void ivfIndexFindsNearDuplicatesAmongManyVectors() {
    VectorIndex index = new VectorIndex(256, 100_000, Runnable::run, () -> 0);
    SplittableRandom random = new SplittableRandom(3);
    int n = 5_000;
    float[][] vectors = new float[n][];
    for (int i = 0; i < n; i++) {
      vectors[i] = random(random, 48);
      index.add("s", "k" + i, vectors[i], "p", Long.MAX_VALUE);
    }
    assertThat(index.indexed()).isTrue();
    int found = 0;
    for (int i = 0; i < 200; i++) {
      int target = random.nextInt(n);
      var matches = index.search("s", near(vectors[target], random, 0.03), 0.9, 1);
      if (!matches.isEmpty() && matches.get(0).key().equals("k" + target)) {
        found++;
      }
    }
    assertThat(found).as("recall of near-duplicates through the IVF lists").isGreaterThanOrEqualTo(190);
  }
}
