package io.switchboard.ai.provider.bedrock;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.openai.OpenAiShapes;
import io.switchboard.ai.provider.openai.SingleChoiceStreamTranslator;
import io.switchboard.ai.provider.spi.TranslationContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates a Converse stream, message by message, into {@code chat.completion.chunk}s. The caller decodes the
 * binary framing with {@link EventStreamDecoder} and passes each message either to {@link #onMessage} or, per the SPI,
 * to {@link #onEvent} with the {@code :event-type} header as event and the UTF-8 payload as data.
 *
 * <ul>
 *   <li>{@code messageStart}: a chunk with the assistant role and empty content.</li>
 *   <li>{@code contentBlockDelta} with {@code delta.text}: a content chunk; with
 *       {@code delta.reasoningContent.text}: a {@code reasoning_content} chunk.</li>
 *   <li>{@code contentBlockStart} with {@code start.toolUse}: a chunk announcing the tool call (id, name, empty
 *       arguments); its {@code delta.toolUse.input} pieces follow as argument chunks. Tool calls are numbered from 0
 *       among tool calls only. The JSON-answer tool's pieces go out as content, the call itself never.</li>
 *   <li>{@code messageStop}: a chunk with the finish reason; marks the stream {@linkplain #finished() finished}.</li>
 *   <li>{@code metadata}: the usage, sent by {@link #onComplete} when the client asked for it.</li>
 *   <li>An exception message (or an event whose name ends in {@code Exception}): a 502 {@link AiException} with the
 *       exception type as code.</li>
 * </ul>
 *
 * <p>Not thread-safe: one instance serves one stream.
 */
public final class BedrockStreamTranslator extends SingleChoiceStreamTranslator {

  private static final int MAX_ERROR_MESSAGE = 500;

  /** For each content block index: the OpenAI tool call index, or -1 for the JSON answer, -2 for an ignored one. */
  private final Map<Integer, Integer> toolBlocks = new HashMap<>();
  private int clientToolCalls;
  private boolean jsonAnswerStarted;

  BedrockStreamTranslator(TranslationContext context) {
    super(context);
  }

  /** Handles one decoded event-stream message; exception messages are thrown. */
  public void onMessage(EventStreamMessage message, List<ObjectNode> out) {
    if (message.isException()) {
      String type = message.exceptionType() != null ? message.exceptionType() : message.stringHeader(":error-code");
      throw streamError(type, message.payloadAsString());
    }
    onEvent(message.eventType(), message.payloadAsString(), out);
  }

  @Override
  public void onEvent(@Nullable String event, String data, List<ObjectNode> out) {
    if (event != null && event.endsWith("Exception")) {
      throw streamError(event, data);
    }
    JsonNode payload = parse(data);
    switch (event == null ? "" : event) {
      case "messageStart" -> out.add(chunk(Json.object().put("role", "assistant").put("content", ""), null));
      case "contentBlockStart" -> onBlockStart(payload, out);
      case "contentBlockDelta" -> onBlockDelta(payload, out);
      case "messageStop" -> {
        finished = true;
        String reason = BedrockResponseMapper.finishReason(payload.path("stopReason").asString(null),
            clientToolCalls > 0);
        out.add(chunk(Json.object(), reason));
      }
      case "metadata" -> usage = BedrockResponseMapper.usage(payload.path("usage"));
      default -> {
        // contentBlockStop and events added to the protocol later.
      }
    }
  }

  private void onBlockStart(JsonNode payload, List<ObjectNode> out) {
    JsonNode toolUse = payload.path("start").path("toolUse");
    if (!toolUse.isObject()) {
      return;
    }
    int index = payload.path("contentBlockIndex").asInt(-1);
    String name = toolUse.path("name").asString("");
    if (BedrockRequestMapper.isJsonResponseTool(name)) {
      // Only the first JSON answer is shown, as in a non-streamed response.
      toolBlocks.put(index, jsonAnswerStarted ? -2 : -1);
      jsonAnswerStarted = true;
      return;
    }
    int toolCallIndex = clientToolCalls++;
    toolBlocks.put(index, toolCallIndex);
    ObjectNode call = OpenAiShapes.toolCall(toolUse.path("toolUseId").asString(""), name, "");
    out.add(toolCallChunk(call.put("index", toolCallIndex)));
  }

  private void onBlockDelta(JsonNode payload, List<ObjectNode> out) {
    JsonNode delta = payload.path("delta");
    if (delta.path("text").isString()) {
      emitText(delta.path("text").asString(), out);
      return;
    }
    JsonNode reasoning = delta.path("reasoningContent").path("text");
    if (reasoning.isString()) {
      // Reasoning text; its signature (delta.reasoningContent.signature) only means something to Bedrock.
      emitReasoning(reasoning, out);
      return;
    }
    String piece = delta.path("toolUse").path("input").asString("");
    Integer block = toolBlocks.get(payload.path("contentBlockIndex").asInt(-1));
    if (block == null || piece.isEmpty()) {
      return;
    }
    if (block == -1) {
      emitText(piece, out);
    } else if (block >= 0) {
      ObjectNode call = Json.object().put("index", block);
      call.putObject("function").put("arguments", piece);
      out.add(toolCallChunk(call));
    }
  }

  private void emitText(String text, List<ObjectNode> out) {
    if (!text.isEmpty()) {
      out.add(chunk(Json.object().put("content", text), null));
    }
  }

  private ObjectNode toolCallChunk(ObjectNode call) {
    ObjectNode delta = Json.object();
    delta.putArray("tool_calls").add(call);
    return chunk(delta, null);
  }

  private static JsonNode parse(String data) {
    try {
      return Json.MAPPER.readTree(data);
    } catch (JacksonException e) {
      throw AiException.upstream("Bedrock sent a stream event that is not valid JSON.", "upstream_invalid_response");
    }
  }

  /** A 502 carrying the exception type as code and Bedrock's message (bounded) when the payload has one. */
  private static AiException streamError(@Nullable String type, String data) {
    String message = "Bedrock reported " + (type == null ? "an error" : type) + " mid-stream.";
    try {
      JsonNode detail = Json.MAPPER.readTree(data).path("message");
      if (detail.isString() && !detail.asString().isBlank()) {
        String text = detail.asString();
        message = text.length() > MAX_ERROR_MESSAGE ? text.substring(0, MAX_ERROR_MESSAGE) + "..." : text;
      }
    } catch (JacksonException e) {
      // Keep the generic message.
    }
    return new AiException(502, "upstream_error", type, null, message, null);
  }
}
