package io.switchboard.ai.observe.billing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The ledger in Redis, shared by every gateway instance using the same Redis and key prefix. One hash per bucket,
 * dimension and period ({@code <prefix>day:team:2026-11-24}), with one field per metric and value
 * ({@code r:<value>} requests, {@code i:} input, {@code o:} output, {@code c:} cached tokens, {@code u:} whole
 * micro-dollars and {@code f:} the rest in units of 10<sup>-18</sup> USD, carried into {@code u:} at 10<sup>12</sup>).
 * Integers only ({@code HINCRBY}), so sums are exact (costs with more than 18 decimals are rounded half-even to 18);
 * a batch of records is one Lua script, atomic, and every hash expires at the end of its bucket plus the bucket's
 * retention. The script touches several keys: use a single Redis (or a Cluster with the keys in one slot, which this
 * store does not arrange).
 */
public final class RedisBillingStore implements BillingStore {

  /** KEYS: hashes; ARGV per key: expire-at ms, pair count n, then n pairs of field and increment. */
  private static final RedisScript<Long> ADD = RedisScript.of("""
      local p = 1
      for i = 1, #KEYS do
        local k = KEYS[i]
        local at = ARGV[p]
        local n = tonumber(ARGV[p + 1])
        p = p + 2
        for j = 1, n do
          local f = ARGV[p]
          local v = redis.call('HINCRBY', k, f, ARGV[p + 1])
          p = p + 2
          if string.sub(f, 1, 2) == 'f:' and v >= 1000000000000 then
            local carry = math.floor(v / 1000000000000)
            redis.call('HINCRBY', k, f, string.format('%.0f', -carry * 1000000000000))
            redis.call('HINCRBY', k, 'u:' .. string.sub(f, 3), string.format('%.0f', carry))
          end
        end
        redis.call('PEXPIREAT', k, at)
      end
      return 1
      """, Long.class);

  private static final BigInteger FRACTION_UNITS = BigInteger.TEN.pow(12);

  private final ReactiveStringRedisTemplate redis;
  private final String prefix;
  private final Map<BillingBucket, Duration> retention;
  private final Duration timeout;

  public RedisBillingStore(ReactiveStringRedisTemplate redis, String prefix, Duration hourRetention,
      Duration dayRetention, Duration timeout) {
    this.redis = redis;
    this.prefix = prefix;
    this.retention = Map.of(BillingBucket.HOUR, hourRetention, BillingBucket.DAY, dayRetention);
    this.timeout = timeout;
  }

  String key(BillingBucket bucket, BillingDimension dimension, Instant start) {
    return prefix + bucket.id() + ":" + dimension.id() + ":" + bucket.label(start);
  }

  @Override
  public void add(Map<BillingCell, BillingTotals> increments) {
    Map<String, List<String>> byKey = new LinkedHashMap<>();
    Map<String, Long> expireAt = new LinkedHashMap<>();
    for (Map.Entry<BillingCell, BillingTotals> e : increments.entrySet()) {
      BillingCell cell = e.getKey();
      String key = key(cell.bucket(), cell.dimension(), cell.start());
      expireAt.put(key, cell.start().plus(cell.bucket().length()).plus(retention.get(cell.bucket())).toEpochMilli());
      List<String> pairs = byKey.computeIfAbsent(key, k -> new ArrayList<>());
      BillingTotals t = e.getValue();
      String v = cell.value();
      put(pairs, "r:" + v, t.requests());
      put(pairs, "i:" + v, t.inputTokens());
      put(pairs, "o:" + v, t.outputTokens());
      put(pairs, "c:" + v, t.cachedTokens());
      BigInteger[] split = split(t.costUsd());
      if (split[0].signum() != 0) {
        pairs.add("u:" + v);
        pairs.add(split[0].toString());
      }
      if (split[1].signum() != 0) {
        pairs.add("f:" + v);
        pairs.add(split[1].toString());
      }
    }
    if (byKey.isEmpty()) {
      return;
    }
    List<String> keys = new ArrayList<>(byKey.keySet());
    List<String> args = new ArrayList<>();
    for (String key : keys) {
      List<String> pairs = byKey.get(key);
      args.add(Long.toString(expireAt.get(key)));
      args.add(Integer.toString(pairs.size() / 2));
      args.addAll(pairs);
    }
    redis.execute(ADD, keys, args).then().block(timeout);
  }

  private static void put(List<String> pairs, String field, long amount) {
    if (amount != 0) {
      pairs.add(field);
      pairs.add(Long.toString(amount));
    }
  }

  /** Whole micro-dollars and the rest in 10^-18 USD (below 10^12). */
  static BigInteger[] split(BigDecimal usd) {
    BigInteger atto = usd.setScale(18, RoundingMode.HALF_EVEN).unscaledValue();
    return atto.divideAndRemainder(FRACTION_UNITS);
  }

  static BigDecimal join(long micro, long fraction) {
    return BigDecimal.valueOf(micro).movePointLeft(6).add(BigDecimal.valueOf(fraction).movePointLeft(18));
  }

  @Override
  public Mono<List<BillingRow>> query(BillingDimension dimension, BillingBucket bucket, Instant from, Instant to) {
    List<Instant> starts = new ArrayList<>();
    for (Instant s = bucket.start(from); s.isBefore(to); s = s.plus(bucket.length())) {
      starts.add(s);
    }
    return Flux.fromIterable(starts)
        .concatMap(start -> redis.<String, String>opsForHash().entries(key(bucket, dimension, start))
            .collectMap(Map.Entry::getKey, Map.Entry::getValue)
            .map(fields -> rows(bucket, start, fields)))
        .collectList()
        .map(lists -> {
          List<BillingRow> all = new ArrayList<>();
          lists.forEach(all::addAll);
          return all;
        });
  }

  private static List<BillingRow> rows(BillingBucket bucket, Instant start, Map<String, String> fields) {
    Map<String, long[]> values = new TreeMap<>();
    String metrics = "riocuf";
    fields.forEach((field, amount) -> {
      int colon = field.indexOf(':');
      if (colon != 1 || metrics.indexOf(field.charAt(0)) < 0) {
        return;
      }
      values.computeIfAbsent(field.substring(2), v -> new long[6])[metrics.indexOf(field.charAt(0))] =
          Long.parseLong(amount);
    });
    List<BillingRow> rows = new ArrayList<>();
    values.forEach((value, m) -> rows.add(new BillingRow(bucket.label(start), start, value,
        new BillingTotals(m[0], m[1], m[2], m[3], join(m[4], m[5])))));
    rows.sort(Comparator.comparing(BillingRow::value));
    return rows;
  }
}
