package io.switchboard.ai.provider.bedrock;

import io.switchboard.ai.Json;
import io.switchboard.ai.provider.openai.OpenAiShapes;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.provider.spi.TranslationContext;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps a Converse response to an OpenAI {@code chat.completion}: text blocks are joined into the content,
 * {@code toolUse} blocks become {@code tool_calls}, and the first
 * {@value io.switchboard.ai.provider.anthropic.AnthropicChatTranslator#JSON_RESPONSE_TOOL} call is the emulated JSON
 * answer, replacing any text. The text of {@code reasoningContent} blocks becomes {@code reasoning_content} (their
 * signatures and redacted reasoning only mean something to Bedrock); other blocks (citations) are dropped.
 */
final class BedrockResponseMapper {

  private BedrockResponseMapper() {
  }

  static ObjectNode toChatCompletion(JsonNode response, TranslationContext context) {
    StringBuilder text = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    boolean hasText = false;
    @Nullable String jsonAnswer = null;
    ArrayNode toolCalls = Json.array();
    for (JsonNode block : response.path("output").path("message").path("content")) {
      if (block.path("text").isString()) {
        text.append(block.path("text").asString());
        hasText = true;
      } else if (block.path("reasoningContent").path("reasoningText").path("text").isString()) {
        reasoning.append(block.path("reasoningContent").path("reasoningText").path("text").asString());
      } else if (block.path("toolUse").isObject()) {
        JsonNode use = block.path("toolUse");
        JsonNode input = use.get("input");
        String arguments = input == null || input.isNull() ? "{}" : Json.MAPPER.writeValueAsString(input);
        String name = use.path("name").asString("");
        if (!BedrockRequestMapper.isJsonResponseTool(name)) {
          toolCalls.add(OpenAiShapes.toolCall(use.path("toolUseId").asString(""), name, arguments));
        } else if (jsonAnswer == null) {
          jsonAnswer = arguments;
        }
      }
    }
    String content = jsonAnswer != null ? jsonAnswer : hasText ? text.toString() : null;
    return OpenAiShapes.withReasoning(OpenAiShapes.completion(context, content, toolCalls,
        finishReason(response.path("stopReason").asString(null), !toolCalls.isEmpty()),
        usage(response.path("usage"))), reasoning);
  }

  /**
   * Maps Converse's {@code stopReason}: {@code max_tokens} to {@code length}, {@code tool_use} to {@code tool_calls}
   * (or {@code stop} when only the JSON answer tool was called), {@code guardrail_intervened} and
   * {@code content_filtered} to {@code content_filter}, everything else ({@code end_turn}, {@code stop_sequence},
   * unknown) to {@code stop}.
   */
  static String finishReason(@Nullable String stopReason, boolean clientToolCalls) {
    if (stopReason == null) {
      return "stop";
    }
    return switch (stopReason) {
      case "max_tokens", "model_context_window_exceeded" -> "length";
      case "tool_use" -> clientToolCalls ? "tool_calls" : "stop";
      case "guardrail_intervened", "content_filtered" -> "content_filter";
      default -> "stop";
    };
  }

  /**
   * Reads a Converse {@code usage}. Its {@code inputTokens} excludes the cache reads and writes, which OpenAI's
   * {@code prompt_tokens} includes; hence the sum.
   */
  static TokenUsage usage(JsonNode usage) {
    long input = count(usage, "inputTokens");
    long cacheRead = count(usage, "cacheReadInputTokens");
    long cacheWrite = count(usage, "cacheWriteInputTokens");
    return new TokenUsage(input + cacheRead + cacheWrite, count(usage, "outputTokens"), cacheRead, cacheWrite, 0);
  }

  private static long count(JsonNode usage, String field) {
    JsonNode value = usage.path(field);
    return value.isNumber() ? value.asLong() : 0;
  }
}
