package io.switchboard.ai.provider.cohere;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.openai.OpenAiShapes;
import io.switchboard.ai.provider.openai.SingleChoiceStreamTranslator;
import io.switchboard.ai.provider.spi.TranslationContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates one Cohere v2 chat stream into OpenAI {@code chat.completion.chunk} objects. Each SSE event's data is a
 * JSON object whose {@code type} names the event (the SSE {@code event:} field, when present, says the same).
 *
 * <ul>
 *   <li>The first event, normally {@code message-start}: the opening chunk, {@code {"role":"assistant",
 *       "content":""}}.</li>
 *   <li>{@code content-start} and {@code content-delta}: {@code delta.message.content.text} as {@code content},
 *       {@code delta.message.content.thinking} as {@code reasoning_content}.</li>
 *   <li>{@code tool-call-start}: a chunk announcing the call (index, id, name, and the arguments it already carries,
 *       usually none); {@code tool-call-delta}: the next piece of the arguments. OpenAI numbers tool calls from 0
 *       among tool calls only; Cohere's event {@code index} is mapped onto that numbering.</li>
 *   <li>{@code message-end}: a chunk with an empty delta and the finish reason; usage; the stream is
 *       {@linkplain #finished() finished}. A {@code delta.error} in it is thrown as a 502 {@link AiException}.</li>
 *   <li>An error payload ({@code type: "error"}, or an object with a top-level {@code message} and no
 *       {@code type}, Cohere's error body): thrown as a 502 {@link AiException}.</li>
 * </ul>
 *
 * <p>{@code content-end}, {@code tool-plan-delta}, {@code tool-call-end}, {@code citation-start},
 * {@code citation-end}, {@code debug} and unknown events produce nothing. Not thread-safe: one instance serves one
 * stream.
 */
final class CohereStreamTranslator extends SingleChoiceStreamTranslator {

  /** OpenAI tool call index of each Cohere tool-call event index. */
  private final Map<Integer, Integer> toolIndexes = new HashMap<>();
  private int toolCalls;
  private boolean opened;

  CohereStreamTranslator(TranslationContext context) {
    super(context);
  }

  @Override
  public void onEvent(@Nullable String event, String data, List<ObjectNode> out) {
    if (data.isBlank()) {
      return;
    }
    JsonNode payload = CohereWire.parseOrNull(data);
    if (payload == null || !payload.isObject()) {
      throw AiException.upstream("Cohere sent a stream event that is not a JSON object.", null);
    }
    String type = CohereWire.text(payload, "type");
    if (type == null) {
      type = event != null ? event : "";
    }
    if (type.equals("error") || (type.isEmpty() && payload.path("message").isString())) {
      throw streamError(payload);
    }
    open(out);
    JsonNode delta = payload.path("delta");
    switch (type) {
      case "content-start", "content-delta" -> {
        emitReasoning(delta.path("message").path("content").path("thinking"), out);
        emitText(delta.path("message").path("content").path("text"), out);
      }
      case "tool-call-start" -> onToolCallStart(payload, out);
      case "tool-call-delta" -> onToolCallDelta(payload, out);
      case "message-end" -> onMessageEnd(delta, out);
      default -> {
        // message-start (already opened), content-end, tool-plan-delta, tool-call-end, citations, debug, later ones.
      }
    }
  }

  private void open(List<ObjectNode> out) {
    if (!opened) {
      opened = true;
      out.add(chunk(Json.object().put("role", "assistant").put("content", ""), null));
    }
  }

  private void onToolCallStart(JsonNode payload, List<ObjectNode> out) {
    JsonNode call = payload.path("delta").path("message").path("tool_calls");
    int toolIndex = toolCalls++;
    JsonNode eventIndex = payload.get("index");
    if (eventIndex != null && eventIndex.isIntegralNumber()) {
      toolIndexes.put(eventIndex.asInt(), toolIndex);
    }
    JsonNode function = call.path("function");
    ObjectNode indexed = Json.object().put("index", toolIndex);
    indexed.setAll(OpenAiShapes.toolCall(call.path("id").asString(""), function.path("name").asString(""),
        function.path("arguments").asString("")));
    out.add(toolCallChunk(indexed));
  }

  private void onToolCallDelta(JsonNode payload, List<ObjectNode> out) {
    String piece = payload.path("delta").path("message").path("tool_calls").path("function").path("arguments")
        .asString("");
    if (piece.isEmpty() || toolCalls == 0) {
      return;
    }
    JsonNode eventIndex = payload.get("index");
    Integer toolIndex = eventIndex != null && eventIndex.isIntegralNumber() ? toolIndexes.get(eventIndex.asInt())
        : null;
    ObjectNode call = Json.object().put("index", toolIndex != null ? toolIndex : toolCalls - 1);
    call.putObject("function").put("arguments", piece);
    out.add(toolCallChunk(call));
  }

  private void onMessageEnd(JsonNode delta, List<ObjectNode> out) {
    String error = CohereWire.text(delta, "error");
    if (error != null && !error.isBlank()) {
      throw new AiException(502, "upstream_error", CohereWire.text(delta, "finish_reason"), null, error, null);
    }
    JsonNode reported = delta.get("usage");
    if (reported != null && reported.isObject()) {
      usage = CohereWire.usage(reported);
    }
    String reason = CohereWire.text(delta, "finish_reason");
    out.add(chunk(Json.object(), CohereWire.finishReason(reason, toolCalls > 0)));
    finished = true;
  }

  private void emitText(JsonNode text, List<ObjectNode> out) {
    if (text.isString() && !text.asString().isEmpty()) {
      out.add(chunk(Json.object().put("content", text.asString()), null));
    }
  }

  private ObjectNode toolCallChunk(ObjectNode call) {
    ObjectNode delta = Json.object();
    delta.putArray("tool_calls").add(call);
    return chunk(delta, null);
  }

  private static AiException streamError(JsonNode payload) {
    String message = CohereWire.text(payload, "message");
    JsonNode error = payload.path("error");
    if (message == null) {
      message = error.isString() ? error.asString() : CohereWire.text(error, "message");
    }
    String code = CohereWire.text(payload, "code");
    return new AiException(502, "upstream_error", code, null,
        message == null || message.isBlank() ? "Cohere reported an error mid-stream." : message, null);
  }
}
