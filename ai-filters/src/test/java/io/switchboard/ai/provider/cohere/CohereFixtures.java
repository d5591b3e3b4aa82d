package io.switchboard.ai.provider.cohere;

import io.switchboard.ai.Json;
import io.switchboard.ai.provider.spi.StreamTranslator;
import io.switchboard.ai.provider.spi.TranslationContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Golden fixtures under {@code providers/cohere/} and the translation context they were written for. */
final class CohereFixtures {

  static final String RESPONSE_ID = "chatcmpl-abc123";
  static final long CREATED = 1_700_000_000L;
  static final String CLIENT_MODEL = "cohere-chat";

  /** One server-sent event: its {@code event:} name and its {@code data:} lines joined with {@code \n}. */
  record Event(@Nullable String event, String data) {
  }

  private CohereFixtures() {
  }

  static TranslationContext context(boolean stream, boolean includeUsage) {
    return new TranslationContext("command-a-03-2025", CLIENT_MODEL, stream, includeUsage, RESPONSE_ID, CREATED,
        4096);
  }

  static String text(String name) {
    String resource = "/providers/cohere/" + name;
    try (InputStream in = CohereFixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("Missing fixture " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode object(String name) {
    return (ObjectNode) Json.MAPPER.readTree(text(name));
  }

  static ObjectNode json(String json) {
    return (ObjectNode) Json.MAPPER.readTree(json);
  }

  /** One JSON value per non-blank line. */
  static List<JsonNode> jsonLines(String name) {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : text(name).split("\n")) {
      if (!line.isBlank()) {
        lines.add(Json.MAPPER.readTree(line));
      }
    }
    return lines;
  }

  /** Splits an SSE fixture into events: they end at a blank line; comments and other fields are ignored. */
  static List<Event> events(String name) {
    List<Event> events = new ArrayList<>();
    String event = null;
    StringBuilder data = null;
    for (String line : text(name).replace("\r\n", "\n").split("\n", -1)) {
      if (line.isEmpty()) {
        if (data != null) {
          events.add(new Event(event, data.toString()));
        }
        event = null;
        data = null;
      } else if (line.startsWith("data:")) {
        data = data == null ? new StringBuilder() : data.append('\n');
        data.append(line.substring("data:".length()).stripLeading());
      } else if (line.startsWith("event:")) {
        event = line.substring("event:".length()).strip();
      }
    }
    if (data != null) {
      events.add(new Event(event, data.toString()));
    }
    return events;
  }

  /** Feeds every event of an SSE fixture to a stream translator and returns the chunks it produced. */
  static List<ObjectNode> run(StreamTranslator stream, String fixture) {
    List<ObjectNode> chunks = new ArrayList<>();
    for (Event event : events(fixture)) {
      stream.onEvent(event.event(), event.data(), chunks);
    }
    return chunks;
  }

  /**
   * Re-parses a tree so that it compares equal to a parsed fixture: translators put {@code long} values where
   * parsing yields {@code int} nodes, and node equality is type-sensitive.
   */
  static JsonNode normalized(JsonNode node) {
    return Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(node));
  }

  static List<JsonNode> normalized(List<? extends JsonNode> nodes) {
    return nodes.stream().map(CohereFixtures::normalized).toList();
  }
}
