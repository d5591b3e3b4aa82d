package io.switchboard.ai.provider.openai;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiErrors;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.InboundContext;
import io.switchboard.ai.provider.spi.InboundStream;
import io.switchboard.ai.provider.spi.StreamEvent;
import io.switchboard.ai.provider.spi.TokenUsage;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns canonical {@code chat.completion.chunk}s into the Responses API's semantic event stream. Every event's
 * {@code event:} name is its {@code type}, and every event carries a {@code sequence_number} counting from 0.
 *
 * <ul>
 *   <li>The first chunk (or the end of a stream that had none) opens the response: {@code response.created} and
 *       {@code response.in_progress}, both with the response {@code in_progress}, no output and no usage.</li>
 *   <li>Reasoning ({@code reasoning_content}) opens a {@code reasoning} item with one {@code reasoning_text} part,
 *       streamed as {@code response.reasoning_text.delta}s and closed with {@code response.reasoning_text.done}.</li>
 *   <li>Text opens a {@code message} item ({@code response.output_item.added}) and in it an {@code output_text} part
 *       ({@code response.content_part.added}), then goes out as {@code response.output_text.delta}s. A refusal is
 *       a {@code refusal} part of the same message, streamed as {@code response.refusal.delta}s.</li>
 *   <li>A tool call opens a {@code function_call} item whose {@code call_id} is the call's id, with empty
 *       {@code arguments}; its argument fragments are {@code response.function_call_arguments.delta}s. A call
 *       starts with a new {@code tool_calls[].index} or a new {@code id}.</li>
 *   <li>One item is open at a time: a new item closes the open one with its {@code *.done} events
 *       ({@code response.output_text.done} or {@code response.refusal.done}, {@code response.content_part.done};
 *       {@code response.function_call_arguments.done}; then {@code response.output_item.done}). A fragment for a call
 *       whose item was already closed cannot be sent any more and fails the stream (OpenAI itself never interleaves
 *       calls).</li>
 *   <li>{@link #onComplete} closes the open item and sends the whole response: {@code response.completed}, or
 *       {@code response.incomplete} when the canonical {@code finish_reason} was {@code length} or
 *       {@code content_filter}, in which case the last item is {@code incomplete} as well. Its usage is the last
 *       usage the upstream sent (zero when it sent none).</li>
 *   <li>{@link #onError} leaves the open item unfinished and sends an {@code error} event, then
 *       {@code response.failed} whose output holds the items finished so far (see {@link #onError}).</li>
 * </ul>
 *
 * <p>Only choice 0 is translated: a response has one answer. Events after {@code onComplete} or {@code onError} are
 * ignored. Not thread-safe: one instance serves one stream.
 */
final class ResponsesInboundStream implements InboundStream {

  private enum Item { NONE, REASONING, MESSAGE, CALL }

  private enum Part { NONE, REASONING, TEXT, REFUSAL }

  private final InboundContext context;
  private int sequence;
  private boolean started;
  private boolean ended;
  /** The closed items, as their {@code response.output_item.done} carried them. */
  private final ArrayNode output = Json.array();
  private Item open = Item.NONE;
  /** The open item's id; its output index is {@code output.size()}. */
  private String itemId = "";
  /** The closed parts of the open message, and the open part's kind and text. */
  private ArrayNode parts = Json.array();
  private Part part = Part.NONE;
  private final StringBuilder partText = new StringBuilder();
  /** The open call: its {@code tool_calls[].index}, id as the upstream sent it, call id, name and arguments. */
  private int toolIndex = -1;
  private String upstreamId = "";
  private String callId = "";
  private String name = "";
  private final StringBuilder arguments = new StringBuilder();
  /** Canonical tool call indexes whose item was closed. */
  private final Set<Integer> closedTools = new HashSet<>();
  private @Nullable String finishReason;
  private TokenUsage usage = TokenUsage.NONE;

  ResponsesInboundStream(InboundContext context) {
    this.context = context;
  }

  /**
   * {@inheritDoc}
   *
   * @throws AiException 502 when the upstream sends arguments for a call whose item was already closed
   */
  @Override
  public void onChunk(ObjectNode chunk, List<StreamEvent> out) {
    if (ended) {
      return;
    }
    start(out);
    JsonNode chunkUsage = chunk.get("usage");
    if (chunkUsage != null && chunkUsage.isObject()) {
      // Servers that repeat usage send cumulative counts: the latest is the stream's.
      usage = OpenAiShapes.usageOf(chunkUsage);
    }
    for (JsonNode choice : chunk.path("choices")) {
      if (choice.path("index").asInt(0) != 0) {
        continue;
      }
      JsonNode delta = choice.path("delta");
      String reasoning = OpenAiShapes.reasoningOf(delta);
      if (reasoning != null) {
        reasoning(reasoning, out);
      }
      content(Part.TEXT, delta.path("content").asString(""), out);
      content(Part.REFUSAL, delta.path("refusal").asString(""), out);
      for (JsonNode call : delta.path("tool_calls")) {
        toolCall(call, out);
      }
      JsonNode reason = choice.get("finish_reason");
      if (reason != null && reason.isString()) {
        finishReason = reason.asString();
      }
    }
  }

  @Override
  public void onComplete(List<StreamEvent> out) {
    if (ended) {
      return;
    }
    // Also for a stream that produced no chunk: the client still gets a well-formed, empty response.
    start(out);
    String reason = ResponsesInboundItems.incompleteReason(finishReason);
    String status = reason == null ? "completed" : "incomplete";
    closeItem(status, out);
    emit("response." + status, out).set("response", ResponsesInboundItems.response(context, status, output, reason,
        ResponsesInboundItems.usage(usage), null));
    ended = true;
  }

  /**
   * Sends an {@code error} event, then {@code response.failed}. The {@code error} event carries {@code code},
   * {@code message} and {@code param} at its top level, as OpenAI documents it, and the same error as OpenAI's
   * envelope under {@code error}, as OpenAI actually sends it; the Python SDK raises an {@code APIError} on the
   * latter. Its {@code code} is the error's code, or its type when it has none. Clients that only watch for the
   * response to end get {@code response.failed}, whose {@code error} is {@link ResponsesInboundItems#responseError}
   * and whose usage is {@code null}, the usage chunk coming last.
   */
  @Override
  public void onError(AiException error, List<StreamEvent> out) {
    if (ended) {
      return;
    }
    start(out);
    ObjectNode event = emit("error", out)
        .put("code", error.code() == null ? error.type() : error.code())
        .put("message", error.getMessage())
        .put("param", error.param());
    event.set("error", AiErrors.openAiEnvelope(error).get("error"));
    emit("response.failed", out).set("response", ResponsesInboundItems.response(context, "failed", output, null,
        null, ResponsesInboundItems.responseError(error)));
    ended = true;
  }

  private void start(List<StreamEvent> out) {
    if (started) {
      return;
    }
    started = true;
    for (String type : List.of("response.created", "response.in_progress")) {
      emit(type, out).set("response", ResponsesInboundItems.response(context, "in_progress", Json.array(), null,
          null, null));
    }
  }

  /** Streams a piece of text or refusal into the open message's part of that kind, opening either as needed. */
  private void content(Part kind, String piece, List<StreamEvent> out) {
    if (piece.isEmpty()) {
      return;
    }
    if (open != Item.MESSAGE) {
      closeItem("completed", out);
      open = Item.MESSAGE;
      itemId = ResponsesInboundItems.messageId(context, output.size());
      parts = Json.array();
      itemEvent("response.output_item.added", ResponsesInboundItems.message(itemId, "in_progress", Json.array()),
          out);
    }
    if (part != kind) {
      closePart(out);
      part = kind;
      partEvent("response.content_part.added", out).set("part", partJson());
    }
    partText.append(piece);
    partEvent(kind == Part.TEXT ? "response.output_text.delta" : "response.refusal.delta", out).put("delta", piece);
  }

  /**
   * Streams reasoning text into a {@code reasoning} item, opening it (and its one {@code reasoning_text} part) as
   * needed: {@code response.reasoning_text.delta}s.
   */
  private void reasoning(String piece, List<StreamEvent> out) {
    if (open != Item.REASONING) {
      closeItem("completed", out);
      open = Item.REASONING;
      itemId = ResponsesInboundItems.reasoningId(context, output.size());
      parts = Json.array();
      itemEvent("response.output_item.added", ResponsesInboundItems.reasoning(itemId, "in_progress", Json.array()),
          out);
      part = Part.REASONING;
      partEvent("response.content_part.added", out).set("part", partJson());
    }
    partText.append(piece);
    partEvent("response.reasoning_text.delta", out).put("delta", piece);
  }

  private void toolCall(JsonNode call, List<StreamEvent> out) {
    // OpenAI always numbers calls; a server that does not means the open call, or the first.
    int index = call.path("index").asInt(toolIndex < 0 ? 0 : toolIndex);
    String id = call.path("id").asString("");
    JsonNode function = call.path("function");
    boolean continues = open == Item.CALL && index == toolIndex && (id.isEmpty() || id.equals(upstreamId));
    if (!continues) {
      if (closedTools.contains(index) && id.isEmpty()) {
        throw AiException.upstream("The upstream interleaved the arguments of parallel tool calls, which a "
            + "Responses API stream cannot express.", "interleaved_tool_calls");
      }
      closeItem("completed", out);
      open = Item.CALL;
      toolIndex = index;
      upstreamId = id;
      // Without an id the client could not answer the call; derive a stable one from the response id.
      callId = id.isEmpty() ? ResponsesInboundItems.callId(context, index) : id;
      name = function.path("name").asString("");
      arguments.setLength(0);
      itemId = ResponsesInboundItems.functionCallId(context, output.size());
      itemEvent("response.output_item.added",
          ResponsesInboundItems.functionCall(itemId, "in_progress", callId, name, ""), out);
    } else if (name.isEmpty()) {
      name = function.path("name").asString("");
    }
    argumentsDelta(function.path("arguments").asString(""), out);
  }

  private void argumentsDelta(String piece, List<StreamEvent> out) {
    if (piece.isEmpty()) {
      return;
    }
    arguments.append(piece);
    emit("response.function_call_arguments.delta", out)
        .put("item_id", itemId)
        .put("output_index", output.size())
        .put("delta", piece);
  }

  /** Sends the open item's closing events with the item in its final {@code status}, and adds it to the output. */
  private void closeItem(String status, List<StreamEvent> out) {
    ObjectNode item;
    switch (open) {
      case REASONING -> {
        closePart(out);
        item = ResponsesInboundItems.reasoning(itemId, status, parts);
      }
      case MESSAGE -> {
        closePart(out);
        item = ResponsesInboundItems.message(itemId, status, parts);
      }
      case CALL -> {
        if (arguments.isEmpty()) {
          // Clients parse the arguments; a call streamed without any gets an empty object, as a delta too so that
          // the deltas still add up to the final arguments.
          argumentsDelta(ResponsesInboundItems.NO_ARGUMENTS, out);
        }
        emit("response.function_call_arguments.done", out)
            .put("item_id", itemId)
            .put("output_index", output.size())
            .put("name", name)
            .put("arguments", arguments.toString());
        item = ResponsesInboundItems.functionCall(itemId, status, callId, name, arguments.toString());
        closedTools.add(toolIndex);
      }
      default -> {
        return;
      }
    }
    itemEvent("response.output_item.done", item.deepCopy(), out);
    output.add(item);
    open = Item.NONE;
  }

  /** Sends the open part's {@code *.done} and {@code response.content_part.done}, and adds it to the message. */
  private void closePart(List<StreamEvent> out) {
    if (part == Part.NONE) {
      return;
    }
    String text = partText.toString();
    if (part == Part.TEXT) {
      partEvent("response.output_text.done", out).put("text", text).putArray("logprobs");
    } else if (part == Part.REASONING) {
      partEvent("response.reasoning_text.done", out).put("text", text);
    } else {
      partEvent("response.refusal.done", out).put("refusal", text);
    }
    ObjectNode done = partJson();
    partEvent("response.content_part.done", out).set("part", done.deepCopy());
    parts.add(done);
    part = Part.NONE;
    partText.setLength(0);
  }

  /** The open part as its kind's content part, with the text so far. */
  private ObjectNode partJson() {
    String text = partText.toString();
    return switch (part) {
      case TEXT -> ResponsesInboundItems.outputText(text);
      case REASONING -> ResponsesInboundItems.reasoningText(text);
      default -> ResponsesInboundItems.refusal(text);
    };
  }

  private void itemEvent(String type, ObjectNode item, List<StreamEvent> out) {
    emit(type, out).put("output_index", output.size()).set("item", item);
  }

  /**
   * An event about the open part: its item, output index and content index. Text deltas also carry OpenAI's
   * {@code logprobs}, which are never known here.
   */
  private ObjectNode partEvent(String type, List<StreamEvent> out) {
    ObjectNode event = emit(type, out)
        .put("item_id", itemId)
        .put("output_index", output.size())
        .put("content_index", parts.size());
    if (type.equals("response.output_text.delta")) {
      event.putArray("logprobs");
    }
    return event;
  }

  /** Appends an event of {@code type} with the next sequence number, and returns its data to be filled in. */
  private ObjectNode emit(String type, List<StreamEvent> out) {
    ObjectNode data = Json.object().put("type", type).put("sequence_number", sequence++);
    out.add(new StreamEvent(type, data));
    return data;
  }
}
