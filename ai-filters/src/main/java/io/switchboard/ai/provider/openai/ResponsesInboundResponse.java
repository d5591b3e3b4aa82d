package io.switchboard.ai.provider.openai;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiErrors;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.InboundContext;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps a canonical {@code chat.completion} to a Responses API {@code response} object, and errors to OpenAI's
 * error envelope.
 *
 * <ul>
 *   <li>Only choice 0 is used: a response has one answer, and the canonical request never asks for more.</li>
 *   <li>The answer's text becomes one {@code message} item holding one {@code output_text} part (a refusal, one
 *       {@code refusal} part after it); an answer without text or refusal has no message item. Each tool call then
 *       becomes a {@code function_call} item whose {@code call_id} is the tool call's id.</li>
 *   <li>{@code status} is {@code completed}, or {@code incomplete} with {@code incomplete_details.reason}
 *       {@code max_output_tokens} or {@code content_filter} when the canonical {@code finish_reason} is
 *       {@code length} or {@code content_filter}; then the last item, the one that was cut off, is
 *       {@code incomplete} too.</li>
 *   <li>Missing usage reads as zero tokens.</li>
 * </ul>
 *
 * <p>Ids and the fields that echo the request are described in {@link ResponsesInboundItems}. The completion is
 * never modified.
 */
final class ResponsesInboundResponse {

  private ResponsesInboundResponse() {
  }

  static ObjectNode toResponse(JsonNode completion, InboundContext context) {
    JsonNode choice = completion.path("choices").path(0);
    JsonNode message = choice.path("message");
    String reason = ResponsesInboundItems.incompleteReason(choice.path("finish_reason").asString(null));
    ArrayNode output = Json.array();

    String reasoning = OpenAiShapes.reasoningOf(message);
    if (reasoning != null) {
      output.add(ResponsesInboundItems.reasoning(ResponsesInboundItems.reasoningId(context, output.size()),
          "completed", Json.array().add(ResponsesInboundItems.reasoningText(reasoning))));
    }
    ArrayNode content = Json.array();
    String text = text(message.path("content"));
    if (!text.isEmpty()) {
      content.add(ResponsesInboundItems.outputText(text));
    }
    String refusal = message.path("refusal").asString("");
    if (!refusal.isEmpty()) {
      content.add(ResponsesInboundItems.refusal(refusal));
    }
    if (!content.isEmpty()) {
      output.add(ResponsesInboundItems.message(ResponsesInboundItems.messageId(context, output.size()), "completed",
          content));
    }
    JsonNode toolCalls = message.path("tool_calls");
    for (int i = 0; i < toolCalls.size(); i++) {
      JsonNode call = toolCalls.get(i);
      JsonNode function = call.path("function");
      String callId = call.path("id").asString("");
      output.add(ResponsesInboundItems.functionCall(ResponsesInboundItems.functionCallId(context, output.size()),
          "completed", callId.isEmpty() ? ResponsesInboundItems.callId(context, i) : callId,
          function.path("name").asString(""), arguments(function.get("arguments"))));
    }
    if (reason != null && !output.isEmpty()) {
      ((ObjectNode) output.get(output.size() - 1)).put("status", "incomplete");
    }
    ObjectNode usage = ResponsesInboundItems.usage(OpenAiShapes.usageOf(completion.get("usage")));
    return ResponsesInboundItems.response(context, reason == null ? "completed" : "incomplete", output, reason,
        usage, null);
  }

  /** OpenAI's error envelope, which the Responses API shares with Chat Completions. */
  static ObjectNode error(AiException error) {
    return AiErrors.openAiEnvelope(error);
  }

  /** The answer's text: a string, or (from some upstreams) an array of text parts, joined. */
  private static String text(JsonNode content) {
    if (content.isString()) {
      return content.asString();
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode part : content) {
      text.append(part.path("text").asString(""));
    }
    return text.toString();
  }

  /**
   * A call's arguments as the JSON string the Responses API carries. Some upstreams send an object instead of a
   * string; it is serialized. Missing or empty arguments read as {@value ResponsesInboundItems#NO_ARGUMENTS}, which
   * a client can parse.
   */
  private static String arguments(@Nullable JsonNode arguments) {
    if (arguments == null || arguments.isNull()) {
      return ResponsesInboundItems.NO_ARGUMENTS;
    }
    String json = arguments.isString() ? arguments.asString() : Json.MAPPER.writeValueAsString(arguments);
    return json.isEmpty() ? ResponsesInboundItems.NO_ARGUMENTS : json;
  }
}
