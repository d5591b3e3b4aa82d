package io.switchboard.ai.governance.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.switchboard.ai.governance.GovernanceProperties;
import io.switchboard.ai.governance.ratelimit.Probe;
import io.switchboard.ai.governance.ratelimit.RateLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Redis store against a real Redis (see {@link TestRedis}), and its fallback when Redis is not there. */
class RedisLimitStoreTest {

  final List<RedisClient> clients = new ArrayList<>();
  final List<RedisLimitStore> stores = new ArrayList<>();
  final String prefix = "sb-test-" + UUID.randomUUID();

  @AfterEach
  void close() {
    stores.forEach(RedisLimitStore::close);
    clients.forEach(c -> c.shutdown(Duration.ZERO, Duration.ofSeconds(1)));
  }

  RedisLimitStore store(String uri) {
    RedisClient client = RedisClient.create(RedisURI.create(uri));
    clients.add(client);
    GovernanceProperties.Redis settings = new GovernanceProperties.Redis();
    settings.setKeyPrefix(prefix);
    settings.setTimeout(Duration.ofMillis(300));
    RedisLimitStore store = new RedisLimitStore(() -> client, settings);
    stores.add(store);
    store.beat();
    return store;
  }

  @Test
  void bucketsAreSharedByInstances() {
    TestRedis.require();
    RedisLimitStore a = store(TestRedis.uri());
    RedisLimitStore b = store(TestRedis.uri());
    a.beat();
    assertThat(a.degraded()).isFalse();
    assertThat(a.knownInstances()).isEqualTo(2);
    RateLimits limits = new RateLimits(5, 100, 0, 0, 2);
    List<Boolean> admitted = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      RedisLimitStore s = i % 2 == 0 ? a : b;
      admitted.add(s.consumeRequests(prefix + ":r", limits, 1).block().consumed());
    }
    assertThat(admitted).containsExactly(true, true, true, true, true, false, false);

    Probe tokens = a.consumeTokens(prefix + ":t", limits, 80).block();
    assertThat(tokens.consumed()).isTrue();
    assertThat(b.consumeTokens(prefix + ":t", limits, 30).block().consumed()).isFalse();
    b.adjustTokens(prefix + ":t", limits, -50).block();
    assertThat(b.consumeTokens(prefix + ":t", limits, 30).block().consumed()).isTrue();

    assertThat(a.acquire(prefix + ":c", 2, "l1").block()).isTrue();
    assertThat(b.acquire(prefix + ":c", 2, "l2").block()).isTrue();
    assertThat(a.acquire(prefix + ":c", 2, "l3").block()).isFalse();
    b.release(prefix + ":c", "l2").block();
    assertThat(a.acquire(prefix + ":c", 2, "l3").block()).isTrue();
  }

  @Test
  void unreachableRedisFallsBackToTheInstancesShare() {
    RedisLimitStore store = store("redis://127.0.0.1:1");
    assertThat(store.degraded()).isTrue();
    RateLimits limits = new RateLimits(4, 0, 0, 0, 0);
    long admitted = 0;
    for (int i = 0; i < 10; i++) {
      if (store.consumeRequests(prefix + ":r", limits, 1).block().consumed()) {
        admitted++;
      }
    }
    assertThat(admitted).as("one known instance: the whole limit").isEqualTo(4);
  }
}
