package io.switchboard.ai.provider.gemini;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.openai.OpenAiShapes;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.provider.spi.TranslationContext;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pieces of the Gemini wire format shared by the chat, stream and embeddings translators: model names, finish
 * reasons, usage, tool call ids and small typed readers of client JSON. Stateless.
 */
final class GeminiWire {

  /** Gemini finish reasons meaning the output was withheld or cut by a content policy. */
  private static final Set<String> FILTERED = Set.of(
      "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY");

  private static final String MODEL_PREFIX = "models/";

  private GeminiWire() {
  }

  /**
   * The bare model id ({@code gemini-2.5-flash}) of a configured upstream model. Gemini's own listings name models
   * {@code models/gemini-2.5-flash}; operators copy either spelling, and the path template adds the prefix itself.
   */
  static String modelId(String upstreamModel) {
    return upstreamModel.startsWith(MODEL_PREFIX) ? upstreamModel.substring(MODEL_PREFIX.length()) : upstreamModel;
  }

  /**
   * Maps a Gemini {@code finishReason} to OpenAI's vocabulary.
   *
   * @param reason Gemini's reason, or {@code null} when the candidate carried none
   * @param calledFunctions whether the candidate asked for function calls; Gemini reports those as {@code STOP}
   *     while OpenAI clients loop on {@code tool_calls}
   */
  static String finishReason(@Nullable String reason, boolean calledFunctions) {
    if (reason == null || "STOP".equals(reason)) {
      return calledFunctions ? "tool_calls" : "stop";
    }
    if ("MAX_TOKENS".equals(reason)) {
      return "length";
    }
    return FILTERED.contains(reason) ? "content_filter" : "stop";
  }

  /**
   * Reads a Gemini {@code usageMetadata} object (missing counts are 0). Thinking tokens are billed as output, so
   * they count as completion tokens and are also reported as reasoning tokens. Tokens of tool-use prompts (e.g.
   * grounding results Gemini adds itself) are billed as input and count as prompt tokens.
   */
  static TokenUsage usage(JsonNode usageMetadata) {
    long prompt = count(usageMetadata, "promptTokenCount") + count(usageMetadata, "toolUsePromptTokenCount");
    long thoughts = count(usageMetadata, "thoughtsTokenCount");
    long completion = count(usageMetadata, "candidatesTokenCount") + thoughts;
    return new TokenUsage(prompt, completion, count(usageMetadata, "cachedContentTokenCount"), 0, thoughts);
  }

  /**
   * A tool call id for the {@code k}-th function call of a response. Gemini's function calls carry no id the client
   * could echo back, so ids are derived from the response id: unique within the response, stable across retries of
   * the same translation, and never sent upstream (Gemini matches responses to calls by name and order).
   */
  static String toolCallId(TranslationContext context, int k) {
    String id = context.responseId();
    String suffix = id.startsWith("chatcmpl-") ? id.substring("chatcmpl-".length()) : id;
    return "call_" + suffix + "_" + k;
  }

  /** An OpenAI {@code tool_calls} entry (without the stream's {@code index}) for a Gemini {@code functionCall}. */
  static ObjectNode toolCall(String id, JsonNode functionCall) {
    JsonNode args = functionCall.get("args");
    return OpenAiShapes.toolCall(id, functionCall.path("name").asString(""),
        args == null || args.isNull() ? "{}" : Json.MAPPER.writeValueAsString(args));
  }

  /** Whether a content part is model reasoning ({@code thought: true}), which is counted but never shown. */
  static boolean isThought(JsonNode part) {
    JsonNode thought = part.get("thought");
    return thought != null && thought.isBoolean() && thought.booleanValue();
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

  /** Parses client-supplied JSON text, or returns {@code null} when it is not JSON. */
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

  private static long count(JsonNode usageMetadata, String field) {
    JsonNode value = usageMetadata.get(field);
    return value != null && value.isNumber() ? value.asLong() : 0;
  }
}
