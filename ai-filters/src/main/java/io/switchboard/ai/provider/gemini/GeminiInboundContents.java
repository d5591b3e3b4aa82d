package io.switchboard.ai.provider.gemini;

import static io.switchboard.ai.provider.gemini.GeminiInboundWire.field;
import static io.switchboard.ai.provider.gemini.GeminiInboundWire.string;
import static io.switchboard.ai.provider.gemini.GeminiWire.absent;
import static io.switchboard.ai.provider.gemini.GeminiWire.invalid;

import io.switchboard.ai.Json;
import io.switchboard.ai.provider.openai.OpenAiShapes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates a Gemini client's {@code systemInstruction} and {@code contents} into canonical chat {@code messages}.
 *
 * <ul>
 *   <li>{@code systemInstruction} becomes one {@code system} message (text parts only).
 *   <li>A {@code user} turn (or one without a role, or the legacy {@code function} role) becomes its
 *       {@code functionResponse}s as {@code tool} messages, <em>then</em> one {@code user} message with its text and
 *       images: canonical tool results must directly follow the assistant's calls. The content is a string when
 *       the turn is a single text part, an array of parts otherwise.
 *   <li>A {@code model} turn becomes one {@code assistant} message: its text parts concatenated (as Gemini's own
 *       streamed pieces are) and its {@code functionCall}s as {@code tool_calls}.
 *   <li>Gemini's function calls have no mandatory id. Each gets the client's {@code id} if it sent one, else
 *       {@code call_<name>_<k>}, {@code k} counting the request's function calls from 0 (characters other than
 *       letters, digits, {@code _} and {@code -} in the name become {@code _}, so that every provider accepts the
 *       id). A {@code functionResponse} answers the unanswered call of the latest model turn with its {@code id},
 *       else the first one with its name.
 *   <li>{@code inlineData} becomes a base64 {@code data:} URL, {@code fileData} its {@code http(s)} URL; both only
 *       for {@code image/*} MIME types ({@code fileData} without one is taken to be an image).
 *   <li>Thought parts ({@code thought: true}) are dropped, and so is every part's {@code thoughtSignature}: the
 *       canonical dialect has no place for them. A turn left with nothing to say is dropped.
 * </ul>
 */
final class GeminiInboundContents {

  private record Call(String id, String name) {
  }

  /** Conversation state: the running function call count and the latest model turn's unanswered calls. */
  private static final class Calls {
    int count;
    List<Call> unanswered = new ArrayList<>();
  }

  private GeminiInboundContents() {
  }

  /** The canonical messages for a request; the system message, if any, first. */
  static ArrayNode messages(ObjectNode request) {
    ArrayNode messages = Json.array();
    JsonNode systemInstruction = field(request, "systemInstruction");
    if (!absent(systemInstruction)) {
      ArrayNode parts = systemParts(systemInstruction);
      if (!parts.isEmpty()) {
        messages.addObject().put("role", "system").set("content", compact(parts));
      }
    }
    JsonNode contents = field(request, "contents");
    if (contents == null || !contents.isArray() || contents.isEmpty()) {
      throw invalid("'contents' must be a non-empty array.", "contents");
    }
    Calls calls = new Calls();
    for (int i = 0; i < contents.size(); i++) {
      JsonNode content = contents.get(i);
      String at = "contents[" + i + "]";
      if (!content.isObject()) {
        throw invalid("Each content must be an object.", at);
      }
      JsonNode parts = field(content, "parts");
      if (parts == null || !parts.isArray() || parts.isEmpty()) {
        throw invalid("Each content needs a non-empty 'parts' array.", at + ".parts");
      }
      JsonNode role = field(content, "role");
      String name = absent(role) ? "" : role.isString() ? role.asString() : "?";
      switch (name) {
        case "user", "function", "" -> userTurn(parts, at, calls, messages);
        case "model" -> modelTurn(parts, at, calls, messages);
        default -> throw invalid("'role' must be 'user' or 'model'.", at + ".role");
      }
    }
    return messages;
  }

  private static ArrayNode systemParts(JsonNode systemInstruction) {
    JsonNode parts = field(systemInstruction, "parts");
    if (!systemInstruction.isObject() || parts == null || !parts.isArray()) {
      throw invalid("'systemInstruction' must be a content with a 'parts' array.", "systemInstruction");
    }
    ArrayNode result = Json.array();
    for (int j = 0; j < parts.size(); j++) {
      String text = string(parts.get(j), "text");
      if (text == null) {
        throw invalid("System instructions may only hold text parts.", "systemInstruction.parts[" + j + "]");
      }
      addText(result, text);
    }
    return result;
  }

  private static void userTurn(JsonNode parts, String at, Calls calls, ArrayNode messages) {
    ArrayNode content = Json.array();
    for (int j = 0; j < parts.size(); j++) {
      JsonNode part = parts.get(j);
      String partAt = at + ".parts[" + j + "]";
      if (!part.isObject()) {
        throw invalid("Each part must be an object.", partAt);
      }
      if (GeminiWire.isThought(part)) {
        continue;
      }
      JsonNode text = field(part, "text");
      if (text != null) {
        addText(content, requireString(text, partAt + ".text"));
      } else if (field(part, "inlineData") != null) {
        content.add(inlineImage(field(part, "inlineData"), partAt));
      } else if (field(part, "fileData") != null) {
        content.add(fileImage(field(part, "fileData"), partAt));
      } else if (field(part, "functionResponse") != null) {
        messages.add(toolMessage(field(part, "functionResponse"), partAt + ".functionResponse", calls));
      } else if (field(part, "functionCall") != null) {
        throw invalid("A functionCall part belongs in a 'model' turn.", partAt + ".functionCall");
      } else {
        throw unsupported(part, partAt);
      }
    }
    if (!content.isEmpty()) {
      messages.addObject().put("role", "user").set("content", compact(content));
    }
  }

  private static void modelTurn(JsonNode parts, String at, Calls calls, ArrayNode messages) {
    StringBuilder text = new StringBuilder();
    ArrayNode toolCalls = Json.array();
    calls.unanswered = new ArrayList<>();
    for (int j = 0; j < parts.size(); j++) {
      JsonNode part = parts.get(j);
      String partAt = at + ".parts[" + j + "]";
      if (!part.isObject()) {
        throw invalid("Each part must be an object.", partAt);
      }
      if (GeminiWire.isThought(part)) {
        continue;
      }
      JsonNode partText = field(part, "text");
      JsonNode functionCall = field(part, "functionCall");
      if (partText != null) {
        text.append(requireString(partText, partAt + ".text"));
      } else if (functionCall != null) {
        toolCalls.add(toolCall(functionCall, partAt + ".functionCall", calls));
      } else if (field(part, "functionResponse") != null) {
        throw invalid("A functionResponse part belongs in a 'user' turn.", partAt + ".functionResponse");
      } else if (field(part, "inlineData") != null || field(part, "fileData") != null) {
        throw invalid("Model turns may only hold text and function calls.", partAt);
      } else {
        throw unsupported(part, partAt);
      }
    }
    if (text.isEmpty() && toolCalls.isEmpty()) {
      return;
    }
    ObjectNode message = messages.addObject().put("role", "assistant");
    if (text.isEmpty()) {
      message.putNull("content");
    } else {
      message.put("content", text.toString());
    }
    if (!toolCalls.isEmpty()) {
      message.set("tool_calls", toolCalls);
    }
  }

  private static ObjectNode toolCall(JsonNode functionCall, String at, Calls calls) {
    String name = string(functionCall, "name");
    if (name == null || name.isEmpty()) {
      throw invalid("A functionCall needs a 'name'.", at + ".name");
    }
    JsonNode args = field(functionCall, "args");
    if (!absent(args) && !args.isObject()) {
      throw invalid("A functionCall's 'args' must be an object.", at + ".args");
    }
    String clientId = string(functionCall, "id");
    String id = clientId != null && !clientId.isEmpty()
        ? clientId
        : "call_" + name.replaceAll("[^A-Za-z0-9_-]", "_") + "_" + calls.count;
    calls.count++;
    calls.unanswered.add(new Call(id, name));
    return OpenAiShapes.toolCall(id, name, absent(args) ? "{}" : Json.MAPPER.writeValueAsString(args));
  }

  private static ObjectNode toolMessage(JsonNode functionResponse, String at, Calls calls) {
    String name = string(functionResponse, "name");
    if (name == null || name.isEmpty()) {
      throw invalid("A functionResponse needs a 'name'.", at + ".name");
    }
    JsonNode response = field(functionResponse, "response");
    if (!absent(response) && !response.isObject()) {
      throw invalid("A functionResponse's 'response' must be an object.", at + ".response");
    }
    Call call = answer(calls.unanswered, string(functionResponse, "id"), name);
    if (call == null) {
      throw invalid("No unanswered functionCall named '" + name + "' precedes this functionResponse.",
          at + ".name");
    }
    ObjectNode message = Json.object().put("role", "tool").put("tool_call_id", call.id());
    message.put("content", absent(response) ? "{}" : Json.MAPPER.writeValueAsString(response));
    return message;
  }

  /** Removes and returns the call a response answers: by id when one matches, else the first with the name. */
  private static @Nullable Call answer(List<Call> unanswered, @Nullable String id, String name) {
    for (int pass = id == null ? 1 : 0; pass < 2; pass++) {
      for (int k = 0; k < unanswered.size(); k++) {
        Call call = unanswered.get(k);
        if (pass == 0 ? call.id().equals(id) : call.name().equals(name)) {
          return unanswered.remove(k);
        }
      }
    }
    return null;
  }

  private static ObjectNode inlineImage(@Nullable JsonNode inlineData, String at) {
    String mime = string(inlineData, "mimeType");
    if (mime == null) {
      throw invalid("inlineData needs a 'mimeType'.", at + ".inlineData.mimeType");
    }
    requireImage(mime, at);
    String data = string(inlineData, "data");
    if (data == null || data.isEmpty()) {
      throw invalid("inlineData needs base64 'data'.", at + ".inlineData.data");
    }
    return imagePart("data:" + mime + ";base64," + data);
  }

  private static ObjectNode fileImage(@Nullable JsonNode fileData, String at) {
    String mime = string(fileData, "mimeType");
    if (mime != null) {
      requireImage(mime, at);
    }
    String uri = string(fileData, "fileUri");
    if (uri == null) {
      throw invalid("fileData needs a 'fileUri'.", at + ".fileData.fileUri");
    }
    String lower = uri.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("https://") && !lower.startsWith("http://")) {
      throw invalid("Only http(s) file URIs can be forwarded by this gateway.", at + ".fileData.fileUri");
    }
    return imagePart(uri);
  }

  private static void requireImage(String mime, String at) {
    if (!mime.toLowerCase(Locale.ROOT).startsWith("image/")) {
      throw invalid("Only image parts are supported, not '" + mime + "'.", at);
    }
  }

  private static ObjectNode imagePart(String url) {
    ObjectNode part = Json.object().put("type", "image_url");
    part.putObject("image_url").put("url", url);
    return part;
  }

  private static RuntimeException unsupported(JsonNode part, String at) {
    String kind = part.propertyNames().stream().filter(name -> !name.startsWith("thought")).findFirst()
        .orElse("empty");
    return invalid("Part kind '" + kind + "' is not supported by this gateway.", at);
  }

  /** A single text part as a plain string; anything else as the array of parts. */
  private static JsonNode compact(ArrayNode parts) {
    return parts.size() == 1 && "text".equals(parts.get(0).path("type").asString(""))
        ? parts.get(0).get("text") : parts;
  }

  private static void addText(ArrayNode parts, String text) {
    if (!text.isEmpty()) {
      parts.addObject().put("type", "text").put("text", text);
    }
  }

  private static String requireString(JsonNode text, String at) {
    if (!text.isString()) {
      throw invalid("'text' must be a string.", at);
    }
    return text.asString();
  }
}
