package io.switchboard.ai.provider.anthropic;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps an Anthropic Messages request's {@code system} prompt and {@code messages} onto the canonical (OpenAI Chat
 * Completions) {@code messages} array; the other direction of {@link AnthropicMessageMapper}.
 *
 * <ul>
 *   <li>{@code system} becomes one leading {@code system} message: a string stays a string, a single text block
 *       becomes its text, several blocks become an array of text parts (so their boundaries survive).</li>
 *   <li>A user turn's {@code tool_result} blocks become {@code tool} messages, placed before a {@code user} message
 *       holding the turn's remaining text and images: OpenAI wants each tool result right after the assistant's call,
 *       and Anthropic itself requires results to precede other content of the turn.</li>
 *   <li>An assistant turn's text blocks are joined into one string, its {@code tool_use} blocks become
 *       {@code tool_calls}. Thinking and redacted thinking blocks are dropped: their signatures only mean something
 *       to Anthropic, and a non-Anthropic upstream has no field to carry them.</li>
 *   <li>{@code cache_control} is dropped everywhere: prompt caching is automatic or absent elsewhere.</li>
 * </ul>
 *
 * <p>Blocks that cannot be expressed canonically (documents, search results, server tool blocks, files, images in
 * tool results) are refused with 400 naming the block, rather than silently changing what the model sees. Errors
 * name fields in Anthropic's terms ({@code messages[2].content[1].type}). The client's tree is never modified.
 */
final class AnthropicInboundMessages {

  /** Separates the text blocks of one {@code tool_result}, which an OpenAI tool message carries as one string. */
  static final String TOOL_RESULT_SEPARATOR = "\n";

  private AnthropicInboundMessages() {
  }

  /** Appends the system message (if any) and every translated turn to {@code out}. */
  static void map(@Nullable JsonNode system, @Nullable JsonNode messages, ArrayNode out) {
    addSystem(system, out);
    if (messages == null || !messages.isArray()) {
      throw AiException.invalidRequest("'messages' must be an array of messages.", "messages");
    }
    if (messages.isEmpty()) {
      throw AiException.invalidRequest("'messages' must contain at least one message.", "messages");
    }
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String at = "messages[" + i + "]";
      if (!message.isObject()) {
        throw AiException.invalidRequest("Each message must be an object.", at);
      }
      String role = message.path("role").asString("");
      switch (role) {
        case "user" -> userTurn(message.get("content"), at, out);
        case "assistant" -> assistantTurn(message.get("content"), at, out);
        default -> throw AiException.invalidRequest("A message's 'role' must be 'user' or 'assistant'.",
            at + ".role");
      }
    }
  }

  private static void addSystem(@Nullable JsonNode system, ArrayNode out) {
    if (system == null || system.isNull()) {
      return;
    }
    if (system.isString()) {
      if (!system.asString().isEmpty()) {
        out.addObject().put("role", "system").put("content", system.asString());
      }
      return;
    }
    if (!system.isArray()) {
      throw AiException.invalidRequest("'system' must be a string or an array of text blocks.", "system");
    }
    ArrayNode parts = Json.array();
    for (int i = 0; i < system.size(); i++) {
      JsonNode block = system.get(i);
      String at = "system[" + i + "]";
      if (!"text".equals(block.path("type").asString(""))) {
        throw AiException.invalidRequest("System blocks must be text blocks.", at + ".type");
      }
      String text = blockText(block, at);
      if (!text.isEmpty()) {
        parts.add(textPart(text));
      }
    }
    if (parts.isEmpty()) {
      return;
    }
    ObjectNode message = out.addObject().put("role", "system");
    if (parts.size() == 1) {
      message.set("content", parts.get(0).get("text"));
    } else {
      message.set("content", parts);
    }
  }

  private static void userTurn(@Nullable JsonNode content, String at, ArrayNode out) {
    if (content != null && content.isString()) {
      out.addObject().put("role", "user").put("content", content.asString());
      return;
    }
    ArrayNode blocks = requireBlocks(content, at);
    ArrayNode parts = Json.array();
    for (int j = 0; j < blocks.size(); j++) {
      JsonNode block = blocks.get(j);
      String blockAt = at + ".content[" + j + "]";
      String type = block.path("type").asString("");
      switch (type) {
        case "text" -> parts.add(textPart(blockText(block, blockAt)));
        case "image" -> parts.add(imagePart(block.get("source"), blockAt + ".source"));
        // Written straight to out: every tool message precedes the user message built from the remaining parts.
        case "tool_result" -> out.add(toolMessage(block, blockAt));
        default -> throw unsupportedBlock(type, "a user", blockAt);
      }
    }
    if (!parts.isEmpty()) {
      out.addObject().put("role", "user").set("content", parts);
    }
  }

  private static void assistantTurn(@Nullable JsonNode content, String at, ArrayNode out) {
    if (content != null && content.isString()) {
      out.addObject().put("role", "assistant").put("content", content.asString());
      return;
    }
    ArrayNode blocks = requireBlocks(content, at);
    // Anthropic's text blocks of one turn are consecutive pieces of one answer; a string is also what every
    // OpenAI-compatible server accepts for an assistant message, where not all accept arrays of parts.
    StringBuilder text = new StringBuilder();
    boolean hasText = false;
    ArrayNode toolCalls = Json.array();
    for (int j = 0; j < blocks.size(); j++) {
      JsonNode block = blocks.get(j);
      String blockAt = at + ".content[" + j + "]";
      String type = block.path("type").asString("");
      switch (type) {
        case "text" -> {
          text.append(blockText(block, blockAt));
          hasText = true;
        }
        case "tool_use" -> toolCalls.add(toolCall(block, blockAt));
        case "thinking", "redacted_thinking" -> {
          // Dropped: see the class comment.
        }
        default -> throw unsupportedBlock(type, "an assistant", blockAt);
      }
    }
    if (!hasText && toolCalls.isEmpty()) {
      // Only thinking: nothing a non-Anthropic model can be shown, and an empty assistant message is refused by some.
      return;
    }
    ObjectNode message = out.addObject().put("role", "assistant");
    if (hasText) {
      message.put("content", text.toString());
    } else {
      message.putNull("content");
    }
    if (!toolCalls.isEmpty()) {
      message.set("tool_calls", toolCalls);
    }
  }

  private static ArrayNode requireBlocks(@Nullable JsonNode content, String at) {
    if (content == null || !content.isArray()) {
      throw AiException.invalidRequest("A message's 'content' must be a string or an array of content blocks.",
          at + ".content");
    }
    return (ArrayNode) content;
  }

  private static ObjectNode toolCall(JsonNode block, String at) {
    JsonNode id = block.path("id");
    if (!id.isString() || id.asString().isEmpty()) {
      throw AiException.invalidRequest("A tool_use block needs an 'id'.", at + ".id");
    }
    JsonNode name = block.path("name");
    if (!name.isString() || name.asString().isEmpty()) {
      throw AiException.invalidRequest("A tool_use block needs a 'name'.", at + ".name");
    }
    JsonNode input = block.get("input");
    String arguments;
    if (input == null || input.isNull()) {
      arguments = "{}";
    } else if (input.isObject()) {
      arguments = Json.MAPPER.writeValueAsString(input);
    } else {
      throw AiException.invalidRequest("A tool_use block's 'input' must be an object.", at + ".input");
    }
    ObjectNode call = Json.object().put("id", id.asString()).put("type", "function");
    call.putObject("function").put("name", name.asString()).put("arguments", arguments);
    return call;
  }

  /**
   * A {@code tool} message for a {@code tool_result} block. Its content is a string: OpenAI tool messages carry
   * text only. {@code is_error} has no canonical field; the content, which says what went wrong, is kept as is.
   */
  private static ObjectNode toolMessage(JsonNode block, String at) {
    JsonNode id = block.path("tool_use_id");
    if (!id.isString() || id.asString().isEmpty()) {
      throw AiException.invalidRequest("A tool_result block needs a 'tool_use_id'.", at + ".tool_use_id");
    }
    JsonNode content = block.get("content");
    String text;
    if (content == null || content.isNull()) {
      text = "";
    } else if (content.isString()) {
      text = content.asString();
    } else if (content.isArray()) {
      StringBuilder joined = new StringBuilder();
      for (int k = 0; k < content.size(); k++) {
        JsonNode inner = content.get(k);
        String innerAt = at + ".content[" + k + "]";
        if (!"text".equals(inner.path("type").asString(""))) {
          String type = inner.path("type").asString("");
          throw AiException.invalidRequest("Tool results may only hold text blocks through this gateway; got '"
              + (type.isEmpty() ? "(missing)" : type) + "'.", innerAt + ".type");
        }
        if (k > 0) {
          joined.append(TOOL_RESULT_SEPARATOR);
        }
        joined.append(blockText(inner, innerAt));
      }
      text = joined.toString();
    } else {
      throw AiException.invalidRequest("A tool_result's 'content' must be a string or an array of text blocks.",
          at + ".content");
    }
    return Json.object().put("role", "tool").put("tool_call_id", id.asString()).put("content", text);
  }

  /** An {@code image_url} part: base64 sources become data URLs, URL sources are passed as they are. */
  private static ObjectNode imagePart(@Nullable JsonNode source, String at) {
    if (source == null || !source.isObject()) {
      throw AiException.invalidRequest("An image block needs a 'source'.", at);
    }
    String url = switch (source.path("type").asString("")) {
      case "base64" -> "data:" + requiredString(source, "media_type", at) + ";base64,"
          + requiredString(source, "data", at);
      case "url" -> requiredString(source, "url", at);
      // "file" refers to Anthropic's Files API, which no other provider can read.
      default -> throw AiException.invalidRequest("Image sources must be of type 'base64' or 'url'.", at + ".type");
    };
    ObjectNode part = Json.object().put("type", "image_url");
    part.putObject("image_url").put("url", url);
    return part;
  }

  private static String requiredString(JsonNode node, String field, String at) {
    JsonNode value = node.path(field);
    if (!value.isString() || value.asString().isEmpty()) {
      throw AiException.invalidRequest("'" + field + "' must be a non-empty string.", at + "." + field);
    }
    return value.asString();
  }

  private static String blockText(JsonNode block, String at) {
    JsonNode text = block.path("text");
    if (!text.isString()) {
      throw AiException.invalidRequest("A text block needs a string 'text'.", at + ".text");
    }
    return text.asString();
  }

  private static ObjectNode textPart(String text) {
    return Json.object().put("type", "text").put("text", text);
  }

  private static AiException unsupportedBlock(String type, String turn, String at) {
    String shown = type.isEmpty() ? "(missing)" : type;
    return AiException.invalidRequest("Content block type '" + shown + "' is not supported in " + turn
        + " message by this gateway.", at + ".type");
  }
}
