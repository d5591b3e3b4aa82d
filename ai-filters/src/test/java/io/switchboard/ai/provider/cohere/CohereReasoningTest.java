package io.switchboard.ai.provider.cohere;

import static io.switchboard.ai.provider.cohere.CohereFixtures.CLIENT_MODEL;
import static io.switchboard.ai.provider.cohere.CohereFixtures.normalized;
import static io.switchboard.ai.provider.cohere.CohereFixtures.object;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import io.switchboard.ai.provider.spi.TranslationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code reasoning_effort} as Cohere's {@code thinking}, for the reasoning models only. */
final class CohereReasoningTest {

  private static final String REASONING_MODEL = "command-a-reasoning-08-2025";

  private final CohereChatTranslator translator = new CohereChatTranslator();

  private static TranslationContext context(String model) {
    return new TranslationContext(model, CLIENT_MODEL, false, false, "chatcmpl-1", 1_700_000_000L, 4096);
  }

  private JsonNode upstream(String model, String effort) {
    ObjectNode request = (ObjectNode) Json.MAPPER.readTree(
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"reasoning_effort\":" + effort + "}");
    return translator.toUpstream(request, context(model)).body();
  }

  @Test
  void aReasoningModelGetsAThinkingBudgetAsInTheGoldenFixture() {
    JsonNode upstream = translator.toUpstream(object("chat-reasoning.openai-request.json"),
        context(REASONING_MODEL)).body();

    assertThat(normalized(upstream)).isEqualTo(object("chat-reasoning.cohere-request.json"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"low\"     | {\"type\":\"enabled\",\"token_budget\":1024}",
      "\"medium\"  | {\"type\":\"enabled\",\"token_budget\":8192}",
      "\"high\"    | {\"type\":\"enabled\",\"token_budget\":24576}",
      "\"minimal\" | {\"type\":\"disabled\"}",
      "\"none\"    | {\"type\":\"disabled\"}"})
  void effortsMapOntoThinking(String effort, String thinking) {
    assertThat(normalized(upstream(REASONING_MODEL, effort).path("thinking"))).isEqualTo(Json.MAPPER.readTree(thinking));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "command-a-reasoning-08-2025 | null", "command-a-reasoning-08-2025 | \"extreme\"",
      "command-a-03-2025 | \"high\"", "command-r-plus-08-2024 | \"none\""})
  void otherModelsAndUnknownEffortsGetNoThinking(String model, String effort) {
    assertThat(upstream(model, effort).has("thinking")).isFalse();
  }
}
