package io.switchboard.ai.provider.gemini;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.openai.OpenAiShapes;
import io.switchboard.ai.provider.spi.StreamTranslator;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.provider.spi.TranslationContext;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates a Gemini {@code streamGenerateContent?alt=sse} stream into OpenAI chat completion chunks.
 *
 * <p>Every SSE event carries a whole {@code GenerateContentResponse} holding the increment of each candidate.
 * Text arrives in pieces and is forwarded as it comes; a function call always arrives whole, so each becomes one
 * complete {@code tool_calls} delta. A candidate's {@code finishReason} ends its choice. {@code usageMetadata} is
 * repeated, cumulatively, on many events: the latest one is the usage of the stream.
 *
 * <p>Used by one stream only; not thread-safe.
 */
final class GeminiStreamTranslator implements StreamTranslator {

  private final TranslationContext context;
  /** Choices that already received their opening {@code role} delta. */
  private final Set<Integer> opened = new HashSet<>();
  /** Choices that asked for a function call, whose {@code STOP} therefore means {@code tool_calls}. */
  private final Set<Integer> calledFunctions = new HashSet<>();
  /** Next {@code tool_calls[].index} of each choice. */
  private final Map<Integer, Integer> nextToolIndex = new HashMap<>();
  /** Function calls seen in the whole stream, numbering the derived tool call ids. */
  private int toolCalls;
  private boolean finished;
  private TokenUsage usage = TokenUsage.NONE;

  GeminiStreamTranslator(TranslationContext context) {
    this.context = context;
  }

  @Override
  public void onEvent(@Nullable String event, String data, List<ObjectNode> out) {
    if (data.isBlank()) {
      return;
    }
    JsonNode response = GeminiWire.parseOrNull(data);
    if (response == null) {
      throw AiException.upstream("Gemini sent a stream event that is not JSON.", null);
    }
    if (response.isArray()) {
      // Without alt=sse Gemini streams a JSON array of responses; accept it whole if a proxy delivers one.
      for (JsonNode element : response) {
        onResponse(element, out);
      }
    } else {
      onResponse(response, out);
    }
  }

  private void onResponse(JsonNode response, List<ObjectNode> out) {
    JsonNode error = response.get("error");
    if (error != null && error.isObject()) {
      String code = GeminiWire.text(error, "status");
      if (code == null && error.path("code").isNumber()) {
        code = String.valueOf(error.get("code").asInt());
      }
      String message = GeminiWire.text(error, "message");
      throw new AiException(502, "upstream_error", code, null,
          message == null ? "Gemini reported an error in the stream." : message, null);
    }
    JsonNode usageMetadata = response.get("usageMetadata");
    if (usageMetadata != null && usageMetadata.isObject()) {
      usage = GeminiWire.usage(usageMetadata);
    }
    JsonNode candidates = response.path("candidates");
    if (!candidates.isArray() || candidates.isEmpty()) {
      // Clients expect the opening role delta first, whatever the first event holds.
      open(0, out);
      if (GeminiWire.text(response.path("promptFeedback"), "blockReason") != null) {
        out.add(chunk(0, Json.object(), "content_filter"));
        finished = true;
      }
      return;
    }
    for (int position = 0; position < candidates.size(); position++) {
      onCandidate(candidates.get(position), position, out);
    }
  }

  private void onCandidate(JsonNode candidate, int position, List<ObjectNode> out) {
    int index = candidate.path("index").asInt(position);
    open(index, out);
    StringBuilder text = new StringBuilder();
    for (JsonNode part : candidate.path("content").path("parts")) {
      if (GeminiWire.isThought(part)) {
        String thought = part.path("text").asString("");
        if (!thought.isEmpty()) {
          flushText(index, text, out);
          out.add(chunk(index, Json.object().put(OpenAiShapes.REASONING_CONTENT, thought), null));
        }
        continue;
      }
      JsonNode partText = part.get("text");
      if (partText != null && partText.isString()) {
        text.append(partText.asString());
      }
      JsonNode functionCall = part.get("functionCall");
      if (functionCall != null && functionCall.isObject()) {
        // Text before a call is sent before it, keeping the parts' order.
        flushText(index, text, out);
        int toolIndex = nextToolIndex.merge(index, 1, Integer::sum) - 1;
        ObjectNode call = GeminiWire.toolCall(GeminiWire.toolCallId(context, toolCalls++), functionCall);
        ObjectNode indexed = Json.object();
        indexed.put("index", toolIndex);
        indexed.setAll(call);
        ObjectNode delta = Json.object();
        delta.putArray("tool_calls").add(indexed);
        out.add(chunk(index, delta, null));
        calledFunctions.add(index);
      }
    }
    flushText(index, text, out);
    String reason = GeminiWire.text(candidate, "finishReason");
    if (reason != null) {
      out.add(chunk(index, Json.object(), GeminiWire.finishReason(reason, calledFunctions.contains(index))));
      finished = true;
    }
  }

  private void open(int index, List<ObjectNode> out) {
    if (opened.add(index)) {
      ObjectNode delta = Json.object();
      delta.put("role", "assistant");
      delta.put("content", "");
      out.add(chunk(index, delta, null));
    }
  }

  private void flushText(int index, StringBuilder text, List<ObjectNode> out) {
    if (!text.isEmpty()) {
      ObjectNode delta = Json.object();
      delta.put("content", text.toString());
      out.add(chunk(index, delta, null));
      text.setLength(0);
    }
  }

  @Override
  public void onComplete(List<ObjectNode> out) {
    if (context.includeUsage()) {
      out.add(OpenAiShapes.usageChunk(context, usage));
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>True once a candidate carried a {@code finishReason} (or the prompt was blocked); with several candidates,
   * Gemini ends them all in the same last event.
   */
  @Override
  public boolean finished() {
    return finished;
  }

  @Override
  public TokenUsage usage() {
    return usage;
  }

  private ObjectNode chunk(int index, ObjectNode delta, @Nullable String finishReason) {
    ObjectNode chunk = OpenAiShapes.chunk(context);
    ObjectNode choice = chunk.putArray("choices").addObject();
    choice.put("index", index);
    choice.set("delta", delta);
    if (finishReason == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finishReason);
    }
    choice.putNull("logprobs");
    return chunk;
  }

}
