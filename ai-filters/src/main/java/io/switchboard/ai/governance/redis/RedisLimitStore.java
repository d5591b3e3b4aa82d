package io.switchboard.ai.governance.redis;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.switchboard.ai.governance.GovernanceProperties;
import io.switchboard.ai.governance.ratelimit.LimitStore;
import io.switchboard.ai.governance.ratelimit.LocalLimitStore;
import io.switchboard.ai.governance.ratelimit.Probe;
import io.switchboard.ai.governance.ratelimit.RateLimits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Buckets in Redis, shared by every instance with the same Redis and key prefix: Bucket4j's Lettuce proxy
 * (compare-and-swap on one key per bucket, so a consumption is atomic across instances), and two Lua scripts that
 * read Redis's own clock ({@code TIME}): concurrent-request leases (a sorted set scored by lease expiry, so a crashed
 * instance's slots come back) and the instance heartbeat (a sorted set of instances seen within
 * {@code instance-ttl}).
 *
 * <p>When Redis fails or is slower than {@code timeout}, the instance is <em>degraded</em>: it limits with its own
 * in-memory buckets at its share of every limit (the limit divided by the number of instances last seen through the
 * heartbeat), logs one WARN, adds {@code x-switchboard-ratelimit-degraded: true} to answers and reports the
 * {@code switchboard.ratelimit.degraded} gauge. The heartbeat keeps probing Redis and the instance returns to the
 * shared buckets without a restart (logged once too).
 */
public final class RedisLimitStore implements LimitStore, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RedisLimitStore.class);

  /** Lease of a concurrent slot: a crashed instance's slots expire after this. */
  static final Duration LEASE = Duration.ofMinutes(15);

  static final String HEARTBEAT = """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      redis.call('ZADD', KEYS[1], now, ARGV[1])
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
      redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
      return redis.call('ZCARD', KEYS[1])
      """;

  static final String ACQUIRE = """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
      if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
        redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
        redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
        return 1
      end
      return 0
      """;

  private final Supplier<RedisClient> client;
  private final GovernanceProperties.Redis settings;
  private final String instanceId = UUID.randomUUID().toString();
  private final LocalLimitStore fallback = new LocalLimitStore();
  private final AtomicLong knownInstances = new AtomicLong(1);
  private volatile @Nullable StatefulRedisConnection<String, byte[]> connection;
  private volatile @Nullable AsyncProxyManager<String> buckets;
  private volatile boolean degraded;
  private volatile @Nullable Disposable heartbeat;

  public RedisLimitStore(Supplier<RedisClient> client, GovernanceProperties.Redis settings) {
    this.client = client;
    this.settings = settings;
  }

  /** Connects and starts the heartbeat (off the event loops); never fails: an unreachable Redis means degraded. */
  public void start() {
    heartbeat = Schedulers.boundedElastic().schedulePeriodically(this::beat, 0,
        settings.getHeartbeat().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One heartbeat: connect if needed, announce this instance, count the others, leave or enter degraded mode. */
  void beat() {
    try {
      StatefulRedisConnection<String, byte[]> conn = connection;
      if (conn == null) {
        conn = client.get().connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        conn.setTimeout(settings.getTimeout());
        buckets = Bucket4jLettuce.casBasedBuilder(conn)
            .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                Duration.ofSeconds(10)))
            .build().asAsync();
        connection = conn;
      }
      Long count = conn.async().<Long>eval(HEARTBEAT, ScriptOutputType.INTEGER,
              new String[] {settings.getKeyPrefix() + ":instances"}, bytes(instanceId),
              bytes(Long.toString(settings.getInstanceTtl().toMillis())))
          .get(settings.getTimeout().toMillis(), TimeUnit.MILLISECONDS);
      if (count != null && count > 0) {
        knownInstances.set(count);
      }
      recovered();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      unreachable(e);
    }
  }

  /** Instances seen in the last {@code instance-ttl} (this one included); the divisor of the degraded share. */
  public long knownInstances() {
    return knownInstances.get();
  }

  @Override
  public boolean degraded() {
    return degraded;
  }

  private void unreachable(Throwable e) {
    if (!degraded) {
      degraded = true;
      log.warn("Redis unreachable for rate limits ({}): each instance now limits alone at 1/{} of every limit "
          + "until Redis answers again", e.getClass().getSimpleName(), knownInstances.get());
    }
  }

  private void recovered() {
    if (degraded) {
      degraded = false;
      log.warn("Redis reachable again: rate limits are shared by all {} instances again", knownInstances.get());
    }
  }

  private RateLimits share(RateLimits limits) {
    return limits.dividedBy((int) Math.min(Integer.MAX_VALUE, Math.max(1, knownInstances.get())));
  }

  /** Runs {@code remote} on Redis, or {@code local} when degraded or when Redis fails now. */
  private <T> Mono<T> shared(Supplier<CompletableFuture<T>> remote, Supplier<Mono<T>> local) {
    if (degraded || buckets == null) {
      return local.get();
    }
    return Mono.fromFuture(remote).timeout(settings.getTimeout()).onErrorResume(e -> {
      unreachable(e);
      return local.get();
    });
  }

  @Override
  public Mono<Probe> consumeRequests(String key, RateLimits limits, long requests) {
    BucketConfiguration configuration = limits.requestBucket();
    if (configuration == null) {
      return Mono.just(Probe.UNLIMITED);
    }
    return shared(() -> proxy(key, configuration).tryConsumeAndReturnRemaining(requests)
            .thenApply(RedisLimitStore::probe),
        () -> fallback.consumeRequests(key, share(limits), requests));
  }

  @Override
  public Mono<Probe> consumeTokens(String key, RateLimits limits, long tokens) {
    BucketConfiguration configuration = limits.tokenBucket();
    if (configuration == null) {
      return Mono.just(Probe.UNLIMITED);
    }
    return shared(() -> proxy(key, configuration).tryConsumeAndReturnRemaining(tokens)
            .thenApply(RedisLimitStore::probe),
        () -> fallback.consumeTokens(key, share(limits), tokens));
  }

  @Override
  public Mono<Void> adjustTokens(String key, RateLimits limits, long delta) {
    BucketConfiguration configuration = limits.tokenBucket();
    if (configuration == null || delta == 0) {
      return Mono.empty();
    }
    return shared(() -> delta > 0
            ? proxy(key, configuration).consumeIgnoringRateLimits(delta).thenApply(x -> (Void) null)
            : proxy(key, configuration).addTokens(-delta),
        () -> fallback.adjustTokens(key, share(limits), delta));
  }

  @Override
  public Mono<Void> returnRequests(String key, RateLimits limits, long requests) {
    BucketConfiguration configuration = limits.requestBucket();
    if (configuration == null) {
      return Mono.empty();
    }
    return shared(() -> proxy(key, configuration).addTokens(requests),
        () -> fallback.returnRequests(key, share(limits), requests));
  }

  @Override
  public Mono<Boolean> acquire(String key, int limit, String lease) {
    return shared(() -> {
      StatefulRedisConnection<String, byte[]> conn = connection;
      return conn.async().<Long>eval(ACQUIRE, ScriptOutputType.INTEGER, new String[] {key},
          bytes(Integer.toString(limit)), bytes(lease), bytes(Long.toString(LEASE.toMillis())))
          .toCompletableFuture().thenApply(r -> r != null && r == 1L);
    }, () -> fallback.acquire(key, Math.max(1, (int) (limit / Math.max(1, knownInstances.get()))), lease));
  }

  @Override
  public Mono<Void> release(String key, String lease) {
    // A lease taken from Redis is released there; one taken while degraded, locally (releasing both is harmless).
    Mono<Void> local = fallback.release(key, lease);
    return shared(() -> connection.async().zrem(key, bytes(lease)).toCompletableFuture().thenApply(x -> (Void) null),
        () -> local);
  }

  private io.github.bucket4j.distributed.AsyncBucketProxy proxy(String key, BucketConfiguration configuration) {
    return buckets.builder().build(key, () -> CompletableFuture.completedFuture(configuration));
  }

  private static Probe probe(io.github.bucket4j.ConsumptionProbe probe) {
    return new Probe(probe.isConsumed(), Math.max(0, probe.getRemainingTokens()), probe.getNanosToWaitForRefill(),
        probe.getNanosToWaitForReset());
  }

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    Disposable beat = heartbeat;
    if (beat != null) {
      beat.dispose();
    }
    StatefulRedisConnection<String, byte[]> conn = connection;
    if (conn != null) {
      try {
        conn.sync().zrem(settings.getKeyPrefix() + ":instances", bytes(instanceId));
      } catch (RuntimeException e) {
        log.debug("could not remove this instance from the heartbeat set", e);
      }
      conn.close();
    }
  }
}
