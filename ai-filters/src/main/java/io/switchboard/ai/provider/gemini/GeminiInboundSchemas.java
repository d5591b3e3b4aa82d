package io.switchboard.ai.provider.gemini;

import io.switchboard.ai.Json;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts Gemini's {@code Schema} (the OpenAPI 3.0 subset of {@code responseSchema} and of a function declaration's
 * {@code parameters}) into the standard JSON Schema the canonical dialect carries. ({@code responseJsonSchema} and
 * {@code parametersJsonSchema} already are JSON Schema and are passed as they are.)
 *
 * <ul>
 *   <li>{@code type} names are lower-cased ({@code OBJECT} → {@code object}); {@code TYPE_UNSPECIFIED} is dropped.
 *   <li>{@code nullable: true} adds {@code "null"} to the type ({@code ["string", "null"]}).
 *   <li>{@code example} becomes {@code examples: [example]}; {@code propertyOrdering} (a Gemini-only generation
 *       hint) is dropped.
 *   <li>Counts ({@code minItems}, {@code maxLength}...) are int64 in proto JSON and may arrive as strings; they
 *       become numbers.
 *   <li>{@code properties}, {@code items} and {@code anyOf} are converted recursively; property names are kept as
 *       they are. Keywords are accepted in either spelling ({@code max_items}) and written in camelCase; any other
 *       keyword is copied unchanged.
 * </ul>
 *
 * <p>Recursion follows the schema's nesting, which {@link Json#MAX_NESTING_DEPTH} bounds at parse time.
 */
final class GeminiInboundSchemas {

  private GeminiInboundSchemas() {
  }

  /** The JSON Schema for a Gemini {@code Schema} object. */
  static ObjectNode toJsonSchema(JsonNode schema) {
    ObjectNode result = Json.object();
    boolean nullable = false;
    for (Map.Entry<String, JsonNode> entry : schema.properties()) {
      String keyword = camelCase(entry.getKey());
      JsonNode value = entry.getValue();
      switch (keyword) {
        case "type" -> {
          String type = value.isString() ? value.asString().toLowerCase(Locale.ROOT) : null;
          if (type == null) {
            result.set("type", value.deepCopy());
          } else if (!"type_unspecified".equals(type)) {
            result.put("type", type);
          }
        }
        case "nullable" -> nullable = value.isBoolean() && value.booleanValue();
        case "propertyOrdering" -> {
          // Gemini-only hint; JSON Schema has no equivalent.
        }
        case "example" -> result.putArray("examples").add(value.deepCopy());
        case "items" -> result.set("items", value.isObject() ? toJsonSchema(value) : value.deepCopy());
        case "properties" -> result.set("properties", value.isObject() ? properties(value) : value.deepCopy());
        case "anyOf" -> result.set("anyOf", value.isArray() ? each(value) : value.deepCopy());
        case "minItems", "maxItems", "minLength", "maxLength", "minProperties", "maxProperties" ->
            result.set(keyword, count(value));
        default -> result.set(keyword, value.deepCopy());
      }
    }
    JsonNode type = result.get("type");
    if (nullable && type != null && type.isString() && !"null".equals(type.asString())) {
      ArrayNode types = result.putArray("type");
      types.add(type.asString());
      types.add("null");
    }
    return result;
  }

  private static ObjectNode properties(JsonNode properties) {
    ObjectNode result = Json.object();
    for (Map.Entry<String, JsonNode> property : properties.properties()) {
      JsonNode value = property.getValue();
      result.set(property.getKey(), value.isObject() ? toJsonSchema(value) : value.deepCopy());
    }
    return result;
  }

  private static ArrayNode each(JsonNode schemas) {
    ArrayNode result = Json.array();
    for (JsonNode schema : schemas) {
      result.add(schema.isObject() ? toJsonSchema(schema) : schema.deepCopy());
    }
    return result;
  }

  /** An int64 count as a number when it arrived as a decimal string; anything else unchanged. */
  private static JsonNode count(JsonNode value) {
    if (value.isString() && value.asString().matches("\\d{1,18}")) {
      return JsonNodeFactory.instance.numberNode(Long.parseLong(value.asString()));
    }
    return value.deepCopy();
  }

  /** {@code foo_bar} as {@code fooBar}; names without underscores unchanged. */
  private static String camelCase(String name) {
    if (name.indexOf('_') < 0) {
      return name;
    }
    StringBuilder camel = new StringBuilder(name.length());
    boolean upper = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '_') {
        upper = camel.length() > 0;
      } else {
        camel.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return camel.toString();
  }
}
