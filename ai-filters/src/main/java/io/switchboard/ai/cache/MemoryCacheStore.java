package io.switchboard.ai.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * The in-memory store (Caffeine): bounded by entries and bytes at once (each entry weighs at least
 * {@code maxBytes / maxEntries}, so neither bound can be passed), each entry expiring after its own TTL.
 */
public final class MemoryCacheStore implements CacheStore {

  private record Timed(CachedAnswer answer, long ttlNanos) {
  }

  private final Cache<String, Timed> cache;

  public MemoryCacheStore(long maxEntries, long maxBytes) {
    this(maxEntries, maxBytes, Ticker.systemTicker());
  }

  MemoryCacheStore(long maxEntries, long maxBytes, Ticker ticker) {
    long floor = Math.max(1, maxBytes / Math.max(1, maxEntries));
    this.cache = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((String key, Timed t) -> (int) Math.min(Integer.MAX_VALUE, Math.max(floor, t.answer().weight())))
        .expireAfter(new Expiry<String, Timed>() {
          @Override
          public long expireAfterCreate(String key, Timed value, long currentTime) {
            return value.ttlNanos();
          }

          @Override
          public long expireAfterUpdate(String key, Timed value, long currentTime, long currentDuration) {
            return value.ttlNanos();
          }

          @Override
          public long expireAfterRead(String key, Timed value, long currentTime, long currentDuration) {
            return currentDuration;
          }
        })
        .ticker(ticker)
        .executor(Runnable::run)
        .build();
  }

  @Override
  public Mono<CachedAnswer> get(String key) {
    Timed timed = cache.getIfPresent(key);
    return timed == null ? Mono.empty() : Mono.just(timed.answer());
  }

  /** The entry under a key, without a Mono (the hot path's exact lookup). */
  public CachedAnswer getNow(String key) {
    Timed timed = cache.getIfPresent(key);
    return timed == null ? null : timed.answer();
  }

  @Override
  public Mono<Void> put(String key, CachedAnswer answer, Duration ttl) {
    cache.put(key, new Timed(answer, ttl.toNanos()));
    return Mono.empty();
  }

  public long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }
}
