package io.switchboard.ai.observe.billing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/** Where the ledger keeps its counters: in memory ({@link InMemoryBillingStore}) or Redis ({@link RedisBillingStore}). */
public interface BillingStore {

  /** Adds a batch's increments. Called from the usage publisher's thread; may block briefly. */
  void add(Map<BillingCell, BillingTotals> increments) throws Exception;

  /**
   * The rows of {@code dimension} in the buckets that overlap {@code [from, to)}, ordered by bucket, then value.
   */
  Mono<List<BillingRow>> query(BillingDimension dimension, BillingBucket bucket, Instant from, Instant to);
}
