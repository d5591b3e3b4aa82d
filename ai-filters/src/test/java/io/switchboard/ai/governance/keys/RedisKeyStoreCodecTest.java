package io.switchboard.ai.governance.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisKeyStoreCodecTest {

  @Test
  void keysAndTeamsRoundTripWithoutThePlaintext() {
    VirtualKey key = new VirtualKey("k1", "name", "sk-sb-AbCd", "wXyZ", "alice", "ml", List.of("gpt-4o*"),
        List.of("open"), Instant.parse("2027-01-01T00:00:00Z"), Map.of("owner", "x"), new KeyLimits(10L, null, 2.5),
        VirtualKey.Status.ACTIVE, Instant.parse("2026-01-01T00:00:00Z"), "admin:ops", "hmac:" + "a".repeat(64),
        "hmac:" + "b".repeat(64), Instant.parse("2026-01-02T00:00:00Z"));
    assertThat(RedisKeyStore.decodeKey(RedisKeyStore.encode(key))).isEqualTo(key);
    VirtualKey bare = new VirtualKey("k2", null, "sk-sb-AbCd", "wXyZ", null, null, List.of(), List.of(), null,
        Map.of(), KeyLimits.NONE, VirtualKey.Status.REVOKED, Instant.parse("2026-01-01T00:00:00Z"), "config",
        "sha256:" + "c".repeat(64), null, null);
    assertThat(RedisKeyStore.decodeKey(RedisKeyStore.encode(bare))).isEqualTo(bare);
    Team team = new Team("ml", Map.of("alice", Team.Role.ADMIN), List.of("gpt-*"), List.of(), KeyLimits.NONE);
    assertThat(RedisKeyStore.decodeTeam(RedisKeyStore.encode(team))).isEqualTo(team);
  }
}
