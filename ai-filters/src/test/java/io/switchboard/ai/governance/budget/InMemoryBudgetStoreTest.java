package io.switchboard.ai.governance.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.governance.budget.BudgetStore.Charge;
import io.switchboard.ai.governance.budget.BudgetStore.Reservation;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InMemoryBudgetStoreTest {

  static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  final MutableClock clock = new MutableClock(NOW);
  final InMemoryBudgetStore store = new InMemoryBudgetStore(clock);

  static Charge charge(String key, String limit) {
    return new Charge(key, new BigDecimal(limit), Instant.parse("2026-11-25T00:00:00Z"));
  }

  static BigDecimal usd(String v) {
    return new BigDecimal(v);
  }

  @Test
  void reservesUntilTheLimitWouldBeExceeded() {
    List<Charge> charges = List.of(charge("a", "1.00"));
    assertThat(store.reserveNow(charges, usd("0.40"), Duration.ofMinutes(1)).admitted()).isTrue();
    assertThat(store.reserveNow(charges, usd("0.40"), Duration.ofMinutes(1)).admitted()).isTrue();
    Reservation third = store.reserveNow(charges, usd("0.40"), Duration.ofMinutes(1));
    assertThat(third.admitted()).isFalse();
    assertThat(third.refused()).isZero();
    assertThat(third.standings().get(0).reservedUsd()).isEqualByComparingTo("0.80");
    assertThat(store.reserveNow(charges, usd("0.20"), Duration.ofMinutes(1)).admitted()).isTrue();
  }

  @Test
  void settlementReplacesTheReservationWithTheActualCost() {
    List<Charge> charges = List.of(charge("a", "1.00"));
    Reservation r = store.reserveNow(charges, usd("0.90"), Duration.ofMinutes(1));
    assertThat(store.reserveNow(charges, usd("0.20"), Duration.ofMinutes(1)).admitted()).isFalse();
    List<BigDecimal> spent = store.settleNow(r.id(), charges, usd("0.10"));
    assertThat(spent).singleElement().satisfies(s -> assertThat(s).isEqualByComparingTo("0.10"));
    assertThat(store.standing("a").reservedUsd()).isEqualByComparingTo("0");
    assertThat(store.reserveNow(charges, usd("0.90"), Duration.ofMinutes(1)).admitted()).isTrue();
  }

  @Test
  void releaseFreesTheRoomAndSpendsNothing() {
    List<Charge> charges = List.of(charge("a", "1.00"));
    Reservation r = store.reserveNow(charges, usd("1.00"), Duration.ofMinutes(1));
    store.releaseNow(r.id());
    store.releaseNow(r.id()); // twice is harmless
    assertThat(store.standing("a").spentUsd()).isEqualByComparingTo("0");
    assertThat(store.standing("a").reservedUsd()).isEqualByComparingTo("0");
    assertThat(store.reserveNow(charges, usd("1.00"), Duration.ofMinutes(1)).admitted()).isTrue();
  }

  @Test
  void aReservationOverSeveralBudgetsIsAllOrNothing() {
    List<Charge> both = List.of(charge("user", "10"), charge("team", "1"));
    store.reserveNow(List.of(charge("team", "1")), usd("0.95"), Duration.ofMinutes(1));
    Reservation refused = store.reserveNow(both, usd("0.10"), Duration.ofMinutes(1));
    assertThat(refused.admitted()).isFalse();
    assertThat(refused.refused()).isEqualTo(1);
    assertThat(store.standing("user").reservedUsd()).as("nothing reserved on the user's budget")
        .isEqualByComparingTo("0");
  }

  @Test
  void expiredReservationsFreeTheirRoom() {
    List<Charge> charges = List.of(charge("a", "1.00"));
    store.reserveNow(charges, usd("1.00"), Duration.ofSeconds(30));
    assertThat(store.reserveNow(charges, usd("0.01"), Duration.ofSeconds(30)).admitted()).isFalse();
    clock.advance(Duration.ofSeconds(31));
    assertThat(store.reservations()).isZero();
    assertThat(store.reserveNow(charges, usd("1.00"), Duration.ofSeconds(30)).admitted()).isTrue();
  }

  @Test
  void anExpiredReservationSettledLateStillCountsItsCost() {
    List<Charge> charges = List.of(charge("a", "1.00"));
    Reservation r = store.reserveNow(charges, usd("0.50"), Duration.ofSeconds(30));
    clock.advance(Duration.ofMinutes(1));
    store.settleNow(r.id(), charges, usd("0.30"));
    assertThat(store.standing("a").spentUsd()).isEqualByComparingTo("0.30");
    assertThat(store.standing("a").reservedUsd()).isEqualByComparingTo("0");
  }

  @Test
  void countersOfAnEndedPeriodAreDropped() {
    List<Charge> charges = List.of(charge("a", "1.00"));
    Reservation r = store.reserveNow(charges, usd("0.50"), Duration.ofSeconds(30));
    store.settleNow(r.id(), charges, usd("0.50"));
    clock.set(Instant.parse("2026-11-25T00:00:01Z"));
    assertThat(store.standing("a").spentUsd()).isEqualByComparingTo("0");
  }

  @Test
  void concurrentReservationsNeverExceedTheLimit() throws Exception {
    List<Charge> charges = List.of(charge("a", "1.00"), charge("b", "5.00"));
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger admitted = new AtomicInteger();
    for (int i = 0; i < 400; i++) {
      pool.submit(() -> {
        start.await();
        Reservation r = store.reserveNow(charges, usd("0.07"), Duration.ofMinutes(1));
        if (r.admitted()) {
          admitted.incrementAndGet();
          store.settleNow(r.id(), charges, usd("0.07"));
        }
        return null;
      });
    }
    start.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(admitted.get()).isEqualTo(14);
    assertThat(store.standing("a").spentUsd()).isEqualByComparingTo("0.98");
  }

  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
