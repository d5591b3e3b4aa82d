package io.switchboard.ai.provider.cohere;

import static io.switchboard.ai.provider.cohere.CohereWire.absent;
import static io.switchboard.ai.provider.cohere.CohereWire.invalid;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps the OpenAI {@code messages} array onto Cohere v2's, which has the same roles and nearly the same shapes.
 *
 * <ul>
 *   <li>{@code system} and {@code developer} messages become {@code system} messages, in place.</li>
 *   <li>Text content keeps its form: a string stays a string, an array of text parts becomes Cohere's list of text
 *       items (system, assistant and tool messages accept both).</li>
 *   <li>{@code user} content is a string, or parts: {@code text} and {@code image_url} (URL or data URL, with
 *       OpenAI's {@code detail}, which Cohere also reads).</li>
 *   <li>{@code assistant} messages keep their text and {@code tool_calls}; an assistant message with neither is
 *       dropped, as Cohere rejects an empty one. Cohere's {@code tool_plan} is never sent: OpenAI has no such
 *       field.</li>
 *   <li>{@code tool} messages keep {@code tool_call_id} and their text content; Cohere reads a string as the tool's
 *       output (ideally JSON).</li>
 * </ul>
 *
 * <p>Errors name the offending field in OpenAI's terms ({@code messages[2].content[1].type}). The client's tree is
 * never modified.
 */
final class CohereMessageMapper {

  private CohereMessageMapper() {
  }

  static ArrayNode map(@Nullable JsonNode messages) {
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw invalid("'messages' must be a non-empty array of messages.", "messages");
    }
    ArrayNode out = Json.array();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String at = "messages[" + i + "]";
      if (!message.isObject()) {
        throw invalid("Each message must be an object.", at);
      }
      JsonNode role = message.path("role");
      if (!role.isString()) {
        throw invalid("Each message needs a 'role'.", at + ".role");
      }
      switch (role.asString()) {
        case "system", "developer" -> {
          JsonNode content = textContent(message.get("content"), at);
          if (content == null) {
            throw invalid("A system message needs non-empty 'content'.", at + ".content");
          }
          out.addObject().put("role", "system").set("content", content);
        }
        case "user" -> out.add(user(message, at));
        case "assistant" -> {
          ObjectNode assistant = assistant(message, at);
          if (assistant != null) {
            out.add(assistant);
          }
        }
        case "tool" -> out.add(tool(message, at));
        default -> throw invalid("Message role '" + role.asString() + "' is not supported by Cohere.", at + ".role");
      }
    }
    return out;
  }

  private static ObjectNode user(JsonNode message, String at) {
    ObjectNode out = Json.object().put("role", "user");
    JsonNode content = message.get("content");
    if (content != null && content.isString()) {
      return out.put("content", content.asString());
    }
    if (content == null || !content.isArray()) {
      throw invalid("A user message needs 'content': a string or an array of parts.", at + ".content");
    }
    ArrayNode parts = out.putArray("content");
    for (int j = 0; j < content.size(); j++) {
      JsonNode part = content.get(j);
      String partAt = at + ".content[" + j + "]";
      String type = part.path("type").asString("");
      switch (type) {
        case "text" -> parts.addObject().put("type", "text").put("text", partText(part, "text", partAt));
        case "image_url" -> parts.add(imagePart(part.get("image_url"), partAt + ".image_url"));
        default -> throw unsupportedPart(type, partAt);
      }
    }
    return out;
  }

  private static @Nullable ObjectNode assistant(JsonNode message, String at) {
    ObjectNode out = Json.object().put("role", "assistant");
    JsonNode content = textContent(message.get("content"), at);
    JsonNode toolCalls = message.get("tool_calls");
    boolean hasCalls = false;
    if (toolCalls != null && toolCalls.isArray() && !toolCalls.isEmpty()) {
      ArrayNode calls = out.putArray("tool_calls");
      for (int j = 0; j < toolCalls.size(); j++) {
        calls.add(toolCall(toolCalls.get(j), at + ".tool_calls[" + j + "]"));
      }
      hasCalls = true;
    } else if (!absent(toolCalls) && !toolCalls.isArray()) {
      throw invalid("'tool_calls' must be an array.", at + ".tool_calls");
    }
    if (content != null) {
      out.set("content", content);
    } else if (!hasCalls) {
      return null;
    }
    return out;
  }

  private static ObjectNode tool(JsonNode message, String at) {
    JsonNode id = message.path("tool_call_id");
    if (!id.isString() || id.asString().isEmpty()) {
      throw invalid("A tool message needs 'tool_call_id'.", at + ".tool_call_id");
    }
    JsonNode content = textContent(message.get("content"), at);
    ObjectNode out = Json.object().put("role", "tool").put("tool_call_id", id.asString());
    if (content == null) {
      // Cohere requires content; a tool that returned nothing is sent as an empty string.
      return out.put("content", "");
    }
    out.set("content", content);
    return out;
  }

  private static ObjectNode toolCall(JsonNode call, String at) {
    if (!call.isObject()) {
      throw invalid("Each tool call must be an object.", at);
    }
    JsonNode type = call.get("type");
    if (!absent(type) && !"function".equals(type.asString(""))) {
      throw invalid("Only function tool calls are supported by Cohere.", at + ".type");
    }
    JsonNode id = call.path("id");
    if (!id.isString() || id.asString().isEmpty()) {
      throw invalid("A tool call needs an 'id'.", at + ".id");
    }
    JsonNode function = call.path("function");
    JsonNode name = function.path("name");
    if (!name.isString() || name.asString().isEmpty()) {
      throw invalid("A tool call needs 'function.name'.", at + ".function.name");
    }
    JsonNode arguments = function.get("arguments");
    String encoded;
    if (absent(arguments)) {
      encoded = "{}";
    } else if (arguments.isString()) {
      encoded = arguments.asString().isBlank() ? "{}" : arguments.asString();
    } else if (arguments.isObject()) {
      // Some clients send the arguments object itself; Cohere, like OpenAI, wants it JSON-encoded.
      encoded = Json.MAPPER.writeValueAsString(arguments);
    } else {
      throw invalid("Tool call arguments must be a JSON object encoded as a string.", at + ".function.arguments");
    }
    ObjectNode out = Json.object().put("id", id.asString()).put("type", "function");
    out.putObject("function").put("name", name.asString()).put("arguments", encoded);
    return out;
  }

  private static ObjectNode imagePart(@Nullable JsonNode imageUrl, String at) {
    // OpenAI sends {"url": ..., "detail": ...}; a bare string is accepted too.
    JsonNode url = imageUrl != null && imageUrl.isString() ? imageUrl : imageUrl == null ? null : imageUrl.get("url");
    if (url == null || !url.isString() || url.asString().isEmpty()) {
      throw invalid("An image_url part needs 'image_url.url'.", at + ".url");
    }
    ObjectNode part = Json.object().put("type", "image_url");
    ObjectNode image = part.putObject("image_url").put("url", url.asString());
    String detail = imageUrl.isObject() ? CohereWire.text(imageUrl, "detail") : null;
    if (detail != null) {
      if (!detail.equals("auto") && !detail.equals("low") && !detail.equals("high")) {
        throw invalid("'detail' must be auto, low or high.", at + ".detail");
      }
      image.put("detail", detail);
    }
    return part;
  }

  /**
   * A string content as a string, an array of text parts as Cohere's list of text items (kept apart rather than
   * glued together). An assistant's earlier refusal part is text it said and is kept as text. {@code null} when the
   * content is absent or holds no text.
   */
  private static @Nullable JsonNode textContent(@Nullable JsonNode content, String at) {
    if (absent(content)) {
      return null;
    }
    if (content.isString()) {
      return content.asString().isEmpty() ? null : content.deepCopy();
    }
    if (!content.isArray()) {
      throw invalid("'content' must be a string or an array of text parts.", at + ".content");
    }
    ArrayNode items = Json.array();
    for (int j = 0; j < content.size(); j++) {
      JsonNode part = content.get(j);
      String partAt = at + ".content[" + j + "]";
      String type = part.path("type").asString("");
      String text = switch (type) {
        case "text" -> partText(part, "text", partAt);
        case "refusal" -> partText(part, "refusal", partAt);
        default -> throw unsupportedPart(type, partAt);
      };
      if (!text.isEmpty()) {
        items.addObject().put("type", "text").put("text", text);
      }
    }
    return items.isEmpty() ? null : items;
  }

  private static String partText(JsonNode part, String field, String at) {
    JsonNode text = part.path(field);
    if (!text.isString()) {
      throw invalid("A " + field + " part needs a string '" + field + "'.", at + "." + field);
    }
    return text.asString();
  }

  private static AiException unsupportedPart(String type, String at) {
    String shown = type.isEmpty() ? "(missing)" : type;
    return invalid("Content part type '" + shown + "' cannot be sent to Cohere in this message.", at + ".type");
  }
}
