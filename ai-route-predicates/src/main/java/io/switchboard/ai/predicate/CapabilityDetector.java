package io.switchboard.ai.predicate;

import static io.switchboard.ai.predicate.Capability.AUDIO;
import static io.switchboard.ai.predicate.Capability.IMAGES;
import static io.switchboard.ai.predicate.Capability.JSON;
import static io.switchboard.ai.predicate.Capability.JSON_SCHEMA;
import static io.switchboard.ai.predicate.Capability.REASONING;
import static io.switchboard.ai.predicate.Capability.STREAMING;
import static io.switchboard.ai.predicate.Capability.TOOLS;

import io.switchboard.ai.request.AiRequest;
import io.switchboard.ai.request.Dialect;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Finds the {@link Capability capabilities} a request asks for, in its own client dialect, from the parsed body
 * (shared with the translators through {@link AiRequest#tree()}). Reads fields, never validates them: a field of
 * the wrong shape simply does not count. Per dialect:
 *
 * <table>
 *   <caption>Fields that count</caption>
 *   <tr><th></th><th>OpenAI Chat</th><th>Responses</th><th>Anthropic</th><th>Gemini</th></tr>
 *   <tr><td>tools</td><td>{@code tools} or {@code functions} non-empty</td><td>{@code tools} non-empty</td>
 *       <td>{@code tools} non-empty</td><td>{@code tools} non-empty</td></tr>
 *   <tr><td>images</td><td>an {@code image_url} part</td><td>an {@code input_image} item or part</td>
 *       <td>an {@code image} block (in a message or a {@code tool_result})</td>
 *       <td>{@code inlineData}/{@code fileData} of an {@code image/*} type (or of none, as the translator
 *       reads it)</td></tr>
 *   <tr><td>audio</td><td>an {@code input_audio} part, {@code modalities} with {@code audio}, or {@code audio}</td>
 *       <td>an {@code input_audio} item or part</td><td>never</td>
 *       <td>{@code audio/*} data, {@code responseModalities} with {@code AUDIO}, or {@code speechConfig}</td></tr>
 *   <tr><td>json-schema</td><td>{@code response_format.type: json_schema}</td>
 *       <td>{@code text.format.type: json_schema}</td>
 *       <td>{@code output_config.format} or {@code output_format} of type {@code json_schema}</td>
 *       <td>{@code responseSchema} or {@code responseJsonSchema}</td></tr>
 *   <tr><td>json</td><td>json-schema, or {@code json_object}</td><td>json-schema, or {@code json_object}</td>
 *       <td>json-schema</td><td>json-schema, or {@code responseMimeType: application/json}</td></tr>
 *   <tr><td>reasoning</td><td>{@code reasoning_effort} but {@code none}</td>
 *       <td>a {@code reasoning} object whose effort is not {@code none}</td>
 *       <td>{@code thinking.type} {@code enabled} or {@code adaptive}</td>
 *       <td>{@code thinkingConfig}, unless {@code thinkingBudget: 0}</td></tr>
 *   <tr><td>streaming</td><td colspan="3">{@code stream: true}</td><td>{@code :streamGenerateContent}</td></tr>
 * </table>
 *
 * <p>Gemini fields are read in camelCase or snake_case, as Google's parsers accept both; a {@code :countTokens} body
 * wrapped in {@code generateContentRequest} is read inside. Embeddings requests have none of these capabilities.
 */
final class CapabilityDetector {

  private CapabilityDetector() {
  }

  /**
   * The capabilities {@code request} asks for.
   *
   * @throws io.switchboard.ai.error.AiException when the body is not a JSON object
   */
  static EnumSet<Capability> detect(AiRequest request) {
    EnumSet<Capability> found = EnumSet.noneOf(Capability.class);
    if (request.stream()) {
      found.add(STREAMING);
    }
    if (request.body().length == 0) {
      return found;
    }
    ObjectNode body = request.tree();
    switch (request.dialect()) {
      case RESPONSES -> responses(body, found);
      case ANTHROPIC -> anthropic(body, found);
      case GEMINI -> gemini(body.get("generateContentRequest") instanceof ObjectNode inner ? inner : body, found);
      default -> openAi(body, found);
    }
    if (found.contains(JSON_SCHEMA)) {
      found.add(JSON);
    }
    return found;
  }

  private static void openAi(ObjectNode body, EnumSet<Capability> found) {
    if (nonEmpty(body.get("tools")) || nonEmpty(body.get("functions"))) {
      found.add(TOOLS);
    }
    for (JsonNode message : array(body.get("messages"))) {
      for (JsonNode part : array(message.get("content"))) {
        switch (type(part)) {
          case "image_url" -> found.add(IMAGES);
          case "input_audio" -> found.add(AUDIO);
          default -> {
          }
        }
      }
    }
    if (contains(body.get("modalities"), "audio") || body.get("audio") instanceof ObjectNode) {
      found.add(AUDIO);
    }
    jsonFormat(type(body.get("response_format")), found);
    JsonNode effort = body.get("reasoning_effort");
    if (effort != null && effort.isString() && !"none".equals(effort.asString())) {
      found.add(REASONING);
    }
  }

  private static void responses(ObjectNode body, EnumSet<Capability> found) {
    if (nonEmpty(body.get("tools"))) {
      found.add(TOOLS);
    }
    for (JsonNode item : array(body.get("input"))) {
      responsesPart(item, found);
      for (JsonNode part : array(item.get("content"))) {
        responsesPart(part, found);
      }
    }
    JsonNode text = body.get("text");
    jsonFormat(type(text == null ? null : text.get("format")), found);
    JsonNode reasoning = body.get("reasoning");
    if (reasoning instanceof ObjectNode && !"none".equals(reasoning.path("effort").asString(""))) {
      found.add(REASONING);
    }
  }

  private static void responsesPart(JsonNode part, EnumSet<Capability> found) {
    switch (type(part)) {
      case "input_image" -> found.add(IMAGES);
      case "input_audio" -> found.add(AUDIO);
      default -> {
      }
    }
  }

  private static void anthropic(ObjectNode body, EnumSet<Capability> found) {
    if (nonEmpty(body.get("tools"))) {
      found.add(TOOLS);
    }
    for (JsonNode message : array(body.get("messages"))) {
      for (JsonNode block : array(message.get("content"))) {
        if ("image".equals(type(block))) {
          found.add(IMAGES);
        } else if ("tool_result".equals(type(block))) {
          for (JsonNode inner : array(block.get("content"))) {
            if ("image".equals(type(inner))) {
              found.add(IMAGES);
            }
          }
        }
      }
    }
    JsonNode config = body.get("output_config");
    if ("json_schema".equals(type(config == null ? null : config.get("format")))
        || "json_schema".equals(type(body.get("output_format")))) {
      found.add(JSON_SCHEMA);
    }
    String thinking = type(body.get("thinking"));
    if ("enabled".equals(thinking) || "adaptive".equals(thinking)) {
      found.add(REASONING);
    }
  }

  private static void gemini(ObjectNode body, EnumSet<Capability> found) {
    if (nonEmpty(gemini(body, "tools"))) {
      found.add(TOOLS);
    }
    for (JsonNode content : array(gemini(body, "contents"))) {
      geminiParts(content, found);
    }
    geminiParts(gemini(body, "systemInstruction"), found);
    JsonNode config = gemini(body, "generationConfig");
    if (gemini(config, "responseSchema") != null || gemini(config, "responseJsonSchema") != null) {
      found.add(JSON_SCHEMA);
    }
    JsonNode mime = gemini(config, "responseMimeType");
    if (mime != null && "application/json".equals(mime.asString(""))) {
      found.add(JSON);
    }
    JsonNode modalities = gemini(config, "responseModalities");
    if (contains(modalities, "audio") || gemini(config, "speechConfig") != null) {
      found.add(AUDIO);
    }
    JsonNode thinking = gemini(config, "thinkingConfig");
    JsonNode budget = gemini(thinking, "thinkingBudget");
    if (thinking instanceof ObjectNode && !(budget != null && budget.isNumber() && budget.asLong() == 0)) {
      found.add(REASONING);
    }
  }

  private static void geminiParts(@Nullable JsonNode content, EnumSet<Capability> found) {
    for (JsonNode part : array(gemini(content, "parts"))) {
      JsonNode data = gemini(part, "inlineData");
      boolean file = data == null;
      data = file ? gemini(part, "fileData") : data;
      if (!(data instanceof ObjectNode)) {
        continue;
      }
      JsonNode mimeNode = gemini(data, "mimeType");
      String mime = mimeNode == null ? "" : mimeNode.asString("").toLowerCase(Locale.ROOT);
      if (mime.startsWith("image/") || (file && mime.isEmpty())) {
        found.add(IMAGES);
      } else if (mime.startsWith("audio/")) {
        found.add(AUDIO);
      }
    }
  }

  /** A Gemini field under its proto JSON (camelCase) name or its snake_case name; null when absent or null. */
  private static @Nullable JsonNode gemini(@Nullable JsonNode node, String camelName) {
    if (!(node instanceof ObjectNode)) {
      return null;
    }
    JsonNode value = node.get(camelName);
    if (value == null) {
      value = node.get(snakeCase(camelName));
    }
    return value == null || value.isNull() ? null : value;
  }

  private static String snakeCase(String camelName) {
    StringBuilder snake = new StringBuilder(camelName.length() + 4);
    for (int i = 0; i < camelName.length(); i++) {
      char c = camelName.charAt(i);
      if (Character.isUpperCase(c)) {
        snake.append('_').append(Character.toLowerCase(c));
      } else {
        snake.append(c);
      }
    }
    return snake.toString();
  }

  private static void jsonFormat(String type, EnumSet<Capability> found) {
    if ("json_schema".equals(type)) {
      found.add(JSON_SCHEMA);
    } else if ("json_object".equals(type)) {
      found.add(JSON);
    }
  }

  /** The {@code type} string of an object, or "" when there is none. */
  private static String type(@Nullable JsonNode node) {
    JsonNode type = node instanceof ObjectNode ? node.get("type") : null;
    return type != null && type.isString() ? type.asString() : "";
  }

  private static boolean nonEmpty(@Nullable JsonNode node) {
    return node != null && node.isArray() && !node.isEmpty();
  }

  /** The elements of an array, or nothing when the node is absent or not an array. */
  private static Iterable<JsonNode> array(@Nullable JsonNode node) {
    return node != null && node.isArray() ? node : List.of();
  }

  private static boolean contains(@Nullable JsonNode array, String value) {
    for (JsonNode element : array(array)) {
      if (element.isString() && element.asString().equalsIgnoreCase(value)) {
        return true;
      }
    }
    return false;
  }
}
