package io.switchboard.ai.provider.bedrock;

import io.switchboard.ai.Json;
import io.switchboard.ai.provider.spi.TranslationContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Golden fixtures under {@code providers/bedrock/} and the translation context they were written for. */
final class BedrockFixtures {

  static final String MODEL = "anthropic.claude-3-5-sonnet-20240620-v1:0";

  private BedrockFixtures() {
  }

  static TranslationContext context(boolean stream, boolean includeUsage) {
    return context(MODEL, stream, includeUsage);
  }

  static TranslationContext context(String model, boolean stream, boolean includeUsage) {
    return new TranslationContext(model, "bedrock-claude", stream, includeUsage, "chatcmpl-abc123", 1_700_000_000L,
        4096);
  }

  static String text(String name) {
    String resource = "/providers/bedrock/" + name;
    try (InputStream in = BedrockFixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("Missing fixture " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String name) {
    return Json.MAPPER.readTree(text(name));
  }

  /** Re-parses a built tree so that number node kinds (int, long) compare equal to parsed fixtures. */
  static JsonNode normalized(JsonNode node) {
    return Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(node));
  }

  static List<JsonNode> normalized(List<? extends JsonNode> nodes) {
    List<JsonNode> out = new ArrayList<>();
    nodes.forEach(node -> out.add(normalized(node)));
    return out;
  }

  static List<JsonNode> jsonLines(String name) {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : text(name).split("\n")) {
      if (!line.isBlank()) {
        lines.add(Json.MAPPER.readTree(line));
      }
    }
    return lines;
  }
}
