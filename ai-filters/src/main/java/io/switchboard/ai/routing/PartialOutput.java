package io.switchboard.ai.routing;

import io.switchboard.ai.Json;
import io.switchboard.ai.request.Dialect;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What a client already received of a stream that then broke: the first {@link #MAX_BYTES} bytes it was sent, read
 * back as text in its dialect so the exchange can record the partial answer and estimate its tokens (providers
 * report usage only at the end of a stream). Kept per stream, on the writing thread; not thread-safe.
 */
final class PartialOutput {

  /** Enough for a few thousand tokens of answer; a stream longer than that is recorded by its beginning. */
  static final int MAX_BYTES = 64 * 1024;

  // References to the chunks already made for the client, not copies: a stream that ends well costs a list entry
  // per chunk; the bytes are joined only for a stream that broke.
  private final List<byte[]> sent = new ArrayList<>();
  private int size;

  void add(byte[] chunk) {
    if (size < MAX_BYTES) {
      sent.add(chunk);
      size += chunk.length;
    }
  }

  private byte[] joined() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(size, MAX_BYTES));
    for (byte[] chunk : sent) {
      out.write(chunk, 0, Math.min(chunk.length, MAX_BYTES - out.size()));
    }
    return out.toByteArray();
  }

  /** The answer text in the bytes sent so far: the deltas of the client's dialect, joined. */
  String text(Dialect client) {
    StringBuilder text = new StringBuilder();
    for (SseEvent event : EventFramer.sse().feed(joined())) {
      String data = event.data();
      if (data.isEmpty() || data.equals("[DONE]")) {
        continue;
      }
      JsonNode json;
      try {
        json = Json.MAPPER.readTree(data);
      } catch (JacksonException e) {
        continue; // a truncated last event
      }
      append(text, client, json);
    }
    return text.toString();
  }

  private static void append(StringBuilder text, Dialect client, JsonNode json) {
    switch (client) {
      case ANTHROPIC -> text.append(json.path("delta").path("text").asString(""))
          .append(json.path("delta").path("thinking").asString(""));
      case GEMINI -> {
        for (JsonNode part : json.path("candidates").path(0).path("content").path("parts")) {
          text.append(part.path("text").asString(""));
        }
      }
      case RESPONSES -> {
        String type = json.path("type").asString("");
        if (type.endsWith(".delta")) {
          text.append(json.path("delta").isString() ? json.path("delta").asString() : "");
        }
      }
      default -> {
        JsonNode delta = json.path("choices").path(0).path("delta");
        text.append(delta.path("content").asString("")).append(delta.path("reasoning_content").asString(""));
        for (JsonNode call : delta.path("tool_calls")) {
          text.append(call.path("function").path("arguments").asString(""));
        }
      }
    }
  }
}
