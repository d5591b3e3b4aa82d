package io.switchboard.ai.governance.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class KeyResolversTest {

  static MockServerWebExchange exchange(MockServerHttpRequest.BaseBuilder<?> request) {
    return MockServerWebExchange.from(request.build());
  }

  @Test
  void apiKeyIsAHashNeverTheKey() {
    var exchange = exchange(MockServerHttpRequest.post("/v1/chat/completions").header("Authorization", "Bearer sk-1"));
    String subject = KeyResolvers.resolve("api-key", null).resolve(exchange).block();
    assertThat(subject).isEqualTo(KeyResolvers.sha256Hex("sk-1")).doesNotContain("sk-1");
    var anthropic = exchange(MockServerHttpRequest.post("/v1/messages").header("x-api-key", "sk-1"));
    assertThat(KeyResolvers.resolve("api-key", null).resolve(anthropic).block()).isEqualTo(subject);
    var stripped = exchange(MockServerHttpRequest.post("/v1/messages"));
    stripped.getAttributes().put(KeyResolvers.CLIENT_KEY_HASH_ATTRIBUTE, subject);
    assertThat(KeyResolvers.resolve("api-key", null).resolve(stripped).block()).isEqualTo(subject);
    assertThat(KeyResolvers.resolve("api-key", null).resolve(exchange(MockServerHttpRequest.post("/x"))).block())
        .isNull();
  }

  @Test
  void headerTeamAndJwtClaim() {
    String payload = Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"sub\":\"alice\",\"org\":42}".getBytes(StandardCharsets.UTF_8));
    var exchange = exchange(MockServerHttpRequest.post("/v1/chat/completions")
        .header("Authorization", "Bearer eyJhbGciOiJub25lIn0." + payload + ".sig")
        .header("x-tenant", "t1").header("x-switchboard-team", "blue"));
    assertThat(KeyResolvers.resolve("jwt:sub", null).resolve(exchange).block()).isEqualTo("alice");
    assertThat(KeyResolvers.resolve("jwt:org", null).resolve(exchange).block()).isEqualTo("42");
    assertThat(KeyResolvers.resolve("jwt:missing", null).resolve(exchange).block()).isNull();
    assertThat(KeyResolvers.resolve("header:x-tenant", null).resolve(exchange).block()).isEqualTo("t1");
    assertThat(KeyResolvers.resolve("team", null).resolve(exchange).block()).isEqualTo("blue");
  }

  @Test
  void unknownNamesAreRefused() {
    assertThatThrownBy(() -> KeyResolvers.resolve("nope", null)).hasMessageContaining("nope");
  }
}
