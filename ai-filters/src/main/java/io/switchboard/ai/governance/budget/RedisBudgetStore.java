package io.switchboard.ai.governance.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * A {@link BudgetStore} in Redis, shared by every gateway instance using the same Redis and key prefix. Each
 * operation is one Lua script, so it is atomic over all the budgets of a request; time is the Redis server's
 * ({@code TIME}), never an instance's clock.
 *
 * <p>Per budget key {@code K} (prefixed): a hash {@code K} with {@code spent} and {@code reserved}, a sorted set
 * {@code K:r} of reservation ids by expiry (server time + TTL) and a hash {@code K:a} of their amounts. Every
 * operation first drops the reservations whose time is up and frees their room, so a dead instance's reservations
 * expire. Amounts are integers in nano-USD (reservations and costs rounded up, limits down). Keys of a periodic
 * budget expire a day after the period ends. The scripts touch several keys: use a single Redis (or a Redis Cluster
 * with all keys of a request in one slot, which this store does not arrange).
 */
public final class RedisBudgetStore implements BudgetStore {

  private static final String PURGE = """
      local function purge(k, now)
        local expired = redis.call('ZRANGEBYSCORE', k .. ':r', '-inf', now)
        for _, id in ipairs(expired) do
          local a = redis.call('HGET', k .. ':a', id)
          if a then
            redis.call('HINCRBY', k, 'reserved', '-' .. a)
            redis.call('HDEL', k .. ':a', id)
          end
        end
        if #expired > 0 then redis.call('ZREMRANGEBYSCORE', k .. ':r', '-inf', now) end
      end
      local function keep(k, at)
        if tonumber(at) > 0 then
          redis.call('PEXPIREAT', k, at)
          redis.call('PEXPIREAT', k .. ':r', at)
          redis.call('PEXPIREAT', k .. ':a', at)
        end
      end
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      """;

  /** KEYS: budgets; ARGV: amount, ttl ms, id, then per key: limit, keep-until ms (0: forever). */
  private static final RedisScript<List> RESERVE = RedisScript.of(PURGE + """
      local amount = tonumber(ARGV[1])
      local spent, reserved = {}, {}
      for i = 1, #KEYS do
        purge(KEYS[i], now)
        spent[i] = tonumber(redis.call('HGET', KEYS[i], 'spent') or '0')
        reserved[i] = tonumber(redis.call('HGET', KEYS[i], 'reserved') or '0')
      end
      local out = {0, 0}
      for i = 1, #KEYS do
        if spent[i] + reserved[i] + amount > tonumber(ARGV[2 + 2 * i]) then
          out[2] = i
          for j = 1, #KEYS do
            out[#out + 1] = spent[j]
            out[#out + 1] = reserved[j]
          end
          return out
        end
      end
      out[1] = 1
      for i = 1, #KEYS do
        local k = KEYS[i]
        local r = redis.call('HINCRBY', k, 'reserved', ARGV[1])
        redis.call('ZADD', k .. ':r', now + tonumber(ARGV[2]), ARGV[3])
        redis.call('HSET', k .. ':a', ARGV[3], ARGV[1])
        keep(k, ARGV[3 + 2 * i])
        out[#out + 1] = spent[i]
        out[#out + 1] = r
      end
      return out
      """, List.class);

  /** KEYS: budgets; ARGV: id, actual, then per key: keep-until ms. Returns the spend of each key. */
  private static final RedisScript<List> SETTLE = RedisScript.of(PURGE + """
      local out = {}
      for i = 1, #KEYS do
        local k = KEYS[i]
        purge(k, now)
        local a = redis.call('HGET', k .. ':a', ARGV[1])
        if a then
          redis.call('HDEL', k .. ':a', ARGV[1])
          redis.call('ZREM', k .. ':r', ARGV[1])
          redis.call('HINCRBY', k, 'reserved', '-' .. a)
        end
        out[i] = redis.call('HINCRBY', k, 'spent', ARGV[2])
        keep(k, ARGV[2 + i])
      end
      return out
      """, List.class);

  /** KEYS: budgets; ARGV: id. */
  private static final RedisScript<Long> RELEASE = RedisScript.of(PURGE + """
      for i = 1, #KEYS do
        local k = KEYS[i]
        purge(k, now)
        local a = redis.call('HGET', k .. ':a', ARGV[1])
        if a then
          redis.call('HDEL', k .. ':a', ARGV[1])
          redis.call('ZREM', k .. ':r', ARGV[1])
          redis.call('HINCRBY', k, 'reserved', '-' .. a)
        end
      end
      return 1
      """, Long.class);

  /** KEYS: the budget; returns its spend before it is set to zero (the hash keeps its expiry). */
  private static final RedisScript<Long> RESET = RedisScript.of("""
      local before = tonumber(redis.call('HGET', KEYS[1], 'spent') or '0')
      if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'spent', 0) end
      return before
      """, Long.class);

  /** Keys of a periodic budget are kept this long after the period ends. */
  private static final Duration GRACE = Duration.ofDays(1);

  private final ReactiveStringRedisTemplate redis;
  private final String prefix;

  public RedisBudgetStore(ReactiveStringRedisTemplate redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Mono<Reservation> reserve(List<Charge> charges, BigDecimal amountUsd, Duration ttl) {
    String id = UUID.randomUUID().toString();
    List<String> args = new ArrayList<>();
    args.add(Long.toString(nanos(amountUsd, RoundingMode.CEILING)));
    args.add(Long.toString(Math.max(1, ttl.toMillis())));
    args.add(id);
    for (Charge charge : charges) {
      args.add(Long.toString(nanos(charge.limitUsd(), RoundingMode.FLOOR)));
      args.add(keepUntil(charge));
    }
    return redis.execute(RESERVE, keys(charges), args).next().map(raw -> {
      List<Object> out = (List<Object>) raw;
      boolean admitted = number(out.get(0)) == 1;
      List<Standing> standings = new ArrayList<>();
      for (int i = 2; i + 1 < out.size(); i += 2) {
        standings.add(new Standing(usd(number(out.get(i))), usd(number(out.get(i + 1)))));
      }
      return new Reservation(admitted ? id : null, admitted ? -1 : (int) number(out.get(1)) - 1,
          List.copyOf(standings));
    });
  }

  @Override
  @SuppressWarnings("unchecked")
  public Mono<List<BigDecimal>> settle(String id, List<Charge> charges, BigDecimal actualUsd) {
    List<String> args = new ArrayList<>();
    args.add(id);
    args.add(Long.toString(nanos(actualUsd, RoundingMode.CEILING)));
    charges.forEach(c -> args.add(keepUntil(c)));
    return redis.execute(SETTLE, keys(charges), args).next()
        .map(raw -> ((List<Object>) raw).stream().map(o -> usd(number(o))).toList());
  }

  @Override
  public Mono<Void> release(String id, List<Charge> charges) {
    return redis.execute(RELEASE, keys(charges), List.of(id)).then();
  }

  @Override
  public Mono<BigDecimal> reset(String key) {
    return redis.execute(RESET, List.of(prefix + key), List.of()).next().map(RedisBudgetStore::usd);
  }

  /** A budget's counters (after dropping expired reservations is not needed for reading: for tests). */
  public Mono<Standing> standing(String key) {
    return redis.<String, String>opsForHash().multiGet(prefix + key, List.of("spent", "reserved"))
        .map(values -> new Standing(usd(parse(values.get(0))), usd(parse(values.get(1)))));
  }

  private List<String> keys(List<Charge> charges) {
    return charges.stream().map(c -> prefix + c.key()).toList();
  }

  private static String keepUntil(Charge charge) {
    Instant resetsAt = charge.resetsAt();
    return resetsAt == null ? "0" : Long.toString(resetsAt.plus(GRACE).toEpochMilli());
  }

  static long nanos(BigDecimal usd, RoundingMode rounding) {
    return usd.movePointRight(9).setScale(0, rounding).longValueExact();
  }

  static BigDecimal usd(long nanos) {
    return BigDecimal.valueOf(nanos, 9);
  }

  private static long parse(String value) {
    return value == null ? 0 : Long.parseLong(value);
  }

  private static long number(Object o) {
    return o instanceof Number n ? n.longValue() : Long.parseLong(o.toString());
  }
}
