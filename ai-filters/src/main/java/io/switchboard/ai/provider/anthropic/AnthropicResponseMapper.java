package io.switchboard.ai.provider.anthropic;

import static io.switchboard.ai.provider.anthropic.AnthropicChatTranslator.JSON_RESPONSE_TOOL;

import io.switchboard.ai.Json;
import io.switchboard.ai.provider.openai.OpenAiShapes;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.provider.spi.TranslationContext;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps a non-streamed Anthropic message to an OpenAI {@code chat.completion}, and holds the mappings shared with
 * {@link AnthropicStreamTranslator}: finish reasons and usage.
 */
final class AnthropicResponseMapper {

  private AnthropicResponseMapper() {
  }

  /**
   * Text blocks are joined into {@code content}; {@code tool_use} blocks become {@code tool_calls}; the text of
   * thinking blocks becomes {@code reasoning_content} (their signatures, and redacted thinking, only mean something to
   * Anthropic); other blocks OpenAI cannot express are dropped. A {@value AnthropicChatTranslator#JSON_RESPONSE_TOOL} call is the
   * emulated JSON answer: its input becomes the content and replaces any text, since a preamble would make the
   * content invalid JSON for a client that asked for JSON. Only the first such call counts.
   */
  static ObjectNode toChatCompletion(JsonNode response, TranslationContext context) {
    StringBuilder text = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    boolean hasText = false;
    @Nullable String jsonAnswer = null;
    ArrayNode toolCalls = Json.array();
    for (JsonNode block : response.path("content")) {
      switch (block.path("type").asString("")) {
        case "text" -> {
          text.append(block.path("text").asString(""));
          hasText = true;
        }
        case "tool_use" -> {
          String input = compactInput(block.get("input"));
          if (!JSON_RESPONSE_TOOL.equals(block.path("name").asString(""))) {
            toolCalls.add(OpenAiShapes.toolCall(block.path("id").asString(""), block.path("name").asString(""), input));
          } else if (jsonAnswer == null) {
            jsonAnswer = input;
          }
        }
        case "thinking" -> reasoning.append(block.path("thinking").asString(""));
        default -> {
          // redacted_thinking (encrypted), and server-side tool blocks have no OpenAI counterpart.
        }
      }
    }
    String content = jsonAnswer != null ? jsonAnswer : hasText ? text.toString() : null;
    return OpenAiShapes.withReasoning(OpenAiShapes.completion(context, content, toolCalls,
        finishReason(response.path("stop_reason").asString(null), !toolCalls.isEmpty()),
        usage(response.path("usage"))), reasoning);
  }

  /**
   * Maps Anthropic's {@code stop_reason} to OpenAI's {@code finish_reason}.
   *
   * @param clientToolCalls whether the turn called any of the client's tools; a turn that only called
   *     {@value AnthropicChatTranslator#JSON_RESPONSE_TOOL} gave its final answer and so finished with {@code stop}
   */
  static String finishReason(@Nullable String stopReason, boolean clientToolCalls) {
    if (stopReason == null) {
      return "stop";
    }
    return switch (stopReason) {
      // The context window ran out: for the client this is a cut-off answer, like max_tokens.
      case "max_tokens", "model_context_window_exceeded" -> "length";
      case "tool_use" -> clientToolCalls ? "tool_calls" : "stop";
      case "refusal" -> "content_filter";
      // end_turn, stop_sequence, pause_turn (a server tool paused the turn) and reasons added later.
      default -> "stop";
    };
  }

  /**
   * Reads an Anthropic {@code usage} object. Anthropic's {@code input_tokens} excludes the tokens read from or
   * written to the prompt cache, whereas OpenAI's {@code prompt_tokens} counts every input token; hence the sum.
   */
  static TokenUsage usage(JsonNode usage) {
    long input = count(usage, "input_tokens");
    long cacheRead = count(usage, "cache_read_input_tokens");
    long cacheWrite = count(usage, "cache_creation_input_tokens");
    return new TokenUsage(input + cacheRead + cacheWrite, count(usage, "output_tokens"), cacheRead, cacheWrite, 0);
  }

  /** Missing and null counts (Anthropic sends {@code null} for cache counts in some events) read as 0. */
  static long count(JsonNode usage, String field) {
    JsonNode value = usage.path(field);
    return value.isNumber() ? value.asLong() : 0;
  }

  private static String compactInput(@Nullable JsonNode input) {
    return input == null || input.isNull() ? "{}" : Json.MAPPER.writeValueAsString(input);
  }
}
