package io.switchboard.ai.governance.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalLimitStoreTest {

  final LocalLimitStore store = new LocalLimitStore();

  @Test
  void requestsPerMinute() {
    RateLimits limits = new RateLimits(3, 0, 0, 0, 0);
    assertThat(store.consumeRequests("k", limits, 1).block().remaining()).isEqualTo(2);
    store.consumeRequests("k", limits, 1).block();
    assertThat(store.consumeRequests("k", limits, 1).block().consumed()).isTrue();
    Probe refused = store.consumeRequests("k", limits, 1).block();
    assertThat(refused.consumed()).isFalse();
    assertThat(refused.nanosToRefill()).isBetween(1_000_000_000L, 21_000_000_000L);
    store.returnRequests("k", limits, 1).block();
    assertThat(store.consumeRequests("k", limits, 1).block().consumed()).isTrue();
  }

  @Test
  void tokensAcrossPeriodsAndCorrections() {
    RateLimits limits = new RateLimits(0, 100, 150, 0, 0);
    assertThat(store.consumeTokens("t", limits, 90).block().consumed()).isTrue();
    assertThat(store.consumeTokens("t", limits, 20).block().consumed()).isFalse();
    store.adjustTokens("t", limits, -80).block(); // used 10 of 90
    assertThat(store.consumeTokens("t", limits, 20).block().consumed()).isTrue();
    store.adjustTokens("t", limits, 200).block(); // used far more than reserved: in debt
    assertThat(store.consumeTokens("t", limits, 1).block().consumed()).isFalse();
  }

  @Test
  void concurrentSlots() {
    assertThat(store.acquire("c", 2, "a").block()).isTrue();
    assertThat(store.acquire("c", 2, "b").block()).isTrue();
    assertThat(store.acquire("c", 2, "c").block()).isFalse();
    store.release("c", "a").block();
    assertThat(store.acquire("c", 2, "c").block()).isTrue();
  }

  @Test
  void sharesDivideEveryLimit() {
    RateLimits limits = new RateLimits(100, 3000, 0, 10, 2).dividedBy(3);
    assertThat(limits).isEqualTo(new RateLimits(33, 1000, 0, 3, 1));
    assertThat(new RateLimits(100, 0, 0, 0, 0).dividedBy(1)).isEqualTo(new RateLimits(100, 0, 0, 0, 0));
  }
}
