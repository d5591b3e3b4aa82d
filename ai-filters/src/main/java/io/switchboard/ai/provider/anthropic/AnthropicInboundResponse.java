package io.switchboard.ai.provider.anthropic;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiErrors;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.openai.OpenAiShapes;
import io.switchboard.ai.provider.spi.InboundContext;
import io.switchboard.ai.provider.spi.TokenUsage;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps a canonical {@code chat.completion} to an Anthropic {@code message}, and holds what the Anthropic client's
 * stream shares with it: stop reasons, usage and error bodies. The other direction of
 * {@link AnthropicResponseMapper}.
 */
final class AnthropicInboundResponse {

  private AnthropicInboundResponse() {
  }

  /**
   * Only choice 0 is used: an Anthropic message has one answer, and the canonical request never asks for more. Its
   * {@code reasoning_content} becomes a thinking block (with an empty signature), its text one text block (none when
   * empty), followed by a {@code tool_use} block per tool call.
   *
   * @throws AiException 502 when a tool call's arguments are not a JSON object, since Anthropic's {@code input} must
   *     be one and the client could not use the call anyway
   */
  static ObjectNode toMessage(JsonNode completion, InboundContext context) {
    JsonNode message = completion.path("choices").path(0).path("message");
    ArrayNode content = Json.array();
    String reasoning = OpenAiShapes.reasoningOf(message);
    if (reasoning != null) {
      // The signature is Anthropic's own; the upstream that thought was another provider.
      content.addObject().put("type", "thinking").put("thinking", reasoning).put("signature", "");
    }
    String text = text(message);
    if (!text.isEmpty()) {
      content.addObject().put("type", "text").put("text", text);
    }
    JsonNode toolCalls = message.path("tool_calls");
    for (JsonNode call : toolCalls) {
      JsonNode function = call.path("function");
      content.addObject()
          .put("type", "tool_use")
          .put("id", call.path("id").asString(""))
          .put("name", function.path("name").asString(""))
          .set("input", input(function.get("arguments")));
    }
    String finishReason = completion.path("choices").path(0).path("finish_reason").asString(null);
    ObjectNode out = Json.object()
        .put("id", context.responseId())
        .put("type", "message")
        .put("role", "assistant")
        .put("model", context.model());
    out.set("content", content);
    out.put("stop_reason", stopReason(finishReason, !toolCalls.isEmpty()));
    out.putNull("stop_sequence");
    out.set("usage", usage(OpenAiShapes.usageOf(completion.get("usage"))));
    return out;
  }

  /**
   * Maps OpenAI's {@code finish_reason} to Anthropic's {@code stop_reason}. Which stop sequence matched is not known
   * canonically, so a stop is always {@code end_turn}.
   *
   * @param toolCalls whether the answer called tools: some upstreams finish such a turn with {@code stop}, but an
   *     Anthropic client only runs its tool loop on {@code tool_use}
   */
  static String stopReason(@Nullable String finishReason, boolean toolCalls) {
    String mapped = switch (finishReason == null ? "" : finishReason) {
      case "length" -> "max_tokens";
      case "tool_calls", "function_call" -> "tool_use";
      case "content_filter" -> "refusal";
      default -> "end_turn";
    };
    return toolCalls && mapped.equals("end_turn") ? "tool_use" : mapped;
  }

  /**
   * Anthropic's {@code input_tokens} excludes the tokens read from the prompt cache, whereas OpenAI's
   * {@code prompt_tokens} includes them; hence the difference. Cache writes are not reported canonically.
   */
  static ObjectNode usage(TokenUsage usage) {
    return Json.object()
        .put("input_tokens", inputTokens(usage))
        .put("output_tokens", usage.completionTokens())
        .put("cache_read_input_tokens", usage.cachedTokens())
        .put("cache_creation_input_tokens", 0);
  }

  static long inputTokens(TokenUsage usage) {
    return Math.max(0, usage.promptTokens() - usage.cachedTokens());
  }

  /** Anthropic's error body; the one mapping lives in {@link AiErrors}. */
  static ObjectNode error(AiException error) {
    return AiErrors.anthropicEnvelope(error);
  }

  /** The answer's text: a string, or (from some upstreams) an array of text parts; a refusal when there is none. */
  private static String text(JsonNode message) {
    JsonNode content = message.path("content");
    StringBuilder text = new StringBuilder();
    if (content.isString()) {
      text.append(content.asString());
    } else if (content.isArray()) {
      for (JsonNode part : content) {
        text.append(part.path("text").asString(""));
      }
    }
    if (text.isEmpty() && message.path("refusal").isString()) {
      // OpenAI puts a refusal here instead of in content; it is what the model said.
      text.append(message.path("refusal").asString());
    }
    return text.toString();
  }

  private static JsonNode input(@Nullable JsonNode arguments) {
    if (arguments == null || arguments.isNull()) {
      return Json.object();
    }
    if (arguments.isObject()) {
      return arguments.deepCopy();
    }
    String raw = arguments.asString("").strip();
    if (raw.isEmpty()) {
      return Json.object();
    }
    try {
      JsonNode parsed = Json.MAPPER.readTree(raw);
      if (parsed.isObject()) {
        return parsed;
      }
    } catch (JacksonException e) {
      // Reported below, like a value that is not an object.
    }
    throw AiException.upstream("The model called a tool with arguments that are not a JSON object.",
        "invalid_tool_arguments");
  }
}
