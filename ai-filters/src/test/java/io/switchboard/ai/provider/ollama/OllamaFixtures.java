package io.switchboard.ai.provider.ollama;

import io.switchboard.ai.Json;
import io.switchboard.ai.provider.spi.StreamTranslator;
import io.switchboard.ai.provider.spi.TranslationContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Golden fixtures under {@code providers/ollama/} and the translation context they were written for. */
final class OllamaFixtures {

  static final String RESPONSE_ID = "chatcmpl-abc123";
  static final long CREATED = 1_700_000_000L;
  static final String CLIENT_MODEL = "ollama-chat";

  private OllamaFixtures() {
  }

  static TranslationContext context(boolean stream, boolean includeUsage) {
    return new TranslationContext("llama3.2", CLIENT_MODEL, stream, includeUsage, RESPONSE_ID, CREATED, 4096);
  }

  static String text(String name) {
    String resource = "/providers/ollama/" + name;
    try (InputStream in = OllamaFixtures.class.getResourceAsStream(resource)) {
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

  /** The non-blank lines of a fixture. */
  static List<String> lines(String name) {
    return text(name).lines().filter(line -> !line.isBlank()).toList();
  }

  /** One JSON value per non-blank line. */
  static List<JsonNode> jsonLines(String name) {
    return lines(name).stream().map(line -> (JsonNode) Json.MAPPER.readTree(line)).toList();
  }

  /** Feeds every line of an NDJSON fixture to a stream translator as one event and returns the chunks. */
  static List<ObjectNode> run(StreamTranslator stream, String fixture) {
    List<ObjectNode> chunks = new ArrayList<>();
    for (String line : lines(fixture)) {
      stream.onEvent(null, line, chunks);
    }
    return chunks;
  }

  /** Re-parses a tree so that it compares equal to a parsed fixture (int versus long nodes). */
  static JsonNode normalized(JsonNode node) {
    return Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(node));
  }

  static List<JsonNode> normalized(List<? extends JsonNode> nodes) {
    return nodes.stream().map(OllamaFixtures::normalized).toList();
  }
}
