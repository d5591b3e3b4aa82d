package io.switchboard.ai.governance.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ReservationTest {

  static ObjectNode json(String text) {
    return (ObjectNode) Json.MAPPER.readTree(text);
  }

  @Test
  void completionAllowanceFromEveryDialect() {
    assertThat(AiTokenRateLimiterGatewayFilterFactory.maxTokens(json("{\"max_tokens\":50}"))).isEqualTo(50);
    assertThat(AiTokenRateLimiterGatewayFilterFactory.maxTokens(json("{\"max_completion_tokens\":7,\"max_tokens\":50}")))
        .isEqualTo(7);
    assertThat(AiTokenRateLimiterGatewayFilterFactory.maxTokens(json("{\"max_output_tokens\":9}"))).isEqualTo(9);
    assertThat(AiTokenRateLimiterGatewayFilterFactory.maxTokens(
        json("{\"generationConfig\":{\"maxOutputTokens\":11}}"))).isEqualTo(11);
    assertThat(AiTokenRateLimiterGatewayFilterFactory.maxTokens(json("{}"))).isNull();
  }

  @Test
  void resetDurationsInOpenAisFormat() {
    assertThat(AiTokenRateLimiterGatewayFilterFactory.duration(120_000_000L)).isEqualTo("120ms");
    assertThat(AiTokenRateLimiterGatewayFilterFactory.duration(1_200_000_000L)).isEqualTo("2s");
    assertThat(AiTokenRateLimiterGatewayFilterFactory.duration(360_000_000_000L)).isEqualTo("6m0s");
  }
}
