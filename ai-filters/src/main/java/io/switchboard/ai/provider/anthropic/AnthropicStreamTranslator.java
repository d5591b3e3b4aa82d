package io.switchboard.ai.provider.anthropic;

import static io.switchboard.ai.provider.anthropic.AnthropicChatTranslator.JSON_RESPONSE_TOOL;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.StreamTranslator;
import io.switchboard.ai.provider.openai.OpenAiShapes;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.provider.spi.TranslationContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates one Anthropic Messages event stream into OpenAI {@code chat.completion.chunk} objects.
 *
 * <ul>
 *   <li>{@code message_start}: the opening chunk, {@code {"role":"assistant","content":""}}.</li>
 *   <li>{@code text_delta}: {@code delta.content}.</li>
 *   <li>A {@code tool_use} block: a chunk announcing the call (id, name, empty arguments), then one chunk per
 *       {@code input_json_delta} with the next piece of the arguments. OpenAI numbers tool calls from 0 among tool
 *       calls only, whereas Anthropic's block index also counts text and thinking blocks; the two are mapped.</li>
 *   <li>The {@value AnthropicChatTranslator#JSON_RESPONSE_TOOL} block (the emulated {@code response_format}): its
 *       argument pieces go out as {@code delta.content}, and the call itself is never shown.</li>
 *   <li>{@code message_delta}: a chunk with an empty delta and the finish reason.</li>
 *   <li>{@code message_stop}: marks the stream {@linkplain #finished() finished}.</li>
 *   <li>{@code error}: thrown as a 502 {@link AiException} carrying Anthropic's error type as code.</li>
 * </ul>
 *
 * <p>{@code thinking_delta} text becomes {@code reasoning_content} deltas; signatures, redacted thinking,
 * {@code ping}, {@code content_block_stop} and unknown events produce nothing. Not thread-safe:
 * one instance serves one stream.
 */
final class AnthropicStreamTranslator implements StreamTranslator {

  private enum Kind { TEXT, THINKING, CLIENT_TOOL, JSON_ANSWER, IGNORED }

  /** What an Anthropic content block (by its block index) is, and for a client tool its OpenAI tool call index. */
  private record Block(Kind kind, int toolCallIndex) {
  }

  private final TranslationContext context;
  private final Map<Integer, Block> blocks = new HashMap<>();
  private int clientToolCalls;
  private boolean jsonAnswerStarted;
  private long inputTokens;
  private long cacheReadTokens;
  private long cacheWriteTokens;
  private long outputTokens;
  private boolean finished;

  AnthropicStreamTranslator(TranslationContext context) {
    this.context = context;
  }

  @Override
  public void onEvent(@Nullable String event, String data, List<ObjectNode> out) {
    JsonNode payload = parse(data);
    String type = event != null ? event : payload.path("type").asString("");
    switch (type) {
      case "message_start" -> {
        readUsage(payload.path("message").path("usage"));
        out.add(chunk(Json.object().put("role", "assistant").put("content", ""), null));
      }
      case "content_block_start" -> onBlockStart(payload, out);
      case "content_block_delta" -> onBlockDelta(payload, out);
      case "message_delta" -> {
        readUsage(payload.path("usage"));
        String stopReason = payload.path("delta").path("stop_reason").asString(null);
        out.add(chunk(Json.object(), AnthropicResponseMapper.finishReason(stopReason, clientToolCalls > 0)));
      }
      case "message_stop" -> finished = true;
      case "error" -> throw streamError(payload.path("error"));
      default -> {
        // ping, content_block_stop, and events added to the protocol later.
      }
    }
  }

  @Override
  public void onComplete(List<ObjectNode> out) {
    if (!context.includeUsage()) {
      return;
    }
    out.add(OpenAiShapes.usageChunk(context, usage()));
  }

  @Override
  public boolean finished() {
    return finished;
  }

  @Override
  public TokenUsage usage() {
    return new TokenUsage(inputTokens + cacheReadTokens + cacheWriteTokens, outputTokens, cacheReadTokens,
        cacheWriteTokens, 0);
  }

  private void onBlockStart(JsonNode payload, List<ObjectNode> out) {
    int index = payload.path("index").asInt(-1);
    JsonNode block = payload.path("content_block");
    switch (block.path("type").asString("")) {
      case "text" -> {
        blocks.put(index, new Block(Kind.TEXT, -1));
        emitText(block.path("text").asString(""), out);
      }
      case "tool_use" -> {
        String name = block.path("name").asString("");
        if (name.equals(JSON_RESPONSE_TOOL)) {
          // Only the first JSON answer is shown, as in a non-streamed response: two would not be valid JSON.
          blocks.put(index, new Block(jsonAnswerStarted ? Kind.IGNORED : Kind.JSON_ANSWER, -1));
          jsonAnswerStarted = true;
          return;
        }
        int toolCallIndex = clientToolCalls++;
        blocks.put(index, new Block(Kind.CLIENT_TOOL, toolCallIndex));
        // The block's "input" is always {} here; the arguments arrive as input_json_delta pieces.
        ObjectNode call = OpenAiShapes.toolCall(block.path("id").asString(""), name, "");
        out.add(toolCallChunk(call.put("index", toolCallIndex)));
      }
      case "thinking" -> {
        blocks.put(index, new Block(Kind.THINKING, -1));
        emitReasoning(block.path("thinking").asString(""), out);
      }
      default -> blocks.put(index, new Block(Kind.IGNORED, -1));
    }
  }

  private void onBlockDelta(JsonNode payload, List<ObjectNode> out) {
    Block block = blocks.get(payload.path("index").asInt(-1));
    JsonNode delta = payload.path("delta");
    switch (delta.path("type").asString("")) {
      case "text_delta" -> {
        // Text is shown even for a block whose start was not seen; losing words would be worse.
        if (block == null || block.kind() == Kind.TEXT) {
          emitText(delta.path("text").asString(""), out);
        }
      }
      case "input_json_delta" -> {
        String piece = delta.path("partial_json").asString("");
        if (block == null || piece.isEmpty()) {
          return;
        }
        if (block.kind() == Kind.JSON_ANSWER) {
          emitText(piece, out);
        } else if (block.kind() == Kind.CLIENT_TOOL) {
          ObjectNode call = Json.object().put("index", block.toolCallIndex());
          call.putObject("function").put("arguments", piece);
          out.add(toolCallChunk(call));
        }
      }
      case "thinking_delta" -> {
        if (block != null && block.kind() == Kind.THINKING) {
          emitReasoning(delta.path("thinking").asString(""), out);
        }
      }
      default -> {
        // signature_delta, citations_delta: nothing an OpenAI client can show.
      }
    }
  }

  private void emitReasoning(String text, List<ObjectNode> out) {
    if (!text.isEmpty()) {
      out.add(chunk(Json.object().put(OpenAiShapes.REASONING_CONTENT, text), null));
    }
  }

  private void emitText(String text, List<ObjectNode> out) {
    if (!text.isEmpty()) {
      out.add(chunk(Json.object().put("content", text), null));
    }
  }

  /** Takes the counts present: message_start carries the input counts, message_delta the cumulative output. */
  private void readUsage(JsonNode usage) {
    inputTokens = countOr(usage, "input_tokens", inputTokens);
    cacheReadTokens = countOr(usage, "cache_read_input_tokens", cacheReadTokens);
    cacheWriteTokens = countOr(usage, "cache_creation_input_tokens", cacheWriteTokens);
    outputTokens = countOr(usage, "output_tokens", outputTokens);
  }

  private static long countOr(JsonNode usage, String field, long current) {
    JsonNode value = usage.path(field);
    return value.isNumber() ? value.asLong() : current;
  }

  private ObjectNode toolCallChunk(ObjectNode call) {
    ObjectNode delta = Json.object();
    delta.putArray("tool_calls").add(call);
    return chunk(delta, null);
  }

  private ObjectNode chunk(ObjectNode delta, @Nullable String finishReason) {
    ObjectNode chunk = OpenAiShapes.chunk(context);
    ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
    choice.set("delta", delta);
    choice.put("finish_reason", finishReason);
    choice.putNull("logprobs");
    return chunk;
  }

  private static JsonNode parse(String data) {
    try {
      return Json.MAPPER.readTree(data);
    } catch (JacksonException e) {
      throw AiException.upstream("Anthropic sent a stream event that is not valid JSON.", null);
    }
  }

  private static AiException streamError(JsonNode error) {
    String type = error.path("type").asString(null);
    String message = error.path("message").asString("Anthropic reported an error mid-stream.");
    return new AiException(502, "upstream_error", type, null, message, null);
  }
}
