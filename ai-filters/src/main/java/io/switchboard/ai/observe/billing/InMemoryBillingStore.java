package io.switchboard.ai.observe.billing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import reactor.core.publisher.Mono;

/**
 * The ledger in this instance's memory: exact sums, kept for the retention of each bucket and bounded by a number of
 * cells (dimension value × bucket); past it the oldest buckets go first, hours before days, and are counted in
 * {@link #evictedCells()}. Not shared between instances: use {@link RedisBillingStore} for that.
 */
public final class InMemoryBillingStore implements BillingStore {

  private record Key(BillingDimension dimension, String value) {
  }

  private final Clock clock;
  private final Map<BillingBucket, Duration> retention;
  private final int maxCells;
  private final Map<BillingBucket, TreeMap<Instant, Map<Key, BillingTotals>>> buckets =
      new EnumMap<>(BillingBucket.class);
  private int cells;
  private long evicted;

  public InMemoryBillingStore(Clock clock, Duration hourRetention, Duration dayRetention, int maxCells) {
    this.clock = clock;
    this.retention = Map.of(BillingBucket.HOUR, hourRetention, BillingBucket.DAY, dayRetention);
    this.maxCells = Math.max(1, maxCells);
    for (BillingBucket b : BillingBucket.values()) {
      buckets.put(b, new TreeMap<>());
    }
  }

  @Override
  public synchronized void add(Map<BillingCell, BillingTotals> increments) {
    Instant now = clock.instant();
    for (Map.Entry<BillingCell, BillingTotals> e : increments.entrySet()) {
      BillingCell cell = e.getKey();
      if (expired(cell.bucket(), cell.start(), now)) {
        continue;
      }
      Map<Key, BillingTotals> period = buckets.get(cell.bucket()).computeIfAbsent(cell.start(), s -> new HashMap<>());
      Key key = new Key(cell.dimension(), cell.value());
      BillingTotals before = period.get(key);
      if (before == null) {
        cells++;
        period.put(key, e.getValue());
      } else {
        period.put(key, before.plus(e.getValue()));
      }
    }
    purge(now);
  }

  @Override
  public Mono<List<BillingRow>> query(BillingDimension dimension, BillingBucket bucket, Instant from, Instant to) {
    return Mono.fromSupplier(() -> rows(dimension, bucket, from, to));
  }

  private synchronized List<BillingRow> rows(BillingDimension dimension, BillingBucket bucket, Instant from,
      Instant to) {
    List<BillingRow> rows = new ArrayList<>();
    for (Map.Entry<Instant, Map<Key, BillingTotals>> period : buckets.get(bucket).subMap(bucket.start(from), true, to, false)
        .entrySet()) {
      List<BillingRow> inPeriod = new ArrayList<>();
      period.getValue().forEach((key, totals) -> {
        if (key.dimension() == dimension) {
          inPeriod.add(new BillingRow(bucket.label(period.getKey()), period.getKey(), key.value(), totals));
        }
      });
      inPeriod.sort(Comparator.comparing(BillingRow::value));
      rows.addAll(inPeriod);
    }
    return rows;
  }

  /** Cells dropped to stay within the bound (not by retention). */
  public synchronized long evictedCells() {
    return evicted;
  }

  private boolean expired(BillingBucket bucket, Instant start, Instant now) {
    return start.plus(bucket.length()).plus(retention.get(bucket)).isBefore(now);
  }

  private void purge(Instant now) {
    for (BillingBucket bucket : BillingBucket.values()) {
      TreeMap<Instant, Map<Key, BillingTotals>> periods = buckets.get(bucket);
      while (!periods.isEmpty() && expired(bucket, periods.firstKey(), now)) {
        cells -= periods.pollFirstEntry().getValue().size();
      }
    }
    while (cells > maxCells) {
      TreeMap<Instant, Map<Key, BillingTotals>> periods = !buckets.get(BillingBucket.HOUR).isEmpty()
          ? buckets.get(BillingBucket.HOUR) : buckets.get(BillingBucket.DAY);
      if (periods.isEmpty()) {
        break;
      }
      int dropped = periods.pollFirstEntry().getValue().size();
      cells -= dropped;
      evicted += dropped;
    }
  }
}
