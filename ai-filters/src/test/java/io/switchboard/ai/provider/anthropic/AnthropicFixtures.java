package io.switchboard.ai.provider.anthropic;

import io.switchboard.ai.Json;
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

/** Golden fixtures under {@code providers/anthropic/} and the fixed context they were written for. */
final class AnthropicFixtures {

  static final String UPSTREAM_MODEL = "claude-sonnet-4-5-20250929";
  static final String CLIENT_MODEL = "claude-sonnet";
  static final String RESPONSE_ID = "chatcmpl-anthropic-fixture";
  static final long CREATED = 1761900000L;
  static final int DEFAULT_MAX_TOKENS = 4096;

  /** One server-sent event: the {@code event:} field (or {@code null}) and the {@code data:} lines joined. */
  record Event(@Nullable String event, String data) {
  }

  private AnthropicFixtures() {
  }

  static TranslationContext context(boolean stream, boolean includeUsage) {
    return new TranslationContext(UPSTREAM_MODEL, CLIENT_MODEL, stream, includeUsage, RESPONSE_ID, CREATED,
        DEFAULT_MAX_TOKENS);
  }

  static String text(String name) {
    String path = "/providers/anthropic/" + name;
    try (InputStream in = AnthropicFixtures.class.getResourceAsStream(path)) {
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

  static List<JsonNode> wire(List<ObjectNode> produced) {
    return produced.stream().map(AnthropicFixtures::wire).toList();
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
   * Splits raw SSE text into events: blocks separated by blank lines, with {@code event:} and {@code data:} fields
   * (one optional space after the colon). Comment lines and blocks without data are skipped.
   */
  static List<Event> sse(String name) {
    List<Event> events = new ArrayList<>();
    for (String block : text(name).replace("\r\n", "\n").split("\n\n")) {
      String event = null;
      StringBuilder data = null;
      for (String line : block.split("\n")) {
        if (line.startsWith("event:")) {
          event = field(line, "event:");
        } else if (line.startsWith("data:")) {
          data = data == null ? new StringBuilder() : data.append('\n');
          data.append(field(line, "data:"));
        }
      }
      if (data != null) {
        events.add(new Event(event, data.toString()));
      }
    }
    return events;
  }

  private static String field(String line, String name) {
    String value = line.substring(name.length());
    return value.startsWith(" ") ? value.substring(1) : value;
  }
}
