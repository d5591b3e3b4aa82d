package io.switchboard.ai.guardrails;

import io.switchboard.ai.request.Dialect;
import java.util.Iterator;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Validates a JSON answer against the JSON schema the request asked for ({@code response_format.json_schema} in the
 * Chat Completions API, {@code text.format} in the Responses API, {@code generationConfig.responseJsonSchema} for
 * Gemini). The subset providers' structured outputs support: {@code type} (also as a list), {@code properties},
 * {@code required}, {@code additionalProperties: false}, {@code items}, {@code enum}, {@code const}, {@code anyOf},
 * local {@code $ref} ({@code #/$defs/…}, {@code #/definitions/…}), {@code minItems}/{@code maxItems},
 * {@code minLength}/{@code maxLength}, {@code minimum}/{@code maximum}. Other keywords are ignored.
 */
public final class JsonSchemaCheck {

  private final boolean reask;

  public JsonSchemaCheck(boolean reask) {
    this.reask = reask;
  }

  public boolean reask() {
    return reask;
  }

  /** The schema a request asks its answer to follow, or {@code null}. */
  public static @Nullable JsonNode schemaOf(Dialect dialect, JsonNode request) {
    JsonNode schema = switch (dialect) {
      case RESPONSES -> request.path("text").path("format").path("type").asString("").equals("json_schema")
          ? request.path("text").path("format").path("schema") : null;
      case GEMINI -> request.path("generationConfig").has("responseJsonSchema")
          ? request.path("generationConfig").path("responseJsonSchema")
          : request.path("generationConfig").path("responseSchema");
      default -> request.path("response_format").path("type").asString("").equals("json_schema")
          ? request.path("response_format").path("json_schema").path("schema") : null;
    };
    return schema == null || !schema.isObject() ? null : schema;
  }

  /** The first violation of {@code schema} by {@code value} ({@code $.a[2]: expected integer}), or null. */
  public static @Nullable String validate(JsonNode schema, JsonNode value) {
    return validate(schema, schema, value, "$", 0);
  }

  private static @Nullable String validate(JsonNode root, JsonNode schema, JsonNode value, String at, int depth) {
    if (depth > 64) {
      return at + ": schema nested too deeply";
    }
    if (schema.has("$ref")) {
      String ref = schema.path("$ref").asString("");
      if (!ref.startsWith("#/")) {
        return null;
      }
      JsonNode target = root;
      for (String part : ref.substring(2).split("/")) {
        target = target.path(part);
      }
      return target.isMissingNode() ? at + ": unresolved $ref " + ref : validate(root, target, value, at, depth + 1);
    }
    if (schema.has("anyOf")) {
      String first = null;
      for (JsonNode option : schema.path("anyOf")) {
        String problem = validate(root, option, value, at, depth + 1);
        if (problem == null) {
          first = null;
          break;
        }
        if (first == null) {
          first = problem;
        }
      }
      if (first != null) {
        return at + ": matches none of anyOf";
      }
    }
    JsonNode type = schema.get("type");
    if (type != null) {
      boolean ok = false;
      if (type.isArray()) {
        for (JsonNode t : type) {
          ok |= isType(t.asString(""), value);
        }
      } else {
        ok = isType(type.asString(""), value);
      }
      if (!ok) {
        return at + ": expected " + (type.isArray() ? type.toString() : type.asString());
      }
    }
    if (schema.has("const") && !schema.get("const").equals(value)) {
      return at + ": expected the constant " + schema.get("const");
    }
    if (schema.has("enum")) {
      boolean found = false;
      for (JsonNode e : schema.path("enum")) {
        found |= e.equals(value);
      }
      if (!found) {
        return at + ": not one of " + schema.path("enum");
      }
    }
    if (value.isObject()) {
      JsonNode properties = schema.path("properties");
      for (JsonNode r : schema.path("required")) {
        if (!value.has(r.asString(""))) {
          return at + ": missing required property '" + r.asString("") + "'";
        }
      }
      for (Map.Entry<String, JsonNode> e : value.properties()) {
        JsonNode sub = properties.get(e.getKey());
        if (sub != null) {
          String problem = validate(root, sub, e.getValue(), at + "." + e.getKey(), depth + 1);
          if (problem != null) {
            return problem;
          }
        } else if (schema.path("additionalProperties").isBoolean() && !schema.path("additionalProperties").asBoolean()) {
          return at + ": unexpected property '" + e.getKey() + "'";
        } else if (schema.path("additionalProperties").isObject()) {
          String problem = validate(root, schema.path("additionalProperties"), e.getValue(), at + "." + e.getKey(),
              depth + 1);
          if (problem != null) {
            return problem;
          }
        }
      }
    }
    if (value.isArray()) {
      if (schema.has("minItems") && value.size() < schema.path("minItems").asInt()) {
        return at + ": fewer than " + schema.path("minItems").asInt() + " items";
      }
      if (schema.has("maxItems") && value.size() > schema.path("maxItems").asInt()) {
        return at + ": more than " + schema.path("maxItems").asInt() + " items";
      }
      JsonNode items = schema.get("items");
      if (items != null && items.isObject()) {
        Iterator<JsonNode> it = value.iterator();
        for (int i = 0; it.hasNext(); i++) {
          String problem = validate(root, items, it.next(), at + "[" + i + "]", depth + 1);
          if (problem != null) {
            return problem;
          }
        }
      }
    }
    if (value.isString()) {
      int length = value.asString().codePointCount(0, value.asString().length());
      if (schema.has("minLength") && length < schema.path("minLength").asInt()) {
        return at + ": shorter than " + schema.path("minLength").asInt();
      }
      if (schema.has("maxLength") && length > schema.path("maxLength").asInt()) {
        return at + ": longer than " + schema.path("maxLength").asInt();
      }
    }
    if (value.isNumber()) {
      if (schema.has("minimum") && value.asDouble() < schema.path("minimum").asDouble()) {
        return at + ": less than " + schema.path("minimum");
      }
      if (schema.has("maximum") && value.asDouble() > schema.path("maximum").asDouble()) {
        return at + ": greater than " + schema.path("maximum");
      }
    }
    return null;
  }

  private static boolean isType(String type, JsonNode value) {
    return switch (type.toLowerCase(java.util.Locale.ROOT)) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isString();
      case "integer" -> value.isIntegralNumber() || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()));
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      case "null" -> value.isNull();
      default -> true;
    };
  }
}
