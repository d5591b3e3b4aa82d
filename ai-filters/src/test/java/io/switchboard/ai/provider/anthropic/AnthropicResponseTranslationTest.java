package io.switchboard.ai.provider.anthropic;

import static io.switchboard.ai.provider.anthropic.AnthropicFixtures.context;
import static io.switchboard.ai.provider.anthropic.AnthropicFixtures.json;
import static io.switchboard.ai.provider.anthropic.AnthropicFixtures.parse;
import static io.switchboard.ai.provider.anthropic.AnthropicFixtures.wire;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.provider.spi.TokenUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

final class AnthropicResponseTranslationTest {

  private final AnthropicChatTranslator translator = new AnthropicChatTranslator();

  @ParameterizedTest
  @ValueSource(strings = {"response-text", "response-tools", "response-cache", "response-json"})
  void translatesGoldenResponses(String name) {
    JsonNode completion = translator.fromUpstream(json(name + ".anthropic-response.json"), context(false, false));
    assertThat(wire(completion)).isEqualTo(json(name + ".openai-response.json"));
  }

  @Test
  void countsCachedTokensIntoThePrompt() {
    assertThat(translator.usageOf(json("response-cache.anthropic-response.json")))
        .isEqualTo(new TokenUsage(1745, 64, 1536, 188, 0));
  }

  @Test
  void readsPlainUsage() {
    assertThat(translator.usageOf(json("response-tools.anthropic-response.json")))
        .isEqualTo(new TokenUsage(472, 131, 0, 0, 0));
  }

  @Test
  void readsMissingUsageAsZero() {
    assertThat(translator.usageOf(parse("{\"type\": \"message\", \"content\": []}"))).isEqualTo(TokenUsage.NONE);
  }

  @Test
  void contentIsNullWithoutText() {
    JsonNode completion = translator.fromUpstream(parse("""
        {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5-20250929",
         "content": [{"type": "tool_use", "id": "toolu_1", "name": "get_time", "input": {}}],
         "stop_reason": "tool_use", "stop_sequence": null,
         "usage": {"input_tokens": 5, "output_tokens": 7}}"""), context(false, false));
    JsonNode message = completion.get("choices").get(0).get("message");
    assertThat(message.get("content").isNull()).isTrue();
    assertThat(message.get("tool_calls").get(0).get("function").get("arguments").asString()).isEqualTo("{}");
  }

  @Test
  void jsonAnswerNextToClientToolCallsFinishesWithToolCalls() {
    JsonNode choice = translator.fromUpstream(parse("""
        {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5-20250929",
         "content": [
           {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Paris"}},
           {"type": "tool_use", "id": "toolu_2", "name": "json_response", "input": {"ok": true}}],
         "stop_reason": "tool_use", "usage": {"input_tokens": 5, "output_tokens": 7}}"""), context(false, false))
        .get("choices").get(0);
    assertThat(choice.get("finish_reason").asString()).isEqualTo("tool_calls");
    assertThat(choice.get("message").get("content").asString()).isEqualTo("{\"ok\":true}");
    assertThat(choice.get("message").get("tool_calls")).hasSize(1);
  }

  @ParameterizedTest
  @CsvSource({"end_turn, stop", "stop_sequence, stop", "max_tokens, length", "tool_use, tool_calls",
      "refusal, content_filter", "pause_turn, stop", "model_context_window_exceeded, length",
      "something_new, stop"})
  void mapsStopReasons(String stopReason, String finishReason) {
    JsonNode completion = translator.fromUpstream(parse("""
        {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5-20250929",
         "content": [
           {"type": "text", "text": "Hm."},
           {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Paris"}}],
         "stop_reason": "%s", "usage": {"input_tokens": 5, "output_tokens": 7}}""".formatted(stopReason)),
        context(false, false));
    assertThat(completion.get("choices").get(0).get("finish_reason").asString()).isEqualTo(finishReason);
  }
}
