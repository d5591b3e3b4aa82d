package io.switchboard.ai.routing;

import io.switchboard.ai.error.AiException;
import io.switchboard.ai.Json;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.provider.openai.OpenAiShapes;
import java.io.ByteArrayOutputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The same-dialect fast path for OpenAI streams: events are forwarded byte for byte. Only events that may carry
 * usage are parsed, to account tokens; the final usage chunk is dropped when the gateway asked for it on the
 * client's behalf ({@code stream_options.include_usage}) and the client did not, and gets the cost spliced into its
 * usage object when the client asked for it.
 */
final class OpenAiPassthroughCodec implements StreamCodec {

  private final boolean clientWantsUsage;
  private final UsageCost cost;
  private boolean done;
  private boolean sawError;
  private boolean firstChecked;
  private TokenUsage usage = TokenUsage.NONE;

  OpenAiPassthroughCodec(boolean clientWantsUsage, UsageCost cost) {
    this.clientWantsUsage = clientWantsUsage;
    this.cost = cost;
  }

  @Override
  public void onEvent(SseEvent event, ByteArrayOutputStream out) {
    String data = event.data();
    if (data.equals("[DONE]")) {
      done = true;
      out.writeBytes(event.raw());
      return;
    }
    if (!firstChecked && !data.isEmpty()) {
      firstChecked = true;
      checkFirst(data);
    } else if (!data.isEmpty() && !looksLikeAnObject(data)) {
      // Later events are not parsed, but one that cannot be a JSON object (cut short, garbage) means the stream is
      // broken: the client gets an error event, never a clean finish after it.
      throw AiException.upstream("The provider's stream sent an event that is not JSON.",
          "upstream_invalid_response");
    }
    if (data.contains("\"usage\"") && !data.contains("\"usage\":null")) {
      try {
        JsonNode chunk = Json.MAPPER.readTree(data);
        JsonNode usageNode = chunk.get("usage");
        if (usageNode != null && usageNode.isObject()) {
          usage = OpenAiShapes.usageOf(usageNode);
          if (clientWantsUsage) {
            out.writeBytes(cost.intoEvent(event, usage));
            return;
          }
          JsonNode choices = chunk.get("choices");
          if (choices == null || choices.isEmpty()) {
            return;
          }
        }
      } catch (JacksonException e) {
        // Not JSON: forward as received; the client's SDK reports it better than the gateway could.
      }
    } else if (data.startsWith("{\"error\"")) {
      sawError = true;
    }
    out.writeBytes(event.raw());
  }

  /** A cheap shape check, no parse: the data starts with '{' and ends with '}' (whitespace aside). */
  static boolean looksLikeAnObject(String data) {
    int start = 0;
    int end = data.length() - 1;
    while (start <= end && Character.isWhitespace(data.charAt(start))) {
      start++;
    }
    while (end >= start && Character.isWhitespace(data.charAt(end))) {
      end--;
    }
    return end > start && data.charAt(start) == '{' && data.charAt(end) == '}';
  }

  /**
   * The first event is parsed (only the first: the rest pass unparsed): a stream that starts malformed or with an
   * error has given the client nothing yet, so failing here lets a failover route try another target.
   */
  private static void checkFirst(String data) {
    JsonNode first;
    try {
      first = Json.MAPPER.readTree(data);
    } catch (JacksonException e) {
      throw AiException.upstream("The provider's stream started with an event that is not JSON.",
          "upstream_invalid_response");
    }
    if (first == null || !first.isObject()) {
      throw AiException.upstream("The provider's stream started with an event that is not a JSON object.",
          "upstream_invalid_response");
    }
    JsonNode error = first.get("error");
    if (error != null && !error.isNull()) {
      // Its message is not repeated: unlike error responses, it has not been through UpstreamErrors' sanitising.
      throw AiException.upstream("The provider's stream started with an error event.", "upstream_stream_error");
    }
  }

  @Override
  public void onComplete(ByteArrayOutputStream out) {
  }

  @Override
  public boolean finished() {
    return done || sawError;
  }

  @Override
  public TokenUsage usage() {
    return usage;
  }
}
