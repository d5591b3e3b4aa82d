package io.switchboard.ai.provider.anthropic;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.InboundContext;
import io.switchboard.ai.provider.spi.InboundStream;
import io.switchboard.ai.provider.spi.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fixed context of the golden fixtures under {@code providers/anthropic/inbound/}, read through
 * {@link AnthropicFixtures}, and the stream driver of the inbound tests.
 */
final class AnthropicInboundFixtures {

  static final String MODEL = "claude-sonnet-4-5";
  static final String RESPONSE_ID = "msg_01XFDUDYJgAACzvnptvVoYEL";
  static final long CREATED = 1761900000L;

  private AnthropicInboundFixtures() {
  }

  static InboundContext context(boolean stream) {
    return new InboundContext(MODEL, stream, RESPONSE_ID, CREATED);
  }

  static ObjectNode object(String name) {
    return AnthropicFixtures.object("inbound/" + name);
  }

  static JsonNode json(String name) {
    return AnthropicFixtures.json("inbound/" + name);
  }

  static List<JsonNode> jsonLines(String name) {
    return AnthropicFixtures.jsonLines("inbound/" + name);
  }

  /**
   * Feeds canonical chunks (one per line) to the stream as the routing engine does. A line {@code {"_error": {...}}}
   * stands for a failure of the canonical stream (status, type, code, message of an {@link AiException}) and ends
   * it; otherwise {@code onComplete} ends it.
   */
  static List<StreamEvent> run(InboundStream stream, List<JsonNode> lines) {
    List<StreamEvent> out = new ArrayList<>();
    for (JsonNode line : lines) {
      JsonNode error = line.get("_error");
      if (error != null) {
        stream.onError(new AiException(error.path("status").asInt(), error.path("type").asString(),
            error.path("code").asString(null), null, error.path("message").asString(), null), out);
        return out;
      }
      stream.onChunk((ObjectNode) line, out);
    }
    stream.onComplete(out);
    return out;
  }

  /** Events as written in the fixtures, {@code {"event": ..., "data": {...}}}, reparsed to compare wire values. */
  static List<JsonNode> lines(List<StreamEvent> events) {
    List<JsonNode> lines = new ArrayList<>();
    for (StreamEvent event : events) {
      ObjectNode line = Json.object().put("event", event.event());
      line.set("data", event.data());
      lines.add(AnthropicFixtures.wire(line));
    }
    return lines;
  }
}
