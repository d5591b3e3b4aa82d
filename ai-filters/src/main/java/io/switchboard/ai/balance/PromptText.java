package io.switchboard.ai.balance;

import io.switchboard.ai.error.AiException;
import io.switchboard.ai.request.AiRequest;
import io.switchboard.ai.request.Operation;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The canonical prompt text of a chat request, in the order an engine's chat template lays it out: tools, then the
 * system prompt, then the messages. Each part is {@code RS role US text}; text parts contribute their text and
 * anything else (images, tool calls, tool results) its compact JSON, so the same conversation gives the same text
 * in every dialect as far as its text goes.
 *
 * <ul>
 *   <li>OpenAI Chat: {@code tools}, {@code messages[].content} ({@code developer} counts as {@code system})</li>
 *   <li>Responses: {@code tools}, {@code instructions}, {@code input} (a string or items; items without a role,
 *       such as {@code function_call}, are keyed by their {@code type})</li>
 *   <li>Anthropic: {@code tools}, {@code system}, {@code messages[].content}</li>
 *   <li>Gemini: {@code tools}, {@code systemInstruction.parts}, {@code contents[].parts} ({@code model} counts as
 *       {@code assistant})</li>
 * </ul>
 *
 * <p>Anthropic's {@code cache_control} markers are ignored inside text blocks: clients move them every turn.
 * Other requests (embeddings, token counts) and bodies that are not JSON objects have no prompt text.
 */
final class PromptText {

  private static final char RS = '\u001e';
  private static final char US = '\u001f';
  private static final Map<String, String> ROLES = Map.of("developer", "system", "model", "assistant");

  private final StringBuilder out = new StringBuilder(256);
  private final int limit;

  private PromptText(int limit) {
    this.limit = limit;
  }

  /** The canonical text of {@code request}, cut at {@code limit} characters; empty when it has no prompt. */
  static String of(AiRequest request, int limit) {
    if (request.operation() != Operation.CHAT) {
      return "";
    }
    ObjectNode body;
    try {
      body = request.tree();
    } catch (AiException notJson) {
      return "";
    }
    PromptText text = new PromptText(limit);
    text.part("tools", body.get("tools"));
    switch (request.dialect()) {
      case OPENAI -> text.messages(body.get("messages"), "content");
      case RESPONSES -> {
        text.part("system", body.get("instructions"));
        JsonNode input = body.get("input");
        if (input != null && input.isString()) {
          text.part("user", input);
        } else {
          text.messages(input, "content");
        }
      }
      case ANTHROPIC -> {
        text.part("system", body.get("system"));
        text.messages(body.get("messages"), "content");
      }
      case GEMINI -> {
        JsonNode system = body.has("systemInstruction") ? body.get("systemInstruction")
            : body.get("system_instruction");
        text.part("system", system == null ? null : system.get("parts"));
        text.messages(body.get("contents"), "parts");
      }
      default -> {
        return "";
      }
    }
    return text.out.toString();
  }

  private void messages(JsonNode messages, String contentField) {
    if (messages == null || !messages.isArray()) {
      return;
    }
    for (JsonNode message : messages) {
      if (full()) {
        return;
      }
      if (!(message instanceof ObjectNode object)) {
        part("user", message);
        continue;
      }
      JsonNode role = object.get("role");
      if (role != null && role.isString()) {
        part(role.asString(), object.get(contentField));
        extras(object, contentField);
      } else {
        part(object.path("type").asString("item"), object); // a Responses item such as function_call
      }
    }
  }

  /** Fields besides role and content (tool calls, tool call ids, names) are part of the prompt too. */
  private void extras(ObjectNode message, String contentField) {
    for (Map.Entry<String, JsonNode> field : message.properties()) {
      String name = field.getKey();
      if (!name.equals("role") && !name.equals(contentField) && !field.getValue().isNull()) {
        append(US).append(name).append('=').append(field.getValue().toString());
      }
    }
  }

  private void part(String role, JsonNode content) {
    if (content == null || content.isNull() || content.isMissingNode() || full()) {
      return;
    }
    append(RS).append(ROLES.getOrDefault(role, role)).append(US);
    if (content.isArray()) {
      for (JsonNode piece : content) {
        piece(piece);
      }
    } else {
      piece(content);
    }
  }

  private void piece(JsonNode piece) {
    if (piece.isString()) {
      append(piece.asString());
      return;
    }
    JsonNode text = piece.isObject() ? piece.get("text") : null;
    append(text != null && text.isString() ? text.asString() : piece.toString());
  }

  private boolean full() {
    return out.length() >= limit;
  }

  private PromptText append(char c) {
    if (!full()) {
      out.append(c);
    }
    return this;
  }

  private PromptText append(String s) {
    if (!full()) {
      out.append(s, 0, Math.min(s.length(), limit - out.length()));
    }
    return this;
  }
}
