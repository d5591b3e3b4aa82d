package io.switchboard.ai.provider.gemini;

import io.switchboard.ai.Json;
import io.switchboard.ai.provider.spi.TranslationContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Golden fixtures under {@code providers/gemini/} and the translation context they were written for. */
final class GeminiFixtures {

  static final String RESPONSE_ID = "chatcmpl-abc123";
  static final long CREATED = 1_700_000_000L;
  static final String CLIENT_MODEL = "gemini-flash";

  private GeminiFixtures() {
  }

  /** The context of every fixture; the upstream model carries the {@code models/} prefix on purpose. */
  static TranslationContext context(boolean stream, boolean includeUsage) {
    return new TranslationContext("models/gemini-2.5-flash", CLIENT_MODEL, stream, includeUsage, RESPONSE_ID,
        CREATED, 4096);
  }

  static String text(String name) {
    String resource = "/providers/gemini/" + name;
    try (InputStream in = GeminiFixtures.class.getResourceAsStream(resource)) {
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

  /**
   * Re-parses a tree so that it compares equal to a parsed fixture: translators put {@code long} values where
   * parsing yields {@code int} nodes, and node equality is type-sensitive.
   */
  static JsonNode normalized(JsonNode node) {
    return Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(node));
  }

  static List<JsonNode> normalized(List<? extends JsonNode> nodes) {
    return nodes.stream().map(GeminiFixtures::normalized).toList();
  }
}
