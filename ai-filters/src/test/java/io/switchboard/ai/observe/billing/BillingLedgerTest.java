package io.switchboard.ai.observe.billing;

import static io.switchboard.ai.observe.billing.BillingRecords.record;
import static io.switchboard.ai.observe.billing.BillingRecords.same;
import static io.switchboard.ai.observe.billing.BillingRecords.sum;
import static io.switchboard.ai.observe.billing.BillingRecords.sumRows;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.observe.UsageRecord;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class BillingLedgerTest {

  static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-05T00:00:00Z"), ZoneOffset.UTC);

  static BillingLedger ledger() {
    return new BillingLedger(new InMemoryBillingStore(CLOCK, Duration.ofDays(7), Duration.ofDays(90), 1_000_000));
  }

  @Test
  void totalsPerDimensionAndBucketEqualTheSumsOfTheRecords() throws Exception {
    List<UsageRecord> records = BillingRecords.random(42, 3000, START, 72);
    BillingLedger ledger = ledger();
    for (int i = 0; i < records.size(); i += 97) {
      ledger.accept(records.subList(i, Math.min(records.size(), i + 97)));
    }
    Instant end = START.plus(Duration.ofDays(3));
    BillingTotals all = sum(records, r -> true);
    for (BillingDimension by : BillingDimension.values()) {
      for (BillingBucket bucket : BillingBucket.values()) {
        List<BillingRow> rows = ledger.query(by, bucket, START, end).block();
        assertThat(same(sumRows(rows, r -> true), all)).as(by + "/" + bucket).isTrue();
        for (BillingRow row : rows) {
          BillingTotals expected = sum(records, r -> by.valueOf(r).equals(row.value())
              && !r.time().isBefore(row.start()) && r.time().isBefore(row.start().plus(bucket.length())));
          assertThat(same(row.totals(), expected)).as(by + " " + row.period() + " " + row.value()).isTrue();
        }
      }
    }
    // A sub-range takes only its buckets.
    List<BillingRow> day2 = ledger.query(BillingDimension.TEAM, BillingBucket.DAY, START.plus(Duration.ofDays(1)),
        START.plus(Duration.ofDays(2))).block();
    assertThat(day2).extracting(BillingRow::period).containsOnly("2026-11-02");
    assertThat(same(sumRows(day2, r -> true), sum(records,
        r -> r.time().isAfter(START.plus(Duration.ofDays(1)).minusNanos(1))
            && r.time().isBefore(START.plus(Duration.ofDays(2)))))).isTrue();
  }

  @Test
  void failedAndCancelledRequestsCountWithTheirPartialTokens() throws Exception {
    BillingLedger ledger = ledger();
    Instant t = Instant.parse("2026-11-03T10:15:00Z");
    ledger.accept(List.of(
        record(t, "vk_a", "ann", "red", "gpt-4o-mini", "openai", "success", 100, 20, 40,
            new BigDecimal("0.0000270")),
        record(t.plusSeconds(60), "vk_a", "ann", "red", "gpt-4o-mini", "openai", "cancelled", 100, 7, 0,
            new BigDecimal("0.0000192")),
        record(t.plusSeconds(120), "vk_b", "bob", "red", "gpt-4o-mini", "openai", "upstream_error", 0, 0, 0, null),
        record(t.plusSeconds(3600), null, null, null, null, null, "rejected", 0, 0, 0, null)));
    List<BillingRow> byTeam = ledger.query(BillingDimension.TEAM, BillingBucket.DAY, t.minusSeconds(36000),
        t.plusSeconds(36000)).block();
    assertThat(byTeam).extracting(BillingRow::value).containsExactly("(none)", "red");
    BillingTotals red = byTeam.get(1).totals();
    assertThat(red.requests()).isEqualTo(3);
    assertThat(red.inputTokens()).isEqualTo(200);
    assertThat(red.outputTokens()).isEqualTo(27);
    assertThat(red.cachedTokens()).isEqualTo(40);
    assertThat(red.costText()).isEqualTo("0.0000462");
    assertThat(byTeam.get(0).totals().requests()).isEqualTo(1);
    List<BillingRow> byHour = ledger.query(BillingDimension.KEY, BillingBucket.HOUR, t.minusSeconds(36000),
        t.plusSeconds(36000)).block();
    assertThat(byHour).extracting(BillingRow::period, BillingRow::value, r -> r.totals().requests())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("2026-11-03T10Z", "vk_a", 2L),
            org.assertj.core.groups.Tuple.tuple("2026-11-03T10Z", "vk_b", 1L),
            org.assertj.core.groups.Tuple.tuple("2026-11-03T11Z", "(none)", 1L));
  }

  @Test
  void oldBucketsExpireByRetentionAndTheStoreStaysBounded() throws Exception {
    InMemoryBillingStore store = new InMemoryBillingStore(CLOCK, Duration.ofDays(1), Duration.ofDays(2), 50);
    BillingLedger ledger = new BillingLedger(store);
    ledger.accept(List.of(record(Instant.parse("2026-11-01T12:00:00Z"), "old", null, null, "m", "p", "success", 1,
        1, 0, null)));
    assertThat(ledger.query(BillingDimension.KEY, BillingBucket.DAY, START, CLOCK.instant()).block()).isEmpty();
    ledger.accept(List.of(record(Instant.parse("2026-11-04T12:00:00Z"), "kept", null, null, "m", "p", "success",
        1, 1, 0, null)));
    assertThat(ledger.query(BillingDimension.KEY, BillingBucket.DAY, START, CLOCK.instant()).block())
        .extracting(BillingRow::value).containsExactly("kept");
    for (int i = 0; i < 40; i++) {
      ledger.accept(List.of(record(Instant.parse("2026-11-04T00:00:00Z").plusSeconds(3600L * (i % 24)), "k" + i,
          null, null, "m", "p", "success", 1, 1, 0, null)));
    }
    assertThat(store.evictedCells()).isPositive();
    List<BillingRow> days = ledger.query(BillingDimension.KEY, BillingBucket.DAY, START, CLOCK.instant()).block();
    assertThat(Objects.requireNonNull(days)).hasSize(41); // days survive; the oldest hours went first
  }

  @Test
  void csvQuotesFieldsAndNeutralisesFormulas() {
    BillingTotals t = new BillingTotals(2, 10, 5, 1, new BigDecimal("0.00012300"));
    String csv = BillingCsv.of(BillingDimension.USER, List.of(
        new BillingRow("2026-11-24", START, "bob, jr.", t),
        new BillingRow("2026-11-24", START, "say \"hi\"", t),
        new BillingRow("2026-11-24", START, "=cmd()", t),
        new BillingRow("2026-11-24", START, "plain", BillingTotals.ZERO)));
    assertThat(csv).isEqualTo("period,user,requests,input_tokens,output_tokens,cached_tokens,cost_usd\r\n"
        + "2026-11-24,\"bob, jr.\",2,10,5,1,0.000123\r\n"
        + "2026-11-24,\"say \"\"hi\"\"\",2,10,5,1,0.000123\r\n"
        + "2026-11-24,'=cmd(),2,10,5,1,0.000123\r\n"
        + "2026-11-24,plain,0,0,0,0,0\r\n");
  }

  @Test
  void redisCostSplitIsExact() {
    BigDecimal cost = new BigDecimal("1234.5678901234567890125");
    java.math.BigInteger[] split = RedisBillingStore.split(cost);
    assertThat(RedisBillingStore.join(split[0].longValueExact(), split[1].longValueExact()))
        .isEqualByComparingTo("1234.567890123456789012"); // 18 decimals kept (the rest rounded half-even)
    split = RedisBillingStore.split(new BigDecimal("0.000027"));
    assertThat(split[0].longValue()).isEqualTo(27);
    assertThat(split[1].longValue()).isZero();
  }
}
