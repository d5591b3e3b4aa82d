package io.switchboard.ai.provider.anthropic;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.openai.OpenAiShapes;
import io.switchboard.ai.provider.spi.InboundContext;
import io.switchboard.ai.provider.spi.InboundStream;
import io.switchboard.ai.provider.spi.StreamEvent;
import io.switchboard.ai.provider.spi.TokenUsage;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns canonical {@code chat.completion.chunk}s into Anthropic's Messages stream: {@code message_start}, then
 * for each content block {@code content_block_start}, its {@code content_block_delta}s and
 * {@code content_block_stop}, then {@code message_delta} and {@code message_stop}. The other direction of
 * {@link AnthropicStreamTranslator}.
 *
 * <ul>
 *   <li>The first chunk opens the message. Its usage is unknown yet and reads 0; the real counts go out in
 *       {@code message_delta}, which Anthropic's clients take as the final, cumulative usage.</li>
 *   <li>{@code message_start} is followed by a {@code ping}, as Anthropic does.</li>
 *   <li>Reasoning ({@code reasoning_content}) opens a thinking block ({@code thinking_delta}, empty signature).
 *       Text opens a text block ({@code text_delta}); a tool call opens a {@code tool_use} block whose argument
 *       pieces are {@code input_json_delta}s. Anthropic blocks cannot interleave, so a new block closes the open one.
 *       A call starts with a new {@code tool_calls[].index} or a new {@code id}; a piece for a call whose block was
 *       already closed cannot be expressed and fails the stream (OpenAI itself never interleaves calls).</li>
 *   <li>{@code finish_reason} and the usage chunk are remembered: Anthropic reports both only at the end.</li>
 *   <li>Only choice 0 is translated: an Anthropic message has one answer.</li>
 * </ul>
 *
 * <p>Events after {@code onComplete} or {@code onError} are ignored. Not thread-safe: one instance serves one stream.
 */
final class AnthropicInboundStream implements InboundStream {

  private enum Block { NONE, THINKING, TEXT, TOOL }

  private final InboundContext context;
  private boolean started;
  private boolean ended;
  private Block open = Block.NONE;
  /** Index of the next content block; Anthropic numbers blocks from 0 across text and tool use. */
  private int nextBlock;
  /** {@code tool_calls[].index} and id of the open tool_use block. */
  private int toolIndex = -1;
  private String toolId = "";
  /** Canonical tool call indexes whose block was closed. */
  private final Set<Integer> closedTools = new HashSet<>();
  private boolean calledTools;
  private @Nullable String finishReason;
  private TokenUsage usage = TokenUsage.NONE;

  AnthropicInboundStream(InboundContext context) {
    this.context = context;
  }

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
        thinking(reasoning, out);
      }
      text(delta.path("content").asString(""), out);
      // A refusal is what the model said; an Anthropic client can only be shown it as text.
      text(delta.path("refusal").asString(""), out);
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
    // Also for a stream that produced no chunk: the client still gets a well-formed, empty message.
    start(out);
    closeBlock(out);
    ObjectNode messageDelta = Json.object().put("type", "message_delta");
    messageDelta.putObject("delta")
        .put("stop_reason", AnthropicInboundResponse.stopReason(finishReason, calledTools))
        .putNull("stop_sequence");
    messageDelta.putObject("usage")
        .put("output_tokens", usage.completionTokens())
        .put("input_tokens", AnthropicInboundResponse.inputTokens(usage))
        .put("cache_read_input_tokens", usage.cachedTokens());
    out.add(event(messageDelta));
    out.add(event(Json.object().put("type", "message_stop")));
    ended = true;
  }

  /**
   * Anthropic ends a failed stream with a lone {@code error} event: open blocks are not closed, and clients treat
   * the message as failed.
   */
  @Override
  public void onError(AiException error, List<StreamEvent> out) {
    if (ended) {
      return;
    }
    out.add(event(AnthropicInboundResponse.error(error)));
    ended = true;
  }

  private void start(List<StreamEvent> out) {
    if (started) {
      return;
    }
    started = true;
    ObjectNode start = Json.object().put("type", "message_start");
    ObjectNode message = start.putObject("message")
        .put("id", context.responseId())
        .put("type", "message")
        .put("role", "assistant")
        .put("model", context.model());
    message.putArray("content");
    message.putNull("stop_reason");
    message.putNull("stop_sequence");
    message.putObject("usage").put("input_tokens", 0).put("output_tokens", 0);
    out.add(event(start));
    // Anthropic follows message_start with a ping; clients that check the sequence expect one.
    out.add(event(Json.object().put("type", "ping")));
  }

  /**
   * Reasoning text opens a thinking block ({@code thinking_delta}). Its signature stays empty: a signature is
   * Anthropic's own, and the upstream that thought was another provider.
   */
  private void thinking(String text, List<StreamEvent> out) {
    if (open != Block.THINKING) {
      closeBlock(out);
      out.add(blockStart(Json.object().put("type", "thinking").put("thinking", "").put("signature", "")));
      open = Block.THINKING;
    }
    out.add(blockDelta(Json.object().put("type", "thinking_delta").put("thinking", text)));
  }

  private void text(String text, List<StreamEvent> out) {
    if (text.isEmpty()) {
      return;
    }
    if (open != Block.TEXT) {
      closeBlock(out);
      ObjectNode block = Json.object().put("type", "text").put("text", "");
      out.add(blockStart(block));
      open = Block.TEXT;
    }
    out.add(blockDelta(Json.object().put("type", "text_delta").put("text", text)));
  }

  private void toolCall(JsonNode call, List<StreamEvent> out) {
    // OpenAI always numbers calls; a server that does not means the open call, or the first.
    int index = call.path("index").asInt(toolIndex < 0 ? 0 : toolIndex);
    String id = call.path("id").asString("");
    boolean continues = open == Block.TOOL && index == toolIndex && (id.isEmpty() || id.equals(toolId));
    if (!continues) {
      if (closedTools.contains(index) && id.isEmpty()) {
        throw AiException.upstream("The upstream interleaved the arguments of parallel tool calls, which an "
            + "Anthropic stream cannot express.", "interleaved_tool_calls");
      }
      closeBlock(out);
      toolIndex = index;
      // Without an id the client could not answer the call; derive a stable one from the response id.
      toolId = id.isEmpty() ? "toolu_" + context.responseId() + "_" + index : id;
      ObjectNode block = Json.object()
          .put("type", "tool_use")
          .put("id", toolId)
          .put("name", call.path("function").path("name").asString(""));
      block.putObject("input");
      out.add(blockStart(block));
      open = Block.TOOL;
      calledTools = true;
    }
    String piece = call.path("function").path("arguments").asString("");
    if (!piece.isEmpty()) {
      out.add(blockDelta(Json.object().put("type", "input_json_delta").put("partial_json", piece)));
    }
  }

  private void closeBlock(List<StreamEvent> out) {
    if (open == Block.NONE) {
      return;
    }
    out.add(event(Json.object().put("type", "content_block_stop").put("index", nextBlock - 1)));
    if (open == Block.TOOL) {
      closedTools.add(toolIndex);
    }
    open = Block.NONE;
  }

  private StreamEvent blockStart(ObjectNode block) {
    ObjectNode start = Json.object().put("type", "content_block_start").put("index", nextBlock++);
    start.set("content_block", block);
    return event(start);
  }

  private StreamEvent blockDelta(ObjectNode delta) {
    ObjectNode event = Json.object().put("type", "content_block_delta").put("index", nextBlock - 1);
    event.set("delta", delta);
    return event(event);
  }

  /** Anthropic names every event after its data's {@code type}. */
  private static StreamEvent event(ObjectNode data) {
    return new StreamEvent(data.get("type").asString(), data);
  }
}
