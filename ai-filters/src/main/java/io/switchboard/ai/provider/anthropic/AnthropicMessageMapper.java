package io.switchboard.ai.provider.anthropic;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps the OpenAI {@code messages} array onto Anthropic's top-level {@code system} prompt and its list of
 * alternating user and assistant turns.
 *
 * <ul>
 *   <li>{@code system} and {@code developer} messages, wherever they appear, are lifted into {@code system}: a plain
 *       string when there is exactly one text, an array of text blocks otherwise.</li>
 *   <li>{@code tool} messages become {@code tool_result} blocks of a user turn.</li>
 *   <li>Consecutive turns of one role are merged into one message with their blocks concatenated, since Anthropic
 *       rejects two user (or two assistant) messages in a row. This joins parallel tool results, and a user message
 *       that follows tool results, into one user turn.</li>
 * </ul>
 *
 * <p>Errors name the offending field in OpenAI's terms ({@code messages[2].content[1].type}). The client's tree is
 * never modified.
 */
final class AnthropicMessageMapper {

  /** The mapped conversation: {@code system} is a string, an array of text blocks, or {@code null} when absent. */
  record Conversation(@Nullable JsonNode system, ArrayNode messages) {
  }

  /** One Anthropic message being assembled; {@code plain} while its content is a single client string. */
  private static final class Turn {
    final String role;
    final ArrayNode blocks = Json.array();
    boolean plain;

    Turn(String role) {
      this.role = role;
    }
  }

  private AnthropicMessageMapper() {
  }

  static Conversation map(JsonNode messages) {
    if (!messages.isArray()) {
      throw AiException.invalidRequest("'messages' must be an array of messages.", "messages");
    }
    ArrayNode system = Json.array();
    List<Turn> turns = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String at = "messages[" + i + "]";
      if (!message.isObject()) {
        throw AiException.invalidRequest("Each message must be an object.", at);
      }
      JsonNode role = message.path("role");
      if (!role.isString()) {
        throw AiException.invalidRequest("Each message needs a 'role'.", at + ".role");
      }
      switch (role.asString()) {
        case "system", "developer" -> addTexts(message.get("content"), at, system);
        case "user" -> userTurn(message, at, turns);
        case "assistant" -> assistantTurn(message, at, turns);
        case "tool" -> toolTurn(message, at, turns);
        default -> throw AiException.invalidRequest(
            "Message role '" + role.asString() + "' is not supported by Anthropic.", at + ".role");
      }
    }
    if (turns.isEmpty()) {
      throw AiException.invalidRequest("Anthropic needs at least one user or assistant message.", "messages");
    }
    ArrayNode out = Json.array();
    for (Turn turn : turns) {
      ObjectNode message = out.addObject().put("role", turn.role);
      if (turn.plain) {
        message.set("content", turn.blocks.get(0).get("text"));
      } else {
        message.set("content", turn.blocks);
      }
    }
    return new Conversation(systemPrompt(system), out);
  }

  private static @Nullable JsonNode systemPrompt(ArrayNode blocks) {
    if (blocks.isEmpty()) {
      return null;
    }
    return blocks.size() == 1 ? blocks.get(0).get("text") : blocks;
  }

  private static void userTurn(JsonNode message, String at, List<Turn> turns) {
    JsonNode content = message.get("content");
    if (content != null && content.isString()) {
      append(turns, "user", Json.array().add(textBlock(content.asString())), true);
      return;
    }
    if (content == null || !content.isArray()) {
      throw AiException.invalidRequest("A user message needs 'content': a string or an array of parts.",
          at + ".content");
    }
    ArrayNode blocks = Json.array();
    for (int j = 0; j < content.size(); j++) {
      JsonNode part = content.get(j);
      String partAt = at + ".content[" + j + "]";
      String type = part.path("type").asString("");
      switch (type) {
        case "text" -> blocks.add(textBlock(partText(part, "text", partAt)));
        case "image_url" -> blocks.add(imageBlock(part.get("image_url"), partAt + ".image_url"));
        default -> throw unsupportedPart(type, partAt);
      }
    }
    append(turns, "user", blocks, false);
  }

  private static void assistantTurn(JsonNode message, String at, List<Turn> turns) {
    ArrayNode blocks = Json.array();
    JsonNode content = message.get("content");
    if (content != null && content.isString()) {
      addNonEmptyText(blocks, content.asString());
    } else if (content != null && content.isArray()) {
      for (int j = 0; j < content.size(); j++) {
        JsonNode part = content.get(j);
        String partAt = at + ".content[" + j + "]";
        String type = part.path("type").asString("");
        // A refusal the assistant gave earlier is still text the model said; keep it in the history.
        switch (type) {
          case "text" -> addNonEmptyText(blocks, partText(part, "text", partAt));
          case "refusal" -> addNonEmptyText(blocks, partText(part, "refusal", partAt));
          default -> throw unsupportedPart(type, partAt);
        }
      }
    } else if (content != null && !content.isNull()) {
      throw AiException.invalidRequest("An assistant message's 'content' must be a string or an array of parts.",
          at + ".content");
    }
    JsonNode toolCalls = message.get("tool_calls");
    if (toolCalls != null && toolCalls.isArray()) {
      for (int j = 0; j < toolCalls.size(); j++) {
        blocks.add(toolUseBlock(toolCalls.get(j), at + ".tool_calls[" + j + "]"));
      }
    } else if (toolCalls != null && !toolCalls.isNull()) {
      throw AiException.invalidRequest("'tool_calls' must be an array.", at + ".tool_calls");
    }
    // An assistant message with neither text nor tool calls would be an empty Anthropic message, which is rejected.
    if (!blocks.isEmpty()) {
      append(turns, "assistant", blocks, false);
    }
  }

  private static void toolTurn(JsonNode message, String at, List<Turn> turns) {
    JsonNode id = message.path("tool_call_id");
    if (!id.isString()) {
      throw AiException.invalidRequest("A tool message needs 'tool_call_id'.", at + ".tool_call_id");
    }
    ObjectNode result = Json.object().put("type", "tool_result").put("tool_use_id", id.asString());
    JsonNode content = message.get("content");
    if (content != null && content.isString()) {
      result.put("content", content.asString());
    } else if (content != null && content.isArray()) {
      ArrayNode texts = Json.array();
      addTexts(content, at, texts);
      result.set("content", texts);
    } else if (content != null && !content.isNull()) {
      throw AiException.invalidRequest("A tool message's 'content' must be a string or an array of text parts.",
          at + ".content");
    }
    append(turns, "user", Json.array().add(result), false);
  }

  /** Adds a string or an array of text parts as text blocks, skipping empty texts. */
  private static void addTexts(@Nullable JsonNode content, String at, ArrayNode into) {
    if (content == null || content.isNull()) {
      return;
    }
    if (content.isString()) {
      addNonEmptyText(into, content.asString());
      return;
    }
    if (!content.isArray()) {
      throw AiException.invalidRequest("'content' must be a string or an array of text parts.", at + ".content");
    }
    for (int j = 0; j < content.size(); j++) {
      JsonNode part = content.get(j);
      String partAt = at + ".content[" + j + "]";
      String type = part.path("type").asString("");
      if (!type.equals("text")) {
        throw unsupportedPart(type, partAt);
      }
      addNonEmptyText(into, partText(part, "text", partAt));
    }
  }

  /** Appends blocks as a new turn, or to the previous turn when it has the same role. */
  private static void append(List<Turn> turns, String role, ArrayNode blocks, boolean plain) {
    Turn last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
    if (last != null && last.role.equals(role)) {
      last.blocks.addAll(blocks);
      last.plain = false;
      return;
    }
    Turn turn = new Turn(role);
    turn.blocks.addAll(blocks);
    turn.plain = plain;
    turns.add(turn);
  }

  private static ObjectNode toolUseBlock(JsonNode call, String at) {
    if (!call.isObject()) {
      throw AiException.invalidRequest("Each tool call must be an object.", at);
    }
    JsonNode type = call.get("type");
    if (type != null && !"function".equals(type.asString(""))) {
      throw AiException.invalidRequest("Only function tool calls are supported by Anthropic.", at + ".type");
    }
    JsonNode id = call.path("id");
    if (!id.isString()) {
      throw AiException.invalidRequest("A tool call needs an 'id'.", at + ".id");
    }
    JsonNode function = call.path("function");
    JsonNode name = function.path("name");
    if (!name.isString()) {
      throw AiException.invalidRequest("A tool call needs 'function.name'.", at + ".function.name");
    }
    return Json.object()
        .put("type", "tool_use")
        .put("id", id.asString())
        .put("name", name.asString())
        .set("input", arguments(function.get("arguments"), at + ".function.arguments"));
  }

  /**
   * Parses a tool call's JSON-encoded arguments into the object Anthropic wants as {@code input}. An empty string
   * stands for no arguments; an object (sent by some clients instead of a string) is taken as is.
   */
  private static JsonNode arguments(@Nullable JsonNode arguments, String at) {
    if (arguments == null || arguments.isNull()) {
      return Json.object();
    }
    if (arguments.isObject()) {
      return arguments.deepCopy();
    }
    if (arguments.isString()) {
      String text = arguments.asString().strip();
      if (text.isEmpty()) {
        return Json.object();
      }
      try {
        JsonNode parsed = Json.MAPPER.readTree(text);
        if (parsed.isObject()) {
          return parsed;
        }
      } catch (JacksonException e) {
        // Reported below with the same message as a non-object value.
      }
    }
    throw AiException.invalidRequest("Tool call arguments must be a JSON object encoded as a string.", at);
  }

  private static ObjectNode imageBlock(@Nullable JsonNode imageUrl, String at) {
    // OpenAI sends {"url": ..., "detail": ...}; a bare string is accepted too. Anthropic has no "detail".
    JsonNode urlNode = imageUrl == null || imageUrl.isString() ? imageUrl : imageUrl.get("url");
    if (urlNode == null || !urlNode.isString()) {
      throw AiException.invalidRequest("An image_url part needs 'image_url.url'.", at + ".url");
    }
    String url = urlNode.asString();
    ObjectNode block = Json.object().put("type", "image");
    ObjectNode source = block.putObject("source");
    // Prefix checks in place: a data URL may be megabytes long, not worth lower-casing whole.
    if (startsWithIgnoreCase(url, "data:")) {
      int comma = url.indexOf(',');
      String header = comma < 0 ? "" : url.substring("data:".length(), comma);
      int semicolon = header.indexOf(';');
      if (semicolon <= 0 || !header.toLowerCase(Locale.ROOT).endsWith(";base64")) {
        throw AiException.invalidRequest(
            "Image data URLs must have the form data:<media type>;base64,<data>.", at + ".url");
      }
      source.put("type", "base64")
          .put("media_type", header.substring(0, semicolon))
          .put("data", url.substring(comma + 1));
    } else if (startsWithIgnoreCase(url, "https://") || startsWithIgnoreCase(url, "http://")) {
      source.put("type", "url").put("url", url);
    } else {
      throw AiException.invalidRequest("Image URLs must be http(s) or base64 data URLs.", at + ".url");
    }
    return block;
  }

  private static boolean startsWithIgnoreCase(String text, String prefix) {
    return text.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  private static String partText(JsonNode part, String field, String at) {
    JsonNode text = part.path(field);
    if (!text.isString()) {
      throw AiException.invalidRequest("A " + field + " part needs a string '" + field + "'.", at + "." + field);
    }
    return text.asString();
  }

  private static ObjectNode textBlock(String text) {
    return Json.object().put("type", "text").put("text", text);
  }

  /** Anthropic rejects empty text blocks, so empty texts (e.g. an assistant turn holding only tool calls) go. */
  private static void addNonEmptyText(ArrayNode blocks, String text) {
    if (!text.isEmpty()) {
      blocks.add(textBlock(text));
    }
  }

  private static AiException unsupportedPart(String type, String at) {
    String shown = type.isEmpty() ? "(missing)" : type;
    return AiException.invalidRequest(
        "Content part type '" + shown + "' cannot be sent to Anthropic in this message.", at + ".type");
  }
}
