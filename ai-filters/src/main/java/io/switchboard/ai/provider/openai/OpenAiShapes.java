package io.switchboard.ai.provider.openai;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.provider.spi.TranslationContext;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builders and readers of the canonical dialect's (OpenAI Chat Completions) recurring shapes, shared by every
 * translator so that all providers produce exactly the same usage objects, chunk headers and tool calls.
 */
public final class OpenAiShapes {

  private OpenAiShapes() {
  }

  /** An OpenAI {@code usage} object, with both detail objects as OpenAI itself sends them. */
  public static ObjectNode usage(TokenUsage usage) {
    ObjectNode json = Json.object()
        .put("prompt_tokens", usage.promptTokens())
        .put("completion_tokens", usage.completionTokens())
        .put("total_tokens", usage.totalTokens());
    json.putObject("prompt_tokens_details").put("cached_tokens", usage.cachedTokens());
    json.putObject("completion_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
    return json;
  }

  /** Reads an OpenAI {@code usage} object; anything else reads as {@link TokenUsage#NONE}. */
  public static TokenUsage usageOf(JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return TokenUsage.NONE;
    }
    return new TokenUsage(usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0),
        usage.path("prompt_tokens_details").path("cached_tokens").asLong(0), 0,
        usage.path("completion_tokens_details").path("reasoning_tokens").asLong(0));
  }

  /** The fields every {@code chat.completion.chunk} of a translated stream starts with. */
  public static ObjectNode chunk(TranslationContext context) {
    return Json.object()
        .put("id", context.responseId())
        .put("object", "chat.completion.chunk")
        .put("created", context.created())
        .put("model", context.clientModel());
  }

  /** The final chunk of a stream whose client asked for usage: no choices, only {@code usage}. */
  public static ObjectNode usageChunk(TranslationContext context, TokenUsage usage) {
    ObjectNode chunk = chunk(context);
    chunk.putArray("choices");
    chunk.set("usage", usage(usage));
    return chunk;
  }

  /**
   * An embedding as OpenAI sends it for {@code encoding_format: base64}: the little-endian float32 bytes of the
   * vector, base64-encoded.
   */
  public static String base64Embedding(JsonNode values) {
    java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(Float.BYTES * values.size())
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (JsonNode value : values) {
      bytes.putFloat((float) value.asDouble());
    }
    return java.util.Base64.getEncoder().encodeToString(bytes.array());
  }

  /**
   * A one-choice {@code chat.completion}, as translators of single-answer providers produce it.
   *
   * @param content the answer's text, or {@code null} when it has none
   * @param toolCalls complete {@code tool_calls} entries (possibly empty)
   */
  public static ObjectNode completion(TranslationContext context, @Nullable String content, ArrayNode toolCalls,
      String finishReason, TokenUsage usage) {
    ObjectNode message = Json.object().put("role", "assistant");
    message.put("content", content);
    if (!toolCalls.isEmpty()) {
      message.set("tool_calls", toolCalls);
    }
    ObjectNode completion = Json.object()
        .put("id", context.responseId())
        .put("object", "chat.completion")
        .put("created", context.created())
        .put("model", context.clientModel());
    ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
    choice.set("message", message);
    choice.put("finish_reason", finishReason);
    choice.putNull("logprobs");
    completion.set("usage", usage(usage));
    return completion;
  }

  /**
   * The canonical field of a model's reasoning text, on a message and on a stream delta: DeepSeek's
   * {@code reasoning_content}, which OpenAI-compatible servers (DeepSeek, vLLM, SGLang, Together, ...) send as is.
   */
  public static final String REASONING_CONTENT = "reasoning_content";

  /** Puts the reasoning text on the completion's message, when there is any. */
  public static ObjectNode withReasoning(ObjectNode completion, @Nullable CharSequence reasoning) {
    if (reasoning != null && !reasoning.isEmpty()) {
      ((ObjectNode) completion.path("choices").path(0).path("message")).put(REASONING_CONTENT, reasoning.toString());
    }
    return completion;
  }

  /**
   * The thinking budget in tokens that a canonical {@code reasoning_effort} asks of providers that take a budget
   * (Anthropic's {@code thinking.budget_tokens}, Gemini's {@code thinkingBudget}): {@code low} 1024 (Anthropic's
   * minimum), {@code medium} 8192, {@code high} 24576 (Gemini Flash's maximum); 0 for anything else ({@code minimal},
   * {@code none}, absent), which asks for no thinking. The inverse buckets of the inbound translators map these
   * budgets back to the same efforts.
   */
  public static long reasoningBudget(@Nullable JsonNode effort) {
    if (effort == null || !effort.isString()) {
      return 0;
    }
    return switch (effort.asString()) {
      case "low" -> 1024;
      case "medium" -> 8192;
      case "high" -> 24576;
      default -> 0;
    };
  }

  /** The reasoning text of a canonical message or stream delta, or {@code null}. */
  public static @Nullable String reasoningOf(JsonNode messageOrDelta) {
    JsonNode reasoning = messageOrDelta.get(REASONING_CONTENT);
    return reasoning != null && reasoning.isString() && !reasoning.asString().isEmpty() ? reasoning.asString() : null;
  }

  /** A complete {@code tool_calls} entry. */
  public static ObjectNode toolCall(String id, String name, String arguments) {
    ObjectNode call = Json.object().put("id", id).put("type", "function");
    call.putObject("function").put("name", name).put("arguments", arguments);
    return call;
  }

  /**
   * Validates the canonical request's {@code tools} and returns them normalised (function tools only; a missing
   * {@code parameters} becomes an empty object schema, which stricter providers require; {@code strict} dropped),
   * or {@code null} when there are none. Shared by the translators whose providers take OpenAI-shaped tools.
   *
   * @param provider named in the error for non-function tools
   */
  public static @Nullable ArrayNode functionTools(@Nullable JsonNode tools, String provider) {
    if (isAbsent(tools)) {
      return null;
    }
    if (!tools.isArray()) {
      throw AiException.invalidRequest("'tools' must be an array.", "tools");
    }
    if (tools.isEmpty()) {
      return null;
    }
    ArrayNode out = Json.array();
    for (int i = 0; i < tools.size(); i++) {
      JsonNode tool = tools.get(i);
      String at = "tools[" + i + "]";
      if (!"function".equals(textOf(tool, "type"))) {
        throw AiException.invalidRequest("Only function tools are supported by " + provider + ".", at + ".type");
      }
      JsonNode function = tool.path("function");
      String name = textOf(function, "name");
      if (name == null || name.isEmpty()) {
        throw AiException.invalidRequest("A function tool needs 'function.name'.", at + ".function.name");
      }
      ObjectNode declaration = out.addObject().put("type", "function").putObject("function").put("name", name);
      String description = textOf(function, "description");
      if (description != null) {
        declaration.put("description", description);
      }
      JsonNode parameters = function.get("parameters");
      if (isAbsent(parameters)) {
        declaration.putObject("parameters").put("type", "object").putObject("properties");
      } else if (parameters.isObject()) {
        declaration.set("parameters", parameters.deepCopy());
      } else {
        throw AiException.invalidRequest("Function parameters must be a JSON Schema object.", at + ".function.parameters");
      }
    }
    return out;
  }

  private static boolean isAbsent(@Nullable JsonNode value) {
    return value == null || value.isNull() || value.isMissingNode();
  }

  private static @Nullable String textOf(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isString() ? value.asString() : null;
  }
}
