package io.switchboard.ai.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import io.switchboard.ai.request.Dialect;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ReaskTest {

  private static JsonNode again(Dialect dialect, String request) {
    return Json.MAPPER.readTree(Reask.body(dialect, Json.MAPPER.readTree(request), "{\"n\":\"x\"}", "$.n: expected integer"));
  }

  @Test
  void chatAndMessagesGetTheAnswerAndACorrectionAsTwoMoreTurns() {
    for (Dialect dialect : new Dialect[] {Dialect.OPENAI, Dialect.ANTHROPIC}) {
      JsonNode body = again(dialect, "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"q\"}],\"x\":1}");
      assertThat(body.path("messages")).hasSize(3);
      assertThat(body.path("messages").path(1).path("role").asString()).isEqualTo("assistant");
      assertThat(body.path("messages").path(1).path("content").asString()).isEqualTo("{\"n\":\"x\"}");
      assertThat(body.path("messages").path(2).path("role").asString()).isEqualTo("user");
      assertThat(body.path("messages").path(2).path("content").asString()).contains("$.n: expected integer");
      assertThat(body.path("x").asInt()).as("everything else kept").isEqualTo(1);
    }
  }

  @Test
  void geminiGetsAModelTurnAndAUserTurn() {
    JsonNode body = again(Dialect.GEMINI, "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"q\"}]}]}");
    assertThat(body.path("contents")).hasSize(3);
    assertThat(body.path("contents").path(1).path("role").asString()).isEqualTo("model");
    assertThat(body.path("contents").path(1).path("parts").path(0).path("text").asString()).isEqualTo("{\"n\":\"x\"}");
    assertThat(body.path("contents").path(2).path("parts").path(0).path("text").asString()).contains("expected integer");
  }

  @Test
  void theResponsesApisStringInputBecomesItems() {
    JsonNode body = again(Dialect.RESPONSES, "{\"model\":\"m\",\"input\":\"q\"}");
    assertThat(body.path("input")).hasSize(3);
    assertThat(body.path("input").path(0).path("content").asString()).isEqualTo("q");
    assertThat(body.path("input").path(1).path("role").asString()).isEqualTo("assistant");
    JsonNode items = again(Dialect.RESPONSES, "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"q\"}]}");
    assertThat(items.path("input")).hasSize(3);
  }

  @Test
  void theOriginalTreeIsNotChanged() {
    JsonNode original = Json.MAPPER.readTree("{\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}");
    Reask.body(Dialect.OPENAI, original, "a", "p");
    assertThat(original.path("messages")).hasSize(1);
  }
}
