package io.switchboard.ai.provider.gemini;

import io.switchboard.ai.Json;
import io.switchboard.ai.provider.openai.OpenAiShapes;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.InboundContext;
import io.switchboard.ai.provider.spi.InboundStream;
import io.switchboard.ai.provider.spi.StreamEvent;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns canonical {@code chat.completion.chunk}s into the events of Gemini's {@code streamGenerateContent?alt=sse}:
 * unnamed {@code data:} events, each a whole {@code GenerateContentResponse} holding the increment of each candidate
 * (plus {@code modelVersion} and {@code responseId}, which Gemini repeats on every event).
 *
 * <ul>
 *   <li>A chunk with text becomes one event with a {@code text} part per choice that has some. Chunks that carry
 *       nothing a Gemini client sees (the opening role delta, an argument fragment) produce no event.
 *   <li>Gemini clients receive function calls whole, never in fragments: a tool call's argument fragments are
 *       gathered and sent as one {@code functionCall} part once the call is complete, i.e. when the choice's next
 *       call starts (another {@code index} or {@code id}) or when the choice finishes. Calls are assumed to be
 *       streamed one after the other, as OpenAI and the gateway's provider translators stream them.
 *   <li>An event in which a choice finishes carries the candidate's {@code finishReason} and is held back until the
 *       next chunk: when that is the usage chunk, its {@code usageMetadata} is added to the held event, making it
 *       the single last event, as Gemini's own streams end. A usage chunk with no held event (the stream had no
 *       finish reason) becomes an event with {@code usageMetadata} only and no {@code candidates}.
 *   <li>{@link #onComplete} sends the held event and any call still pending; {@link #onError} sends the held event,
 *       drops pending calls (their arguments are incomplete), then Google's error body
 *       ({@link GeminiInboundWire#error}) as the last {@code data:} event, which is how Gemini reports errors in a
 *       stream.
 * </ul>
 *
 * <p>Used by one stream only; not thread-safe.
 */
final class GeminiInboundStream implements InboundStream {

  /** A tool call whose arguments are still arriving. */
  private static final class PendingCall {
    final int index;
    final @Nullable String id;
    String name = "";
    final StringBuilder arguments = new StringBuilder();

    PendingCall(int index, @Nullable String id) {
      this.index = index;
      this.id = id;
    }
  }

  private final InboundContext context;
  /** The tool call being streamed by each choice, by choice index. */
  private final Map<Integer, PendingCall> pending = new TreeMap<>();
  /** The candidates of the last event in which a choice finished, awaiting the usage chunk. */
  private @Nullable ArrayNode held;

  GeminiInboundStream(InboundContext context) {
    this.context = context;
  }

  /**
   * {@inheritDoc}
   *
   * @throws AiException 502 when a completed tool call has no name or its arguments are not a JSON object
   */
  @Override
  public void onChunk(ObjectNode chunk, List<StreamEvent> out) {
    ArrayNode candidates = Json.array();
    boolean finishing = false;
    JsonNode choices = chunk.path("choices");
    for (int position = 0; position < choices.size(); position++) {
      ObjectNode candidate = candidate(choices.get(position), position);
      if (candidate != null) {
        candidates.add(candidate);
        finishing |= candidate.has("finishReason");
      }
    }
    if (!candidates.isEmpty()) {
      releaseHeld(null, out);
      if (finishing) {
        held = candidates;
      } else {
        out.add(event(candidates, null));
      }
    }
    ObjectNode usageMetadata = GeminiInboundWire.usageMetadata(chunk.get("usage"));
    if (usageMetadata != null) {
      if (held != null) {
        releaseHeld(usageMetadata, out);
      } else {
        out.add(event(null, usageMetadata));
      }
    }
  }

  @Override
  public void onComplete(List<StreamEvent> out) {
    ArrayNode flushed = Json.array();
    for (Map.Entry<Integer, PendingCall> entry : pending.entrySet()) {
      ArrayNode parts = Json.array();
      parts.add(complete(entry.getValue()));
      flushed.add(GeminiInboundWire.candidate(entry.getKey(), parts, null));
    }
    pending.clear();
    if (held != null) {
      held.addAll(flushed);
      releaseHeld(null, out);
    } else if (!flushed.isEmpty()) {
      out.add(event(flushed, null));
    }
  }

  @Override
  public void onError(AiException error, List<StreamEvent> out) {
    pending.clear();
    releaseHeld(null, out);
    out.add(new StreamEvent(null, GeminiInboundWire.error(error)));
  }

  /** The candidate increment of one choice, or {@code null} when it has nothing to show yet. */
  private @Nullable ObjectNode candidate(JsonNode choice, int position) {
    int index = choice.path("index").asInt(position);
    JsonNode delta = choice.path("delta");
    ArrayNode parts = Json.array();
    String reasoning = OpenAiShapes.reasoningOf(delta);
    if (reasoning != null) {
      parts.addObject().put("text", reasoning).put("thought", true);
    }
    String text = delta.path("content").isString() ? delta.get("content").asString() : "";
    if (text.isEmpty() && delta.path("refusal").isString()) {
      text = delta.get("refusal").asString();
    }
    if (!text.isEmpty()) {
      parts.addObject().put("text", text);
    }
    for (JsonNode call : delta.path("tool_calls")) {
      PendingCall current = pending.get(index);
      String id = call.path("id").isString() && !call.get("id").asString().isEmpty() ? call.get("id").asString() : null;
      int callIndex = call.path("index").isIntegralNumber() ? call.get("index").asInt()
          : current == null ? 0 : current.index;
      if (current != null && (callIndex != current.index
          || (id != null && current.id != null && !id.equals(current.id)))) {
        parts.add(complete(current));
        current = null;
      }
      if (current == null) {
        current = new PendingCall(callIndex, id);
        pending.put(index, current);
      }
      JsonNode function = call.path("function");
      if (current.name.isEmpty() && function.path("name").isString()) {
        current.name = function.get("name").asString();
      }
      JsonNode arguments = function.path("arguments");
      if (arguments.isString()) {
        current.arguments.append(arguments.asString());
      } else if (arguments.isObject()) {
        // Not OpenAI's contract, but unambiguous.
        current.arguments.append(Json.MAPPER.writeValueAsString(arguments));
      }
    }
    String finishReason = GeminiInboundWire.finishReason(choice.get("finish_reason"));
    if (finishReason != null) {
      PendingCall current = pending.remove(index);
      if (current != null) {
        parts.add(complete(current));
      }
    }
    if (parts.isEmpty() && finishReason == null) {
      return null;
    }
    return GeminiInboundWire.candidate(index, parts, finishReason);
  }

  private static ObjectNode complete(PendingCall call) {
    if (call.name.isEmpty()) {
      throw AiException.upstream("The model streamed a tool call without a function name.", null);
    }
    return GeminiInboundWire.functionCallPart(call.name, call.arguments.toString());
  }

  private void releaseHeld(@Nullable ObjectNode usageMetadata, List<StreamEvent> out) {
    if (held != null) {
      out.add(event(held, usageMetadata));
      held = null;
    }
  }

  private StreamEvent event(@Nullable ArrayNode candidates, @Nullable ObjectNode usageMetadata) {
    return new StreamEvent(null, GeminiInboundWire.response(candidates, usageMetadata, context));
  }
}
