package io.switchboard.ai.provider.openai;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps a Responses API request's {@code instructions} and {@code input} onto the canonical (OpenAI Chat Completions)
 * {@code messages} array.
 *
 * <ul>
 *   <li>{@code instructions} becomes one leading {@code system} message; a string {@code input} one {@code user}
 *       message.</li>
 *   <li>A {@code message} item (with or without {@code type}) keeps its role, except that {@code developer} becomes
 *       {@code system}, which every upstream understands. Its content is a string or a list of parts:
 *       {@code input_text} and {@code output_text} become text parts, {@code input_image} an {@code image_url} part
 *       (user messages only). A system message of one part gets its text as content. An assistant message's parts
 *       are joined into one string, as every OpenAI-compatible server accepts; a {@code refusal} part is kept as
 *       text, being what the model said.</li>
 *   <li>{@code function_call} items become {@code tool_calls} of an assistant message: of the preceding assistant
 *       message, so that a replayed answer ({@code message} then {@code function_call}s) is one turn again, or of a
 *       new one with no content. Their {@code id} is not needed and dropped.</li>
 *   <li>{@code function_call_output} items become {@code tool} messages; an output given as parts must be text,
 *       and its parts are joined with {@value #OUTPUT_SEPARATOR}.</li>
 *   <li>{@code reasoning} items are dropped: their (possibly encrypted) content only means something to OpenAI.</li>
 * </ul>
 *
 * <p>Refused with 400 naming the field: images given by {@code file_id} and {@code input_file} parts (they refer to
 * OpenAI's file storage or are documents no canonical part carries), {@code item_reference} items (they refer to
 * stored items; this gateway stores none), and the items of built-in tools ({@code web_search_call},
 * {@code computer_call_output}, ...), which only OpenAI can run. The client's tree is never modified.
 */
final class ResponsesInboundInput {

  /** Separates the text parts of one {@code function_call_output}, which a canonical tool message holds as one. */
  static final String OUTPUT_SEPARATOR = "\n";

  private static final Set<String> ROLES = Set.of("user", "assistant", "system", "developer");
  private static final Set<String> IMAGE_DETAILS = Set.of("auto", "low", "high");

  private ResponsesInboundInput() {
  }

  /** Appends the system message made of {@code instructions} (if any) and every translated input item to out. */
  static void map(@Nullable JsonNode instructions, @Nullable JsonNode input, ArrayNode out) {
    if (instructions != null && !instructions.isNull()) {
      if (!instructions.isString()) {
        throw AiException.invalidRequest("'instructions' must be a string.", "instructions");
      }
      if (!instructions.asString().isEmpty()) {
        out.addObject().put("role", "system").put("content", instructions.asString());
      }
    }
    if (input == null || input.isNull()) {
      throw AiException.invalidRequest("'input' is required.", "input");
    }
    if (input.isString()) {
      out.addObject().put("role", "user").put("content", input.asString());
      return;
    }
    if (!input.isArray()) {
      throw AiException.invalidRequest("'input' must be a string or an array of input items.", "input");
    }
    for (int i = 0; i < input.size(); i++) {
      item(input.get(i), "input[" + i + "]", out);
    }
    if (!hasConversation(out)) {
      throw AiException.invalidRequest("'input' must contain at least one message.", "input");
    }
  }

  private static void item(JsonNode item, String at, ArrayNode out) {
    if (!item.isObject()) {
      throw AiException.invalidRequest("Each input item must be an object.", at);
    }
    JsonNode type = item.get("type");
    String kind = type == null || type.isNull() ? "message" : type.asString("");
    switch (kind) {
      case "message" -> message(item, at, out);
      case "function_call" -> functionCall(item, at, out);
      case "function_call_output" -> out.add(functionCallOutput(item, at));
      case "reasoning" -> {
        // Dropped: see the class comment.
      }
      case "item_reference" -> throw AiException.invalidRequest("Item references cannot be used: response storage "
          + "is not available on this gateway. Send the referenced item itself.", at + ".type");
      default -> throw AiException.invalidRequest("Input item type '" + (kind.isEmpty() ? "(missing)" : kind)
          + "' is not supported by this gateway.", at + ".type");
    }
  }

  private static void message(JsonNode item, String at, ArrayNode out) {
    String role = item.path("role").asString("");
    if (!ROLES.contains(role)) {
      throw AiException.invalidRequest("A message's 'role' must be user, assistant, system or developer.",
          at + ".role");
    }
    JsonNode content = item.get("content");
    ObjectNode message = Json.object().put("role", role.equals("developer") ? "system" : role);
    if (content != null && content.isString()) {
      message.put("content", content.asString());
    } else if (content != null && content.isArray()) {
      ArrayNode parts = Json.array();
      for (int j = 0; j < content.size(); j++) {
        parts.add(part(content.get(j), role, at + ".content[" + j + "]"));
      }
      if (role.equals("assistant")) {
        // Text parts only: a string is what every server takes for an assistant message.
        StringBuilder text = new StringBuilder();
        parts.forEach(part -> text.append(part.path("text").asString()));
        message.put("content", text.toString());
      } else if (!role.equals("user") && parts.size() == 1) {
        message.set("content", parts.get(0).get("text"));
      } else {
        message.set("content", parts);
      }
    } else {
      throw AiException.invalidRequest("A message's 'content' must be a string or an array of content parts.",
          at + ".content");
    }
    out.add(message);
  }

  private static ObjectNode part(JsonNode part, String role, String at) {
    if (!part.isObject()) {
      throw AiException.invalidRequest("Each content part must be an object.", at);
    }
    String type = part.path("type").asString("");
    switch (type) {
      case "input_text", "output_text" -> {
        return textPart(string(part, "text", at));
      }
      case "refusal" -> {
        if (role.equals("assistant")) {
          return textPart(string(part, "refusal", at));
        }
      }
      case "input_image" -> {
        if (role.equals("user")) {
          return imagePart(part, at);
        }
        throw AiException.invalidRequest("Images can only be sent in user messages.", at + ".type");
      }
      case "input_file" -> throw AiException.invalidRequest("File inputs are not supported by this gateway.",
          at + ".type");
      default -> {
        // Reported below.
      }
    }
    throw AiException.invalidRequest("Content part type '" + (type.isEmpty() ? "(missing)" : type)
        + "' is not supported in a " + role + " message by this gateway.", at + ".type");
  }

  /** An {@code image_url} part; the URL may be a data URL. A {@code detail} OpenAI Chat does not know is dropped. */
  private static ObjectNode imagePart(JsonNode part, String at) {
    JsonNode fileId = part.get("file_id");
    if (fileId != null && !fileId.isNull()) {
      throw AiException.invalidRequest("Images given by 'file_id' cannot be used: file storage is not available on "
          + "this gateway. Send the image as a URL or a data URL in 'image_url'.", at + ".file_id");
    }
    ObjectNode image = Json.object().put("url", requiredString(part, "image_url", at));
    String detail = part.path("detail").asString("");
    if (IMAGE_DETAILS.contains(detail)) {
      image.put("detail", detail);
    }
    ObjectNode mapped = Json.object().put("type", "image_url");
    mapped.set("image_url", image);
    return mapped;
  }

  private static void functionCall(JsonNode item, String at, ArrayNode out) {
    String callId = requiredString(item, "call_id", at);
    String name = requiredString(item, "name", at);
    JsonNode arguments = item.get("arguments");
    if (arguments != null && !arguments.isNull() && !arguments.isString()) {
      throw AiException.invalidRequest("A function call's 'arguments' must be a JSON string.", at + ".arguments");
    }
    String json = arguments == null || arguments.isNull() || arguments.asString().isEmpty()
        ? ResponsesInboundItems.NO_ARGUMENTS : arguments.asString();
    JsonNode last = out.isEmpty() ? null : out.get(out.size() - 1);
    ObjectNode assistant;
    if (last != null && "assistant".equals(last.path("role").asString(""))) {
      assistant = (ObjectNode) last;
    } else {
      assistant = out.addObject().put("role", "assistant");
      assistant.putNull("content");
    }
    ArrayNode calls = assistant.has("tool_calls") ? (ArrayNode) assistant.get("tool_calls")
        : assistant.putArray("tool_calls");
    calls.add(OpenAiShapes.toolCall(callId, name, json));
  }

  private static ObjectNode functionCallOutput(JsonNode item, String at) {
    String callId = requiredString(item, "call_id", at);
    JsonNode output = item.get("output");
    String text;
    if (output != null && output.isString()) {
      text = output.asString();
    } else if (output != null && output.isArray()) {
      StringBuilder joined = new StringBuilder();
      for (int k = 0; k < output.size(); k++) {
        JsonNode part = output.get(k);
        String partAt = at + ".output[" + k + "]";
        String type = part.path("type").asString("");
        if (!type.equals("input_text") && !type.equals("output_text")) {
          throw AiException.invalidRequest("Function call outputs may only hold text parts through this gateway; "
              + "got '" + (type.isEmpty() ? "(missing)" : type) + "'.", partAt + ".type");
        }
        if (k > 0) {
          joined.append(OUTPUT_SEPARATOR);
        }
        joined.append(string(part, "text", partAt));
      }
      text = joined.toString();
    } else {
      throw AiException.invalidRequest("A function call output's 'output' must be a string or an array of text "
          + "parts.", at + ".output");
    }
    return Json.object().put("role", "tool").put("tool_call_id", callId).put("content", text);
  }

  /** Whether the messages hold more than the system prompt: upstreams refuse a conversation of only that. */
  private static boolean hasConversation(ArrayNode messages) {
    for (JsonNode message : messages) {
      if (!message.path("role").asString("").equals("system")) {
        return true;
      }
    }
    return false;
  }

  private static String requiredString(JsonNode node, String field, String at) {
    JsonNode value = node.path(field);
    if (!value.isString() || value.asString().isEmpty()) {
      throw AiException.invalidRequest("'" + field + "' must be a non-empty string.", at + "." + field);
    }
    return value.asString();
  }

  private static String string(JsonNode node, String field, String at) {
    JsonNode value = node.path(field);
    if (!value.isString()) {
      throw AiException.invalidRequest("'" + field + "' must be a string.", at + "." + field);
    }
    return value.asString();
  }

  private static ObjectNode textPart(String text) {
    return Json.object().put("type", "text").put("text", text);
  }
}
