package io.switchboard.sample.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.switchboard.ai.observe.UsageRecord;
import io.switchboard.ai.observe.billing.BillingBucket;
import io.switchboard.ai.observe.billing.BillingDimension;
import io.switchboard.ai.observe.billing.BillingLedger;
import io.switchboard.ai.observe.billing.BillingRow;
import io.switchboard.ai.observe.billing.RedisBillingStore;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The billing ledger in a real Redis: two ledgers (two gateway instances) on one Redis, fed in parallel, answer the
 * same totals, equal to the exact sums of all records; keys expire by retention. Needs Redis at
 * {@code SWITCHBOARD_TEST_REDIS} (default redis://127.0.0.1:6379): skipped with a notice without one, except on CI
 * ({@code CI=true}), where it fails.
 */
class RedisBillingIT {

  static final String PREFIX = "sb:it:billing:" + UUID.randomUUID() + ":";
  static final List<LettuceConnectionFactory> factories = new ArrayList<>();

  @BeforeAll
  static void redis() {
    String uri = System.getenv().getOrDefault("SWITCHBOARD_TEST_REDIS", "redis://127.0.0.1:6379");
    try {
      template(uri).opsForValue().get("ping").block(Duration.ofSeconds(2));
    } catch (RuntimeException e) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("Redis tests need a Redis server, and CI may not skip them: no Redis at " + uri);
      }
      System.out.println("Redis tests skipped: no Redis at " + uri);
      Assumptions.abort("Redis tests skipped: no Redis at " + uri);
    }
  }

  @AfterAll
  static void clean() {
    if (!factories.isEmpty()) {
      ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(factories.get(0));
      redis.keys(PREFIX + "*").flatMap(redis::delete).blockLast(Duration.ofSeconds(5));
    }
    factories.forEach(LettuceConnectionFactory::destroy);
  }

  static ReactiveStringRedisTemplate template(String uri) {
    URI parsed = URI.create(uri);
    LettuceConnectionFactory factory = new LettuceConnectionFactory(
        new RedisStandaloneConfiguration(parsed.getHost(), parsed.getPort() < 0 ? 6379 : parsed.getPort()));
    factory.afterPropertiesSet();
    factory.start();
    factories.add(factory);
    return new ReactiveStringRedisTemplate(factory);
  }

  static BillingLedger ledger() {
    String uri = System.getenv().getOrDefault("SWITCHBOARD_TEST_REDIS", "redis://127.0.0.1:6379");
    return new BillingLedger(new RedisBillingStore(template(uri), PREFIX, Duration.ofDays(7), Duration.ofDays(90),
        Duration.ofSeconds(5)));
  }

  @Test
  void twoLedgersOnOneRedisSumTogetherExactly() throws Exception {
    BillingLedger one = ledger();
    BillingLedger two = ledger();
    Instant start = Instant.now().minus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    Random random = new Random(7);
    List<UsageRecord> records = new ArrayList<>();
    String[] teams = {"red", "blue", null};
    String[] outcomes = {"success", "upstream_error", "cancelled"};
    for (int i = 0; i < 2000; i++) {
      String outcome = outcomes[random.nextInt(3)];
      long prompt = random.nextInt(4000);
      long completion = outcome.equals("success") ? random.nextInt(1000) : outcome.equals("cancelled")
          ? random.nextInt(30) : 0;
      // Costs with up to 18 decimals, so the micro-dollar carry in Redis is exercised.
      BigDecimal cost = prompt + completion == 0 ? null : BigDecimal.valueOf(prompt * 15 + completion * 60)
          .movePointLeft(8).add(BigDecimal.valueOf(random.nextInt(1_000_000)).movePointLeft(18));
      records.add(new UsageRecord("r" + i, start.plusSeconds(random.nextInt(20 * 3600)), "open", "openai", "chat",
          "k" + random.nextInt(5), null, teams[random.nextInt(3)], "gpt-4o-mini", "openai", "gpt-4o-mini",
          List.of(), 200, outcome, null, true, new UsageRecord.Latency(1, null, 1, 0),
          new UsageRecord.Tokens(prompt, completion, prompt / 3, 0, 0), cost, null, Map.of()));
    }
    List<CompletableFuture<Void>> writers = new ArrayList<>();
    for (int i = 0; i < records.size(); i += 50) {
      List<UsageRecord> batch = records.subList(i, Math.min(records.size(), i + 50));
      BillingLedger ledger = (i / 50) % 2 == 0 ? one : two;
      writers.add(CompletableFuture.runAsync(() -> {
        try {
          ledger.accept(batch);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get();

    Map<String, BigDecimal> costByTeam = new HashMap<>();
    Map<String, long[]> countsByTeam = new HashMap<>();
    for (UsageRecord r : records) {
      String team = r.team() == null ? BillingDimension.NONE : r.team();
      costByTeam.merge(team, r.costUsd() == null ? BigDecimal.ZERO : r.costUsd(), BigDecimal::add);
      long[] c = countsByTeam.computeIfAbsent(team, t -> new long[4]);
      c[0]++;
      c[1] += r.tokens().promptTokens();
      c[2] += r.tokens().completionTokens();
      c[3] += r.tokens().cachedReadTokens();
    }
    for (BillingLedger ledger : List.of(one, two)) {
      for (BillingBucket bucket : BillingBucket.values()) {
        List<BillingRow> rows = ledger.query(BillingDimension.TEAM, bucket, start.minus(Duration.ofDays(1)),
            start.plus(Duration.ofDays(2))).block();
        Map<String, BigDecimal> cost = new HashMap<>();
        Map<String, long[]> counts = new HashMap<>();
        for (BillingRow row : rows) {
          cost.merge(row.value(), row.totals().costUsd(), BigDecimal::add);
          long[] c = counts.computeIfAbsent(row.value(), t -> new long[4]);
          c[0] += row.totals().requests();
          c[1] += row.totals().inputTokens();
          c[2] += row.totals().outputTokens();
          c[3] += row.totals().cachedTokens();
        }
        assertThat(counts.keySet()).isEqualTo(countsByTeam.keySet());
        for (String team : countsByTeam.keySet()) {
          assertThat(counts.get(team)).as(bucket + " " + team).containsExactly(countsByTeam.get(team));
          assertThat(cost.get(team)).as(bucket + " " + team).isEqualByComparingTo(costByTeam.get(team));
        }
      }
    }
    // Hash keys expire with their bucket's retention.
    ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(factories.get(0));
    String dayKey = PREFIX + "day:team:" + BillingBucket.DAY.label(BillingBucket.DAY.start(start));
    Duration ttl = redis.getExpire(dayKey).block();
    assertThat(ttl).isNotNull().isGreaterThan(Duration.ofDays(85)).isLessThanOrEqualTo(Duration.ofDays(92));
  }
}
