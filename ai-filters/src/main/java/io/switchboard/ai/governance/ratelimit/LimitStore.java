package io.switchboard.ai.governance.ratelimit;

import reactor.core.publisher.Mono;

/**
 * Where the buckets of {@code AiTokenRateLimiter} live: in this instance's memory ({@link LocalLimitStore}) or in
 * Redis, shared by every instance ({@code governance.redis.RedisLimitStore}). Keys are complete (prefix, route,
 * subject); implementations never block.
 */
public interface LimitStore {

  /** Takes {@code tokens} from the bucket {@code key} configured by {@code limits}, when they fit. */
  Mono<Probe> consumeRequests(String key, RateLimits limits, long requests);

  /** Takes {@code tokens} from the token bucket {@code key} when they fit in every period. */
  Mono<Probe> consumeTokens(String key, RateLimits limits, long tokens);

  /**
   * Corrects a token bucket: {@code delta > 0} takes more (even below zero: the call already happened),
   * {@code delta < 0} gives back.
   */
  Mono<Void> adjustTokens(String key, RateLimits limits, long delta);

  /** Gives requests back (a request admitted by the request bucket and then refused by the token bucket). */
  Mono<Void> returnRequests(String key, RateLimits limits, long requests);

  /** Takes one of {@code limit} concurrent slots; {@code lease} identifies it for {@link #release}. */
  Mono<Boolean> acquire(String key, int limit, String lease);

  Mono<Void> release(String key, String lease);

  /** Whether this store currently runs on a fallback (the shared store unreachable). */
  default boolean degraded() {
    return false;
  }
}
