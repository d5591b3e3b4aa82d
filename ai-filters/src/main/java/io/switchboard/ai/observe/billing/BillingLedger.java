package io.switchboard.ai.observe.billing;

import io.switchboard.ai.observe.UsageRecord;
import io.switchboard.ai.observe.UsageSink;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Unified billing: a {@link UsageSink} that totals every usage record by key, user, team, model and provider, per
 * hour and per day (UTC, by the record's arrival time), in a {@link BillingStore}. Every record counts as one
 * request whatever its outcome; its tokens (for a failed or cut stream, those actually used) and its cost at
 * catalog prices (none when unpriced) are added as they are, so the ledger's totals equal the sums of the records.
 * Queried by the {@code aibilling} actuator endpoint ({@link BillingEndpoint}).
 */
public final class BillingLedger implements UsageSink {

  private final BillingStore store;

  public BillingLedger(BillingStore store) {
    this.store = store;
  }

  @Override
  public String name() {
    return "billing";
  }

  @Override
  public void accept(List<UsageRecord> batch) throws Exception {
    Map<BillingCell, BillingTotals> increments = new HashMap<>();
    for (UsageRecord record : batch) {
      BillingTotals totals = totals(record);
      for (BillingBucket bucket : BillingBucket.values()) {
        Instant start = bucket.start(record.time());
        for (BillingDimension dimension : BillingDimension.values()) {
          increments.merge(new BillingCell(bucket, start, dimension, dimension.valueOf(record)), totals,
              BillingTotals::plus);
        }
      }
    }
    if (!increments.isEmpty()) {
      store.add(increments);
    }
  }

  /** One record's contribution. */
  static BillingTotals totals(UsageRecord record) {
    UsageRecord.Tokens t = record.tokens();
    BigDecimal cost = record.costUsd() == null ? BigDecimal.ZERO : record.costUsd();
    return new BillingTotals(1, t.promptTokens(), t.completionTokens(), t.cachedReadTokens(), cost);
  }

  /** The rows of {@code dimension} in the buckets that overlap {@code [from, to)}. */
  public Mono<List<BillingRow>> query(BillingDimension dimension, BillingBucket bucket, Instant from, Instant to) {
    return store.query(dimension, bucket, from, to);
  }

  public BillingStore store() {
    return store;
  }
}
