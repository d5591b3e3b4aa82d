package io.switchboard.ai.governance.keys;

import io.switchboard.ai.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Actuator write operations receive every JSON field as a string, so lists and maps arrive as text: a list as
 * {@code "a,b"} or a JSON array's text {@code "[\"a\",\"b\"]"}, metadata as {@code "k=v,k2=v2"} or a JSON object's
 * text. Nothing here echoes a value back in an error.
 */
final class AdminFields {

  private AdminFields() {
  }

  static @Nullable List<String> list(String field, @Nullable String text) {
    if (text == null) {
      return null;
    }
    String t = text.trim();
    List<String> out = new ArrayList<>();
    if (t.startsWith("[")) {
      JsonNode node = parse(field, t);
      if (!node.isArray()) {
        throw GovernanceException.badRequest("field '" + field + "': expected a list");
      }
      for (JsonNode item : node) {
        if (!item.isString()) {
          throw GovernanceException.badRequest("field '" + field + "': expected a list of strings");
        }
        out.add(item.asString());
      }
      return out;
    }
    for (String part : t.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }

  static @Nullable Map<String, String> map(String field, @Nullable String text) {
    if (text == null) {
      return null;
    }
    String t = text.trim();
    Map<String, String> out = new LinkedHashMap<>();
    if (t.startsWith("{")) {
      JsonNode node = parse(field, t);
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (!e.getValue().isString()) {
          throw GovernanceException.badRequest("field '" + field + "': values must be strings");
        }
        out.put(e.getKey(), e.getValue().asString());
      }
      return out;
    }
    for (String part : t.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw GovernanceException.badRequest("field '" + field + "': expected k=v pairs or a JSON object");
      }
      out.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
    }
    return out;
  }

  private static JsonNode parse(String field, String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (JacksonException e) {
      throw GovernanceException.badRequest("field '" + field + "': malformed JSON");
    }
  }
}
