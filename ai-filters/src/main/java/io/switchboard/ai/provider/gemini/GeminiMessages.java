package io.switchboard.ai.provider.gemini;

import static io.switchboard.ai.provider.gemini.GeminiWire.absent;
import static io.switchboard.ai.provider.gemini.GeminiWire.invalid;
import static io.switchboard.ai.provider.gemini.GeminiWire.text;

import io.switchboard.ai.Json;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates OpenAI chat {@code messages} into Gemini's {@code systemInstruction} and {@code contents}.
 *
 * <p>Gemini knows two conversation roles, {@code user} and {@code model}; system and developer messages move to
 * {@code systemInstruction}, tool results become {@code functionResponse} parts of a user turn. Gemini expects turns
 * to alternate, so consecutive contents of the same role are merged into one (which also gathers the results of
 * parallel tool calls into the single turn Gemini wants). Messages that translate to no part at all (an assistant
 * message with empty content and no tool calls, an empty string) are dropped: Gemini rejects empty parts.
 */
final class GeminiMessages {

  /**
   * @param systemInstruction {@code {parts:[...]}}, or {@code null} when the request had no system text
   * @param contents the conversation, never empty
   */
  record Translated(@Nullable ObjectNode systemInstruction, ArrayNode contents) {
  }

  private GeminiMessages() {
  }

  static Translated translate(@Nullable JsonNode messages) {
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw invalid("'messages' must be a non-empty array.", "messages");
    }
    ArrayNode systemParts = Json.array();
    ArrayNode contents = Json.array();
    // Gemini's functionResponse is keyed by function name, OpenAI's tool message by call id.
    Map<String, String> toolNamesById = new HashMap<>();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String at = "messages[" + i + "]";
      if (!message.isObject()) {
        throw invalid("Each message must be an object.", at);
      }
      String role = text(message, "role");
      if (role == null) {
        throw invalid("Each message needs a 'role'.", at + ".role");
      }
      switch (role) {
        case "system", "developer" -> systemParts.addAll(textParts(message.get("content"), at));
        case "user" -> append(contents, "user", userParts(message.get("content"), at));
        case "assistant" -> append(contents, "model", assistantParts(message, at, toolNamesById));
        case "tool" -> append(contents, "user", toolResponse(message, at, toolNamesById));
        default -> throw invalid("Role '" + role + "' is not supported by Gemini models.", at + ".role");
      }
    }
    if (contents.isEmpty()) {
      throw invalid("Gemini needs at least one non-empty user or assistant message.", "messages");
    }
    ObjectNode systemInstruction = null;
    if (!systemParts.isEmpty()) {
      systemInstruction = Json.object();
      systemInstruction.set("parts", systemParts);
    }
    return new Translated(systemInstruction, contents);
  }

  /** Appends a turn, merging it into the previous one when the role repeats. */
  private static void append(ArrayNode contents, String role, ArrayNode parts) {
    if (parts.isEmpty()) {
      return;
    }
    JsonNode last = contents.isEmpty() ? null : contents.get(contents.size() - 1);
    if (last != null && role.equals(text(last, "role"))) {
      ((ArrayNode) last.get("parts")).addAll(parts);
      return;
    }
    ObjectNode content = contents.addObject();
    content.put("role", role);
    content.set("parts", parts);
  }

  /** Text-only content (system and developer messages): a string or an array of {@code text} parts. */
  private static ArrayNode textParts(@Nullable JsonNode content, String at) {
    ArrayNode parts = Json.array();
    if (absent(content)) {
      return parts;
    }
    if (content.isString()) {
      addText(parts, content.asString());
      return parts;
    }
    requireArray(content, at);
    for (int j = 0; j < content.size(); j++) {
      JsonNode part = content.get(j);
      String partAt = at + ".content[" + j + "]";
      if (!"text".equals(text(part, "type"))) {
        throw invalid("Only text content is supported in this message.", partAt + ".type");
      }
      addText(parts, requireText(part, partAt));
    }
    return parts;
  }

  private static ArrayNode userParts(@Nullable JsonNode content, String at) {
    ArrayNode parts = Json.array();
    if (absent(content)) {
      return parts;
    }
    if (content.isString()) {
      addText(parts, content.asString());
      return parts;
    }
    requireArray(content, at);
    for (int j = 0; j < content.size(); j++) {
      JsonNode part = content.get(j);
      String partAt = at + ".content[" + j + "]";
      String type = text(part, "type");
      if ("text".equals(type)) {
        addText(parts, requireText(part, partAt));
      } else if ("image_url".equals(type)) {
        parts.add(GeminiImages.imagePart(part.get("image_url"), partAt + ".image_url"));
      } else {
        throw invalid("Content part type '" + type + "' is not supported for Gemini models.", partAt + ".type");
      }
    }
    return parts;
  }

  private static ArrayNode assistantParts(JsonNode message, String at, Map<String, String> toolNamesById) {
    ArrayNode parts = Json.array();
    JsonNode content = message.get("content");
    if (!absent(content) && content.isArray()) {
      for (int j = 0; j < content.size(); j++) {
        JsonNode part = content.get(j);
        String type = text(part, "type");
        // A refusal the client replays is still what the model said.
        String value = "refusal".equals(type) ? text(part, "refusal") : "text".equals(type) ? text(part, "text") : null;
        if (value == null) {
          throw invalid("Assistant content parts must be text or refusal.", at + ".content[" + j + "]");
        }
        addText(parts, value);
      }
    } else {
      parts.addAll(textParts(content, at));
    }
    JsonNode toolCalls = message.get("tool_calls");
    if (absent(toolCalls)) {
      return parts;
    }
    if (!toolCalls.isArray()) {
      throw invalid("'tool_calls' must be an array.", at + ".tool_calls");
    }
    for (int j = 0; j < toolCalls.size(); j++) {
      JsonNode call = toolCalls.get(j);
      String callAt = at + ".tool_calls[" + j + "]";
      String type = text(call, "type");
      if (type != null && !"function".equals(type)) {
        throw invalid("Only function tool calls are supported for Gemini models.", callAt + ".type");
      }
      JsonNode function = call.path("function");
      String name = text(function, "name");
      if (name == null || name.isEmpty()) {
        throw invalid("Each tool call needs a function name.", callAt + ".function.name");
      }
      String id = text(call, "id");
      if (id != null) {
        toolNamesById.put(id, name);
      }
      ObjectNode functionCall = parts.addObject().putObject("functionCall");
      functionCall.put("name", name);
      functionCall.set("args", arguments(function.get("arguments"), callAt + ".function.arguments"));
    }
    return parts;
  }

  /** Parses a tool call's {@code arguments} (a JSON string, by OpenAI's contract) into Gemini's {@code args} object. */
  private static JsonNode arguments(@Nullable JsonNode arguments, String at) {
    if (absent(arguments)) {
      return Json.object();
    }
    if (arguments.isObject()) {
      // Not OpenAI's contract, but unambiguous; some clients send the object itself.
      return arguments.deepCopy();
    }
    if (!arguments.isString()) {
      throw invalid("Tool call arguments must be a JSON string.", at);
    }
    String json = arguments.asString();
    if (json.isBlank()) {
      return Json.object();
    }
    JsonNode parsed = GeminiWire.parseOrNull(json);
    if (parsed == null || !parsed.isObject()) {
      throw invalid("Tool call arguments must be a JSON object; Gemini cannot replay them otherwise.", at);
    }
    return parsed;
  }

  private static ArrayNode toolResponse(JsonNode message, String at, Map<String, String> toolNamesById) {
    String id = text(message, "tool_call_id");
    if (id == null) {
      throw invalid("A tool message needs a 'tool_call_id'.", at + ".tool_call_id");
    }
    String name = toolNamesById.get(id);
    if (name == null) {
      throw invalid("No earlier assistant tool call has the id '" + id + "'.", at + ".tool_call_id");
    }
    StringBuilder result = new StringBuilder();
    for (JsonNode part : textParts(message.get("content"), at)) {
      result.append(part.get("text").asString());
    }
    String value = result.toString();
    // Gemini wants a JSON object as the response; a result that already is one is passed as is.
    JsonNode parsed = value.stripLeading().startsWith("{") ? GeminiWire.parseOrNull(value) : null;
    ObjectNode response;
    if (parsed != null && parsed.isObject()) {
      response = (ObjectNode) parsed;
    } else {
      response = Json.object();
      response.put("content", value);
    }
    ArrayNode parts = Json.array();
    ObjectNode functionResponse = parts.addObject().putObject("functionResponse");
    functionResponse.put("name", name);
    functionResponse.set("response", response);
    return parts;
  }

  private static void addText(ArrayNode parts, String value) {
    if (!value.isEmpty()) {
      parts.addObject().put("text", value);
    }
  }

  private static String requireText(JsonNode part, String at) {
    String value = text(part, "text");
    if (value == null) {
      throw invalid("A text part needs a string 'text'.", at + ".text");
    }
    return value;
  }

  private static void requireArray(JsonNode content, String at) {
    if (!content.isArray()) {
      throw invalid("Message content must be a string or an array of parts.", at + ".content");
    }
  }
}
