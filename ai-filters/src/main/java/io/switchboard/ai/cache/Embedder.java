package io.switchboard.ai.cache;

import reactor.core.publisher.Mono;

/** Turns a prompt into a unit-length vector for the semantic cache, never blocking the caller's thread. */
public interface Embedder {

  Mono<float[]> embed(String text);

  /** Scales a vector to unit length (in place), so cosine similarity is a dot product. */
  static float[] normalize(float[] vector) {
    double sum = 0;
    for (float v : vector) {
      sum += v * v;
    }
    if (sum > 0) {
      float scale = (float) (1 / Math.sqrt(sum));
      for (int i = 0; i < vector.length; i++) {
        vector[i] *= scale;
      }
    }
    return vector;
  }
}
