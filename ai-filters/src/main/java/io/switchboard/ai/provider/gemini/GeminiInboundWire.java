package io.switchboard.ai.provider.gemini;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.openai.OpenAiShapes;
import io.switchboard.ai.provider.spi.InboundContext;
import io.switchboard.ai.provider.spi.TokenUsage;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pieces of the Gemini wire format as the gateway <em>answers</em> it to Gemini clients, shared by
 * {@link GeminiInboundTranslator}, {@link GeminiInboundStream} and {@link GeminiInboundEmbeddings}: field lookup in
 * client JSON, {@code GenerateContentResponse} envelopes, finish reasons, usage and Google-style error bodies.
 * Stateless.
 */
final class GeminiInboundWire {

  private GeminiInboundWire() {
  }

  /**
   * A field of a Gemini client's JSON object, under its proto JSON name ({@code systemInstruction}) or, failing
   * that, its original proto name ({@code system_instruction}): Google's parsers accept both, and Google's own REST
   * samples use the snake_case spelling. Only ever used for API field names, never for user data such as function
   * arguments or schema property names.
   *
   * @return the value, or {@code null} when {@code node} is not an object or has neither spelling
   */
  static @Nullable JsonNode field(@Nullable JsonNode node, String camelName) {
    if (node == null || !node.isObject()) {
      return null;
    }
    JsonNode value = node.get(camelName);
    return value != null ? value : node.get(snakeCase(camelName));
  }

  /** A string field (either spelling), or {@code null} when absent or not a string. */
  static @Nullable String string(@Nullable JsonNode node, String camelName) {
    JsonNode value = field(node, camelName);
    return value != null && value.isString() ? value.asString() : null;
  }

  /** {@code fooBarBaz} as {@code foo_bar_baz}. */
  static String snakeCase(String camelName) {
    StringBuilder snake = new StringBuilder(camelName.length() + 4);
    for (int i = 0; i < camelName.length(); i++) {
      char c = camelName.charAt(i);
      if (Character.isUpperCase(c)) {
        snake.append('_').append(Character.toLowerCase(c));
      } else {
        snake.append(c);
      }
    }
    return snake.toString();
  }

  /**
   * A {@code GenerateContentResponse}: the candidates (omitted when {@code null}), the usage (omitted when
   * {@code null}), then {@code modelVersion} (the model as the client named it) and {@code responseId}, which
   * Gemini repeats on every stream event too.
   */
  static ObjectNode response(@Nullable ArrayNode candidates, @Nullable ObjectNode usageMetadata,
      InboundContext context) {
    ObjectNode response = Json.object();
    if (candidates != null) {
      response.set("candidates", candidates);
    }
    if (usageMetadata != null) {
      response.set("usageMetadata", usageMetadata);
    }
    response.put("modelVersion", context.model());
    response.put("responseId", context.responseId());
    return response;
  }

  /**
   * A candidate: {@code content} (role {@code model}) only when there are parts, as Gemini omits it for output
   * withheld by a safety filter; {@code finishReason} only when known; {@code index} always.
   */
  static ObjectNode candidate(int index, ArrayNode parts, @Nullable String finishReason) {
    ObjectNode candidate = Json.object();
    if (!parts.isEmpty()) {
      ObjectNode content = candidate.putObject("content");
      content.put("role", "model");
      content.set("parts", parts);
    }
    if (finishReason != null) {
      candidate.put("finishReason", finishReason);
    }
    candidate.put("index", index);
    return candidate;
  }

  /**
   * Maps an OpenAI {@code finish_reason} to Gemini's: {@code stop} and {@code tool_calls} (Gemini reports function
   * calls as a normal stop) are {@code STOP}, {@code length} is {@code MAX_TOKENS}, {@code content_filter} is
   * {@code SAFETY}; any other reason is {@code OTHER}.
   *
   * @return the Gemini reason, or {@code null} for a missing or JSON-null reason
   */
  static @Nullable String finishReason(@Nullable JsonNode reason) {
    if (reason == null || !reason.isString()) {
      return null;
    }
    return switch (reason.asString()) {
      case "stop", "tool_calls", "function_call" -> "STOP";
      case "length" -> "MAX_TOKENS";
      case "content_filter" -> "SAFETY";
      default -> "OTHER";
    };
  }

  /**
   * Gemini's {@code usageMetadata} for an OpenAI {@code usage}. OpenAI's completion tokens include reasoning tokens
   * while Gemini counts thoughts apart, so {@code candidatesTokenCount} is completion minus reasoning.
   * {@code thoughtsTokenCount} and {@code cachedContentTokenCount} are omitted when 0, as Gemini does.
   *
   * @return the metadata, or {@code null} when {@code usage} is not an object
   */
  static @Nullable ObjectNode usageMetadata(@Nullable JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return null;
    }
    TokenUsage tokens = OpenAiShapes.usageOf(usage);
    ObjectNode metadata = Json.object();
    metadata.put("promptTokenCount", tokens.promptTokens());
    metadata.put("candidatesTokenCount", Math.max(0, tokens.completionTokens() - tokens.reasoningTokens()));
    if (tokens.reasoningTokens() > 0) {
      metadata.put("thoughtsTokenCount", tokens.reasoningTokens());
    }
    metadata.put("totalTokenCount", tokens.totalTokens());
    if (tokens.cachedTokens() > 0) {
      metadata.put("cachedContentTokenCount", tokens.cachedTokens());
    }
    return metadata;
  }

  /**
   * A {@code functionCall} part for a complete canonical tool call. Gemini's {@code args} is a JSON object; an
   * empty argument string stands for no arguments.
   *
   * @throws AiException (502) when the model's arguments are not a JSON object, which a Gemini client cannot receive
   */
  static ObjectNode functionCallPart(String name, String arguments) {
    JsonNode args = arguments.isBlank() ? Json.object() : GeminiWire.parseOrNull(arguments);
    if (args == null || !args.isObject()) {
      throw AiException.upstream("The model returned arguments for function '" + name
          + "' that are not a JSON object.", null);
    }
    ObjectNode part = Json.object();
    ObjectNode call = part.putObject("functionCall");
    call.put("name", name);
    call.set("args", args);
    return part;
  }

  /**
   * Google's error body: {@code {error: {code, message, status}}}, plus, as Google's APIs send them, a
   * {@code google.rpc.BadRequest} detail naming the offending field when the error has a {@code param}, and a
   * {@code google.rpc.RetryInfo} detail when {@code Retry-After} is a number of seconds.
   */
  static ObjectNode error(AiException error) {
    ObjectNode body = Json.object();
    ObjectNode inner = body.putObject("error");
    inner.put("code", error.status());
    inner.put("message", error.getMessage());
    inner.put("status", statusName(error.status()));
    ArrayNode details = Json.array();
    if (error.param() != null) {
      ObjectNode badRequest = details.addObject().put("@type", "type.googleapis.com/google.rpc.BadRequest");
      badRequest.putArray("fieldViolations").addObject()
          .put("field", error.param())
          .put("description", error.getMessage());
    }
    String retryAfter = error.retryAfter();
    if (retryAfter != null && !retryAfter.isEmpty() && retryAfter.chars().allMatch(Character::isDigit)) {
      details.addObject()
          .put("@type", "type.googleapis.com/google.rpc.RetryInfo")
          .put("retryDelay", Long.parseLong(retryAfter) + "s");
    }
    if (!details.isEmpty()) {
      inner.set("details", details);
    }
    return body;
  }

  /**
   * The {@code google.rpc.Code} name Google's APIs pair with an HTTP status. Statuses Google never answers map to
   * the nearest code: 413 to {@code INVALID_ARGUMENT} (Gemini rejects oversized requests so), other 4xx to
   * {@code FAILED_PRECONDITION}, other 5xx to {@code INTERNAL}.
   */
  static String statusName(int status) {
    return switch (status) {
      case 400, 413 -> "INVALID_ARGUMENT";
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "PERMISSION_DENIED";
      case 404 -> "NOT_FOUND";
      case 409 -> "ABORTED";
      case 429 -> "RESOURCE_EXHAUSTED";
      case 499 -> "CANCELLED";
      case 501 -> "UNIMPLEMENTED";
      case 502, 503 -> "UNAVAILABLE";
      case 504 -> "DEADLINE_EXCEEDED";
      default -> status >= 500 ? "INTERNAL" : status >= 400 ? "FAILED_PRECONDITION" : "UNKNOWN";
    };
  }
}
