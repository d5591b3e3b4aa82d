package io.switchboard.ai.governance.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/**
 * Buckets in this instance's memory (Bucket4j's lock-free local buckets). Idle buckets are dropped when the map
 * grows past {@code maxKeys} (a bucket full again after its period carries no state).
 */
public final class LocalLimitStore implements LimitStore {

  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final int maxKeys;

  public LocalLimitStore() {
    this(100_000);
  }

  public LocalLimitStore(int maxKeys) {
    this.maxKeys = maxKeys;
  }

  private Bucket bucket(String key, BucketConfiguration configuration) {
    if (buckets.size() >= maxKeys && !buckets.containsKey(key)) {
      buckets.clear();
    }
    return buckets.computeIfAbsent(key, k -> build(configuration));
  }

  private static Bucket build(BucketConfiguration configuration) {
    var builder = Bucket.builder();
    for (var bandwidth : configuration.getBandwidths()) {
      builder.addLimit(bandwidth);
    }
    return builder.build();
  }

  @Override
  public Mono<Probe> consumeRequests(String key, RateLimits limits, long requests) {
    BucketConfiguration configuration = limits.requestBucket();
    if (configuration == null) {
      return Mono.just(Probe.UNLIMITED);
    }
    return Mono.just(Probe.of(bucket(key, configuration).tryConsumeAndReturnRemaining(requests)));
  }

  @Override
  public Mono<Probe> consumeTokens(String key, RateLimits limits, long tokens) {
    BucketConfiguration configuration = limits.tokenBucket();
    if (configuration == null) {
      return Mono.just(Probe.UNLIMITED);
    }
    return Mono.just(Probe.of(bucket(key, configuration).tryConsumeAndReturnRemaining(tokens)));
  }

  @Override
  public Mono<Void> adjustTokens(String key, RateLimits limits, long delta) {
    BucketConfiguration configuration = limits.tokenBucket();
    if (configuration != null && delta != 0) {
      Bucket bucket = bucket(key, configuration);
      if (delta > 0) {
        bucket.consumeIgnoringRateLimits(delta);
      } else {
        bucket.addTokens(-delta);
      }
    }
    return Mono.empty();
  }

  @Override
  public Mono<Void> returnRequests(String key, RateLimits limits, long requests) {
    BucketConfiguration configuration = limits.requestBucket();
    if (configuration != null) {
      bucket(key, configuration).addTokens(requests);
    }
    return Mono.empty();
  }

  @Override
  public Mono<Boolean> acquire(String key, int limit, String lease) {
    AtomicInteger count = inFlight.computeIfAbsent(key, k -> new AtomicInteger());
    while (true) {
      int now = count.get();
      if (now >= limit) {
        return Mono.just(false);
      }
      if (count.compareAndSet(now, now + 1)) {
        return Mono.just(true);
      }
    }
  }

  @Override
  public Mono<Void> release(String key, String lease) {
    AtomicInteger count = inFlight.get(key);
    if (count != null) {
      count.updateAndGet(n -> Math.max(0, n - 1));
    }
    return Mono.empty();
  }
}
