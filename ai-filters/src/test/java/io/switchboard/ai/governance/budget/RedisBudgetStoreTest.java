package io.switchboard.ai.governance.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.governance.budget.BudgetStore.Charge;
import io.switchboard.ai.governance.budget.BudgetStore.Reservation;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;

/** The Redis store against a real Redis (skipped without one, except on CI): same contract as the memory store. */
class RedisBudgetStoreTest {

  static LettuceConnectionFactory connections;
  static RedisBudgetStore store;
  static final String PREFIX = "sb:test:" + UUID.randomUUID() + ":";

  @BeforeAll
  static void connect() {
    RedisAvailable.assume("RedisBudgetStoreTest");
    connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(RedisAvailable.HOST,
        RedisAvailable.PORT));
    connections.afterPropertiesSet();
    connections.start();
    store = new RedisBudgetStore(new ReactiveStringRedisTemplate(connections), PREFIX);
  }

  @AfterAll
  static void close() {
    if (connections != null) {
      new ReactiveStringRedisTemplate(connections).keys(PREFIX + "*")
          .flatMap(k -> new ReactiveStringRedisTemplate(connections).delete(k)).blockLast(Duration.ofSeconds(5));
      connections.destroy();
    }
  }

  static Charge charge(String key, String limit) {
    return new Charge(key, new BigDecimal(limit), Instant.now().plus(Duration.ofHours(1)));
  }

  static BigDecimal usd(String v) {
    return new BigDecimal(v);
  }

  Reservation reserve(List<Charge> charges, String amount, Duration ttl) {
    return store.reserve(charges, usd(amount), ttl).block(Duration.ofSeconds(5));
  }

  @Test
  void reservesUntilTheLimitWouldBeExceeded() {
    List<Charge> charges = List.of(charge("limit", "1.00"));
    assertThat(reserve(charges, "0.40", Duration.ofMinutes(1)).admitted()).isTrue();
    Reservation second = reserve(charges, "0.40", Duration.ofMinutes(1));
    assertThat(second.standings().get(0).reservedUsd()).isEqualByComparingTo("0.80");
    Reservation third = reserve(charges, "0.40", Duration.ofMinutes(1));
    assertThat(third.admitted()).isFalse();
    assertThat(third.refused()).isZero();
    assertThat(reserve(charges, "0.20", Duration.ofMinutes(1)).admitted()).isTrue();
  }

  @Test
  void settlementReplacesTheReservationAndReleaseFreesIt() {
    List<Charge> charges = List.of(charge("settle", "1.00"));
    Reservation r = reserve(charges, "0.90", Duration.ofMinutes(1));
    assertThat(reserve(charges, "0.20", Duration.ofMinutes(1)).admitted()).isFalse();
    List<BigDecimal> spent = store.settle(r.id(), charges, usd("0.1")).block();
    assertThat(spent).singleElement().satisfies(s -> assertThat(s).isEqualByComparingTo("0.10"));
    Reservation big = reserve(charges, "0.90", Duration.ofMinutes(1));
    assertThat(big.admitted()).isTrue();
    store.release(big.id(), charges).block();
    store.release(big.id(), charges).block();
    BudgetStore.Standing standing = store.standing("settle").block();
    assertThat(standing.spentUsd()).isEqualByComparingTo("0.10");
    assertThat(standing.reservedUsd()).isEqualByComparingTo("0");
  }

  @Test
  void aReservationOverSeveralBudgetsIsAllOrNothing() {
    reserve(List.of(charge("team", "1")), "0.95", Duration.ofMinutes(1));
    Reservation refused = reserve(List.of(charge("user", "10"), charge("team", "1")), "0.10", Duration.ofMinutes(1));
    assertThat(refused.admitted()).isFalse();
    assertThat(refused.refused()).isEqualTo(1);
    assertThat(store.standing("user").block().reservedUsd()).isEqualByComparingTo("0");
  }

  @Test
  void reservationsOfADeadInstanceExpire() throws Exception {
    List<Charge> charges = List.of(charge("expiry", "1.00"));
    assertThat(reserve(charges, "1.00", Duration.ofMillis(300)).admitted()).isTrue();
    assertThat(reserve(charges, "0.01", Duration.ofMillis(300)).admitted()).isFalse();
    Thread.sleep(400);
    assertThat(reserve(charges, "1.00", Duration.ofMinutes(1)).admitted()).isTrue();
  }

  @Test
  void totalBudgetsNeverExpireAndPeriodicOnesDo() {
    Charge total = new Charge("forever", usd("1"), null);
    Charge daily = charge("daily", "1");
    Reservation r = reserve(List.of(total, daily), "0.5", Duration.ofMinutes(1));
    store.settle(r.id(), List.of(total, daily), usd("0.5")).block();
    ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(connections);
    assertThat(redis.getExpire(PREFIX + "forever").block()).isEqualTo(Duration.ZERO);
    assertThat(redis.getExpire(PREFIX + "daily").block()).isGreaterThan(Duration.ofHours(24));
  }

  @Test
  void twoHundredConcurrentReservationsNeverExceedTheLimit() {
    List<Charge> charges = List.of(charge("concurrent", "1.00"), charge("concurrent-2", "5.00"));
    long admitted = Flux.range(0, 200)
        .flatMap(i -> store.reserve(charges, usd("0.07"), Duration.ofMinutes(1))
            .flatMap(r -> r.admitted() ? store.settle(r.id(), charges, usd("0.07")).thenReturn(true)
                : reactor.core.publisher.Mono.just(false)), 64)
        .filter(Boolean::booleanValue).count().block(Duration.ofSeconds(30));
    assertThat(admitted).isEqualTo(14);
    assertThat(store.standing("concurrent").block().spentUsd()).isEqualByComparingTo("0.98");
  }
}
