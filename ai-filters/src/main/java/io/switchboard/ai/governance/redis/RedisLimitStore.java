package io.switchboard.ai.governance.redis;

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
 * Buckets in Redis, shared by every instance with the same Redis and key prefix. Three Lua scripts, each one atomic
 * round trip that reads Redis's own clock ({@code TIME}, so instance clocks do not matter): the token bucket (the same
 * greedy refill as the in-memory Bucket4j buckets, one level per period in one hash), concurrent-request leases (a
 * sorted set scored by lease expiry, so a crashed instance's slots come back) and the instance heartbeat (a sorted
 * set of instances seen within {@code instance-ttl}). (Bucket4j's Lettuce proxy was tried first: its
 * compare-and-swap retries under a burst of 150 concurrent requests from three instances exceeded the timeout.)
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

  /**
   * A token bucket: ARGV = amount, mode ({@code try}: take only if it fits; {@code force}: take or give back
   * regardless), then capacity and period (ms) per bandwidth. Returns {consumed, remaining, ms to wait, ms to full}.
   */
  static final String BUCKET = """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local n = tonumber(ARGV[1])
      local force = ARGV[2] == 'force'
      local count = (#ARGV - 2) / 2
      local last = tonumber(redis.call('HGET', KEYS[1], 'ts') or now)
      local elapsed = math.max(0, now - last)
      local levels = {}
      local fits = true
      local wait = 0
      local ttl = 0
      for i = 1, count do
        local cap = tonumber(ARGV[1 + 2 * i])
        local period = tonumber(ARGV[2 + 2 * i])
        local level = tonumber(redis.call('HGET', KEYS[1], 'l' .. i) or cap)
        level = math.min(cap, level + elapsed * cap / period)
        levels[i] = level
        if level < n then
          fits = false
          wait = math.max(wait, math.ceil((n - level) * period / cap))
        end
        if period > ttl then ttl = period end
      end
      local take = fits or force
      local remaining = -1
      local reset = 0
      for i = 1, count do
        local cap = tonumber(ARGV[1 + 2 * i])
        local period = tonumber(ARGV[2 + 2 * i])
        local level = levels[i]
        if take then level = math.min(cap, level - n) end
        redis.call('HSET', KEYS[1], 'l' .. i, tostring(level))
        local floor = math.max(0, math.floor(level))
        if remaining < 0 or floor < remaining then remaining = floor end
        reset = math.max(reset, math.ceil((cap - level) * period / cap))
      end
      redis.call('HSET', KEYS[1], 'ts', now)
      redis.call('PEXPIRE', KEYS[1], ttl)
      return {fits and 1 or 0, remaining, wait, reset}
      """;

  private final Supplier<RedisClient> client;
  private final GovernanceProperties.Redis settings;
  private final String instanceId = UUID.randomUUID().toString();
  private final LocalLimitStore fallback = new LocalLimitStore();
  private final AtomicLong knownInstances = new AtomicLong(1);
  private volatile @Nullable StatefulRedisConnection<String, byte[]> connection;
  private volatile boolean degraded;
  private volatile boolean closed;
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
    if (closed) {
      return;
    }
    try {
      StatefulRedisConnection<String, byte[]> conn = connection;
      if (conn == null) {
        conn = client.get().connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        conn.setTimeout(settings.getTimeout());
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
    if (!degraded && !closed) {
      degraded = true;
      Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
          ? e.getCause() : e;
      log.warn("Redis unreachable for rate limits ({}: {}): each instance now limits alone at 1/{} of every limit "
          + "until Redis answers again", cause.getClass().getSimpleName(), cause.getMessage(), knownInstances.get());
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
    if (degraded || connection == null) {
      return local.get();
    }
    return Mono.fromFuture(remote).timeout(settings.getTimeout()).onErrorResume(e -> {
      unreachable(e);
      return local.get();
    });
  }

  @Override
  public Mono<Probe> consumeRequests(String key, RateLimits limits, long requests) {
    if (!limits.limitsRequests()) {
      return Mono.just(Probe.UNLIMITED);
    }
    return shared(() -> bucket(key, requests, false, requestBands(limits)),
        () -> fallback.consumeRequests(key, share(limits), requests));
  }

  @Override
  public Mono<Probe> consumeTokens(String key, RateLimits limits, long tokens) {
    if (!limits.limitsTokens()) {
      return Mono.just(Probe.UNLIMITED);
    }
    return shared(() -> bucket(key, tokens, false, tokenBands(limits)),
        () -> fallback.consumeTokens(key, share(limits), tokens));
  }

  @Override
  public Mono<Void> adjustTokens(String key, RateLimits limits, long delta) {
    if (!limits.limitsTokens() || delta == 0) {
      return Mono.empty();
    }
    return shared(() -> bucket(key, delta, true, tokenBands(limits)).thenApply(p -> (Void) null),
        () -> fallback.adjustTokens(key, share(limits), delta));
  }

  @Override
  public Mono<Void> returnRequests(String key, RateLimits limits, long requests) {
    if (!limits.limitsRequests()) {
      return Mono.empty();
    }
    return shared(() -> bucket(key, -requests, true, requestBands(limits)).thenApply(p -> (Void) null),
        () -> fallback.returnRequests(key, share(limits), requests));
  }

  private static long[] requestBands(RateLimits limits) {
    return new long[] {limits.requestsPerMinute(), Duration.ofMinutes(1).toMillis()};
  }

  private static long[] tokenBands(RateLimits limits) {
    java.util.List<Long> bands = new java.util.ArrayList<>();
    if (limits.tokensPerMinute() > 0) {
      bands.add(limits.tokensPerMinute());
      bands.add(Duration.ofMinutes(1).toMillis());
    }
    if (limits.tokensPerHour() > 0) {
      bands.add(limits.tokensPerHour());
      bands.add(Duration.ofHours(1).toMillis());
    }
    if (limits.tokensPerDay() > 0) {
      bands.add(limits.tokensPerDay());
      bands.add(Duration.ofDays(1).toMillis());
    }
    return bands.stream().mapToLong(Long::longValue).toArray();
  }

  private CompletableFuture<Probe> bucket(String key, long amount, boolean force, long[] bands) {
    byte[][] args = new byte[2 + bands.length][];
    args[0] = bytes(Long.toString(amount));
    args[1] = bytes(force ? "force" : "try");
    for (int i = 0; i < bands.length; i++) {
      args[2 + i] = bytes(Long.toString(bands[i]));
    }
    return connection.async().<java.util.List<Object>>eval(BUCKET, ScriptOutputType.MULTI, new String[] {key}, args)
        .toCompletableFuture().thenApply(r -> new Probe(((Long) r.get(0)) == 1L, (Long) r.get(1),
            ((Long) r.get(2)) * 1_000_000L, ((Long) r.get(3)) * 1_000_000L));
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

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    closed = true;
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
