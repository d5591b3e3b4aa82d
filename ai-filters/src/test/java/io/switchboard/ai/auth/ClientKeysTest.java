package io.switchboard.ai.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

final class ClientKeysTest {

  @Test
  void acceptsPlainAndHashedKeys() {
    ClientKeys keys = new ClientKeys(List.of("sk-plain-key", ClientKeys.hashOf("sk-only-hash-known"), " "));
    assertThat(keys.matches("sk-plain-key")).isTrue();
    assertThat(keys.matches("sk-only-hash-known")).isTrue();
    assertThat(keys.matches("sk-plain-kez")).isFalse();
    assertThat(keys.matches("")).isFalse();
    assertThat(keys.isEmpty()).isFalse();
  }

  @Test
  void emptyConfigurationMatchesNothing() {
    ClientKeys keys = new ClientKeys(List.of());
    assertThat(keys.isEmpty()).isTrue();
    assertThat(keys.matches("anything")).isFalse();
  }

  @Test
  void malformedHashIsReportedByPositionWithoutTheValue() {
    assertThatThrownBy(() -> new ClientKeys(List.of("ok", "sha256:abc")))
        .hasMessageContaining("ai.auth.api-keys[1]")
        .hasMessageNotContaining("abc");
  }
}
