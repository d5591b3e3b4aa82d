package io.switchboard.ai.provider.cohere;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.TokenUsage;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Pieces of the Cohere API v2 wire format shared by the chat, stream and embeddings translators: paths, finish
 * reasons, usage and small typed readers of JSON. Stateless.
 */
final class CohereWire {

  /** Path of the v2 Chat API relative to the provider's base URL ({@code https://api.cohere.com}). */
  static final String CHAT_PATH = "/v2/chat";

  /** Path of the v2 Embed API relative to the provider's base URL. */
  static final String EMBED_PATH = "/v2/embed";

  private CohereWire() {
  }

  /**
   * Maps Cohere's {@code finish_reason} to OpenAI's vocabulary.
   *
   * @param reason Cohere's reason, or {@code null} when none was given
   * @param calledTools whether the turn produced tool calls; decides a missing reason
   */
  static String finishReason(@Nullable String reason, boolean calledTools) {
    if (reason == null) {
      return calledTools ? "tool_calls" : "stop";
    }
    return switch (reason) {
      case "MAX_TOKENS" -> "length";
      case "TOOL_CALL" -> "tool_calls";
      // COMPLETE, STOP_SEQUENCE, ERROR, TIMEOUT and reasons added later.
      default -> "stop";
    };
  }

  /**
   * Reads a Cohere {@code usage} object. {@code tokens} counts what the model actually processed (prompt template
   * included) and is what OpenAI reports; {@code billed_units} is the fallback, count by count, when a response
   * (older models, some deployments) carries only that.
   */
  static TokenUsage usage(@Nullable JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return TokenUsage.NONE;
    }
    JsonNode tokens = usage.path("tokens");
    JsonNode billed = usage.path("billed_units");
    long input = count(tokens, "input_tokens", count(billed, "input_tokens", 0));
    long output = count(tokens, "output_tokens", count(billed, "output_tokens", 0));
    return TokenUsage.of(input, output);
  }

  /** A numeric count (Cohere sometimes writes them as {@code 5.0}), or {@code fallback} when absent. */
  static long count(JsonNode node, String field, long fallback) {
    JsonNode value = node.path(field);
    return value.isNumber() ? value.asLong() : fallback;
  }

  /** The value of a string field, or {@code null} when it is absent or not a string. */
  static @Nullable String text(@Nullable JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isString() ? value.asString() : null;
  }

  /** Whether a field is absent or JSON {@code null}; OpenAI clients send explicit nulls for unset options. */
  static boolean absent(@Nullable JsonNode value) {
    return value == null || value.isNull() || value.isMissingNode();
  }

  /** Parses provider-sent JSON text, or returns {@code null} when it is not JSON. */
  static @Nullable JsonNode parseOrNull(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (JacksonException e) {
      return null;
    }
  }

  static AiException invalid(String message, String param) {
    return AiException.invalidRequest(message, param);
  }
}
