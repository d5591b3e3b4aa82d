package io.switchboard.ai.cache;

import io.switchboard.ai.Json;
import io.switchboard.ai.request.AiRequest;
import io.switchboard.ai.request.Dialect;

/** Package access for {@code bench.SemanticCacheBench}: the exact hit path's work, timed. */
public final class BenchAccess {

  private BenchAccess() {
  }

  /** Nanoseconds per exact hit (key from the request, lookup, JSON replay), {@code n} of them after a warm-up. */
  public static double[] exactHitNanos(String body, int n) {
    MemoryCacheStore store = new MemoryCacheStore(10_000, 256L << 20);
    AiRequest request = CacheRequestTest.request("/v1/chat/completions", body);
    CacheRequest key = CacheRequest.of(request, "route", "vk:1", "", true);
    store.put(key.key(), new CachedAnswer(AnswerCodecTest.COMPLETION, 10, 20, null, "gpt-4o", 0, null, null, null),
        java.time.Duration.ofHours(1)).block();
    double[] times = new double[n];
    for (int warm = 0; warm < 2; warm++) {
      for (int i = 0; i < n; i++) {
        long start = System.nanoTime();
        AiRequest fresh = CacheRequestTest.request("/v1/chat/completions", body);
        CacheRequest k = CacheRequest.of(fresh, "route", "vk:1", "", true);
        CachedAnswer hit = store.getNow(k.key());
        byte[] json = AnswerCodec.toClientJson(hit.completion(), Dialect.OPENAI, "gpt-4o", "chatcmpl-1", 1);
        times[i] = System.nanoTime() - start;
        if (json.length == 0) {
          throw new IllegalStateException();
        }
      }
    }
    return times;
  }
}
