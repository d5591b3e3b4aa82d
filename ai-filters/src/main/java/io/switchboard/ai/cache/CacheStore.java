package io.switchboard.ai.cache;

import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Where cached answers live: in memory ({@link MemoryCacheStore}) or in Redis ({@link RedisCacheStore}). */
public interface CacheStore {

  /** The entry under a key, or empty. */
  Mono<CachedAnswer> get(String key);

  /** Stores an entry for {@code ttl}. */
  Mono<Void> put(String key, CachedAnswer answer, Duration ttl);

  /**
   * Takes the short lock that makes instances sharing the store coalesce identical requests; {@code true} when
   * this caller leads (always, for a store of one instance).
   */
  default Mono<Boolean> tryLock(String key, Duration ttl) {
    return Mono.just(true);
  }

  /** Whether some instance holds the lock of a key. */
  default Mono<Boolean> locked(String key) {
    return Mono.just(false);
  }

  default Mono<Void> unlock(String key) {
    return Mono.empty();
  }

  /** Whether other instances share the store (their requests coalesce through {@link #tryLock}). */
  default boolean shared() {
    return false;
  }

  /** Entries with vectors stored by other instances since subscription (Redis), for the semantic index. */
  default Flux<Keyed> published() {
    return Flux.empty();
  }

  /** Every stored entry with a vector, to fill a new instance's semantic index. */
  default Flux<Keyed> vectors() {
    return Flux.empty();
  }

  /** An entry with its key. */
  record Keyed(String key, CachedAnswer answer) {
  }
}
