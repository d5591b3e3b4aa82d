package io.switchboard.ai.provider.openai;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.InboundContext;
import io.switchboard.ai.provider.spi.InboundStream;
import io.switchboard.ai.provider.spi.StreamEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The golden fixtures under {@code providers/openai/responses/}, the fixed context they were written for, and the
 * stream driver of the Responses API inbound tests.
 */
final class ResponsesInboundFixtures {

  static final String MODEL = "gpt-4.1";
  static final String RESPONSE_ID = "resp_67ccd3a9da748190baa7f1570fe91ac6";
  static final long CREATED = 1761900000L;

  private ResponsesInboundFixtures() {
  }

  static InboundContext context(boolean stream) {
    return new InboundContext(MODEL, stream, RESPONSE_ID, CREATED);
  }

  static String text(String name) {
    String path = "/providers/openai/responses/" + name;
    try (InputStream in = ResponsesInboundFixtures.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("No fixture " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String name) {
    return Json.MAPPER.readTree(text(name));
  }

  static ObjectNode object(String name) {
    return (ObjectNode) json(name);
  }

  /** Parses a JSON literal written inline in a test. */
  static ObjectNode parse(String json) {
    return (ObjectNode) Json.MAPPER.readTree(json);
  }

  /**
   * Reparses a produced tree from its serialized form, so numbers compare by their wire value (the translator may
   * build a long where the fixture parses to an int).
   */
  static JsonNode wire(JsonNode produced) {
    return Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(produced));
  }

  /** One JSON document per non-blank line. */
  static List<JsonNode> jsonLines(String name) {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : text(name).split("\n")) {
      if (!line.isBlank()) {
        lines.add(Json.MAPPER.readTree(line));
      }
    }
    return lines;
  }

  /**
   * Feeds canonical chunks (one per line) to the stream as the routing engine does. A line {@code {"_error": {...}}}
   * stands for a failure of the canonical stream (status, type, code, param, message of an {@link AiException}) and
   * ends it; otherwise {@code onComplete} ends it.
   */
  static List<StreamEvent> run(InboundStream stream, List<JsonNode> lines) {
    List<StreamEvent> out = new ArrayList<>();
    for (JsonNode line : lines) {
      JsonNode error = line.get("_error");
      if (error != null) {
        stream.onError(new AiException(error.path("status").asInt(), error.path("type").asString(),
            error.path("code").asString(null), error.path("param").asString(null), error.path("message").asString(),
            null), out);
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
      lines.add(wire(line));
    }
    return lines;
  }
}
