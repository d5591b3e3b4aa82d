package io.switchboard.ai.provider.bedrock;

import static io.switchboard.ai.provider.bedrock.BedrockFixtures.context;
import static io.switchboard.ai.provider.bedrock.BedrockFixtures.json;
import static io.switchboard.ai.provider.bedrock.BedrockFixtures.normalized;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code reasoning_effort} on Bedrock Converse: Claude's extended thinking and Nova 2's reasoning configuration in
 * {@code additionalModelRequestFields}; nothing for families without a documented field.
 */
final class BedrockReasoningTest {

  private static final String CLAUDE = "us.anthropic.claude-sonnet-4-20250514-v1:0";
  private static final String HI = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

  private final BedrockConverseTranslator translator = new BedrockConverseTranslator();

  private JsonNode converse(String model, String fields) {
    ObjectNode request = (ObjectNode) Json.MAPPER.readTree("{\"model\":\"m\"," + fields + "}");
    return normalized(translator.toUpstream(request, context(model, false, false)).body());
  }

  @Test
  void claudeThinksWithTheAnthropicBudgetAndEarlierReasoningIsNotSentBack() {
    JsonNode upstream = normalized(translator.toUpstream(
        (ObjectNode) json("chat-reasoning.openai-request.json"), context(CLAUDE, false, false)).body());

    assertThat(upstream).isEqualTo(json("chat-reasoning.bedrock-request.json"));
  }

  @Test
  void nova2GetsItsReasoningEffort() {
    JsonNode upstream = normalized(translator.toUpstream(
        (ObjectNode) json("chat-reasoning-nova.openai-request.json"), context("us.amazon.nova-2-lite-v1:0", false,
            false)).body());

    assertThat(upstream).isEqualTo(json("chat-reasoning-nova.bedrock-request.json"));
  }

  @Test
  void withoutAClientMaximumClaudeGetsTheDefaultTheBudgetWasCheckedAgainst() {
    JsonNode upstream = converse(CLAUDE, HI + ",\"reasoning_effort\":\"low\"");

    assertThat(upstream.path("inferenceConfig").path("maxTokens").asInt()).isEqualTo(4096);
    assertThat(upstream.path("additionalModelRequestFields").path("thinking").path("budget_tokens").asInt())
        .isEqualTo(1024);
    assertThat(converse(CLAUDE, HI).has("inferenceConfig")).isFalse();
  }

  @Test
  void withoutAClientMaximumABudgetAboveTheDefaultRaisesTheMaximumByTheBudget() {
    JsonNode upstream = converse(CLAUDE, HI + ",\"reasoning_effort\":\"high\"");

    assertThat(upstream.path("additionalModelRequestFields").path("thinking").path("budget_tokens").asInt())
        .isEqualTo(24576);
    assertThat(upstream.path("inferenceConfig").path("maxTokens").asInt()).isEqualTo(24576 + 4096);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "\"max_tokens\":1000,\"reasoning_effort\":\"low\"",
      "\"max_tokens\":16000,\"reasoning_effort\":\"minimal\"",
      "\"max_tokens\":16000,\"reasoning_effort\":\"medium\",\"temperature\":0.2",
      "\"max_tokens\":16000,\"reasoning_effort\":\"medium\",\"top_p\":0.5",
      "\"max_tokens\":16000,\"reasoning_effort\":\"medium\",\"response_format\":{\"type\":\"json_object\"}",
      "\"max_tokens\":16000,\"reasoning_effort\":\"medium\",\"tools\":[{\"type\":\"function\",\"function\":"
          + "{\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}}],\"tool_choice\":\"required\""})
  void claudeThinkingIsLeftOffWhereTheAnthropicTranslatorLeavesItOff(String fields) {
    JsonNode upstream = converse(CLAUDE, HI + "," + fields);

    assertThat(upstream.has("additionalModelRequestFields")).as(fields).isFalse();
  }

  @Test
  void claudeThinkingIsLeftOffOnceTheConversationHoldsToolCalls() {
    String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"},{\"role\":\"assistant\","
        + "\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\","
        + "\"arguments\":\"{}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"sunny\"}]";

    assertThat(converse(CLAUDE, messages + ",\"max_tokens\":16000,\"reasoning_effort\":\"high\"")
        .has("additionalModelRequestFields")).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"anthropic.claude-3-5-sonnet-20240620-v1:0, medium", "us.deepseek.r1-v1:0, high",
      "meta.llama3-3-70b-instruct-v1:0, low", "amazon.nova-pro-v1:0, medium", "us.amazon.nova-2-lite-v1:0, minimal",
      "mistral.mistral-large-2407-v1:0, high"})
  void familiesWithoutADocumentedFieldGetNothing(String model, String effort) {
    JsonNode upstream = converse(model, HI + ",\"max_tokens\":16000,\"reasoning_effort\":\"" + effort + "\"");

    assertThat(upstream.has("additionalModelRequestFields")).isFalse();
    assertThat(upstream.path("inferenceConfig").path("maxTokens").asInt()).isEqualTo(16000);
  }
}
