package io.switchboard.ai.governance.budget;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A {@link BudgetStore} in this instance's memory: every operation holds one lock for a few map updates, so
 * reservations over several budgets are atomic. Expired reservations and the counters of ended periods are swept
 * on the next operation. Not shared between instances: use the Redis store for several gateways.
 */
public final class InMemoryBudgetStore implements BudgetStore {

  private static final class Bucket {
    BigDecimal spent = BigDecimal.ZERO;
    BigDecimal reserved = BigDecimal.ZERO;
    @Nullable Instant resetsAt;

    Standing standing() {
      return new Standing(spent, reserved);
    }
  }

  private record Held(String id, List<String> keys, BigDecimal amount, Instant expiresAt) {
  }

  private final Clock clock;
  private final Map<String, Bucket> buckets = new HashMap<>();
  private final Map<String, Held> held = new HashMap<>();
  private final PriorityQueue<Held> expiries = new PriorityQueue<>((a, b) -> a.expiresAt.compareTo(b.expiresAt));
  private @Nullable Instant nextPeriodSweep;

  public InMemoryBudgetStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Mono<Reservation> reserve(List<Charge> charges, BigDecimal amountUsd, Duration ttl) {
    return Mono.fromSupplier(() -> reserveNow(charges, amountUsd, ttl));
  }

  @Override
  public Mono<List<BigDecimal>> settle(String id, List<Charge> charges, BigDecimal actualUsd) {
    return Mono.fromSupplier(() -> settleNow(id, charges, actualUsd));
  }

  @Override
  public Mono<Void> release(String id, List<Charge> charges) {
    return Mono.fromRunnable(() -> releaseNow(id));
  }

  @Override
  public Mono<BigDecimal> reset(String key) {
    return Mono.fromSupplier(() -> resetNow(key));
  }

  synchronized BigDecimal resetNow(String key) {
    Bucket bucket = buckets.get(key);
    if (bucket == null) {
      return BigDecimal.ZERO;
    }
    BigDecimal before = bucket.spent;
    bucket.spent = BigDecimal.ZERO;
    return before;
  }

  synchronized Reservation reserveNow(List<Charge> charges, BigDecimal amount, Duration ttl) {
    Instant now = clock.instant();
    sweep(now);
    List<Standing> standings = new ArrayList<>(charges.size());
    for (int i = 0; i < charges.size(); i++) {
      Charge charge = charges.get(i);
      Bucket bucket = buckets.get(charge.key());
      Standing standing = bucket == null ? Standing.EMPTY : bucket.standing();
      if (standing.spentUsd().add(standing.reservedUsd()).add(amount).compareTo(charge.limitUsd()) > 0) {
        List<Standing> found = new ArrayList<>();
        for (Charge c : charges) {
          Bucket b = buckets.get(c.key());
          found.add(b == null ? Standing.EMPTY : b.standing());
        }
        return new Reservation(null, i, List.copyOf(found));
      }
      standings.add(standing);
    }
    List<String> keys = new ArrayList<>(charges.size());
    standings.clear();
    for (Charge charge : charges) {
      Bucket bucket = bucket(charge);
      bucket.reserved = bucket.reserved.add(amount);
      keys.add(charge.key());
      standings.add(bucket.standing());
    }
    Held reservation = new Held(UUID.randomUUID().toString(), List.copyOf(keys), amount, now.plus(ttl));
    held.put(reservation.id(), reservation);
    expiries.add(reservation);
    return new Reservation(reservation.id(), -1, List.copyOf(standings));
  }

  synchronized List<BigDecimal> settleNow(String id, List<Charge> charges, BigDecimal actual) {
    sweep(clock.instant());
    Held reservation = held.remove(id);
    if (reservation != null) {
      expiries.remove(reservation);
      unreserve(reservation);
    }
    List<BigDecimal> spent = new ArrayList<>(charges.size());
    for (Charge charge : charges) {
      Bucket bucket = bucket(charge);
      bucket.spent = bucket.spent.add(actual);
      spent.add(bucket.spent);
    }
    return List.copyOf(spent);
  }

  synchronized void releaseNow(String id) {
    Held reservation = held.remove(id);
    if (reservation != null) {
      expiries.remove(reservation);
      unreserve(reservation);
    }
  }

  /** The counters of a budget key, for tests and diagnostics. */
  public synchronized Standing standing(String key) {
    sweep(clock.instant());
    Bucket bucket = buckets.get(key);
    return bucket == null ? Standing.EMPTY : bucket.standing();
  }

  /** The counters of every budget key, for tests and diagnostics. */
  public synchronized Map<String, Standing> snapshot() {
    sweep(clock.instant());
    Map<String, Standing> copy = new java.util.TreeMap<>();
    buckets.forEach((key, bucket) -> copy.put(key, bucket.standing()));
    return copy;
  }

  /** Reservations currently held. */
  public synchronized int reservations() {
    sweep(clock.instant());
    return held.size();
  }

  private Bucket bucket(Charge charge) {
    Bucket bucket = buckets.computeIfAbsent(charge.key(), k -> new Bucket());
    bucket.resetsAt = charge.resetsAt();
    if (charge.resetsAt() != null && (nextPeriodSweep == null || charge.resetsAt().isBefore(nextPeriodSweep))) {
      nextPeriodSweep = charge.resetsAt();
    }
    return bucket;
  }

  private void unreserve(Held reservation) {
    for (String key : reservation.keys()) {
      Bucket bucket = buckets.get(key);
      if (bucket != null) {
        bucket.reserved = bucket.reserved.subtract(reservation.amount()).max(BigDecimal.ZERO);
      }
    }
  }

  private void sweep(Instant now) {
    while (!expiries.isEmpty() && !expiries.peek().expiresAt().isAfter(now)) {
      Held expired = expiries.poll();
      if (held.remove(expired.id()) != null) {
        unreserve(expired);
      }
    }
    if (nextPeriodSweep != null && !nextPeriodSweep.isAfter(now)) {
      nextPeriodSweep = null;
      for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
        Bucket bucket = it.next();
        if (bucket.resetsAt != null && !bucket.resetsAt.isAfter(now)) {
          if (bucket.reserved.signum() == 0) {
            it.remove();
          } else if (nextPeriodSweep == null || now.plusSeconds(60).isBefore(nextPeriodSweep)) {
            nextPeriodSweep = now.plusSeconds(60); // still reserved: look again once its reservations are gone
          }
        } else if (bucket.resetsAt != null
            && (nextPeriodSweep == null || bucket.resetsAt.isBefore(nextPeriodSweep))) {
          nextPeriodSweep = bucket.resetsAt;
        }
      }
    }
  }
}
