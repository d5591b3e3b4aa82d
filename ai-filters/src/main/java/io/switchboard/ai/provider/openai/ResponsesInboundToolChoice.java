package io.switchboard.ai.provider.openai;

import io.switchboard.ai.error.AiException;
import java.util.LinkedHashSet;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps a Responses API {@code tool_choice} onto the canonical one.
 *
 * <ul>
 *   <li>{@code "auto"}, {@code "none"} and {@code "required"} are the same in both dialects.</li>
 *   <li>{@code {"type": "function", "name": ...}} becomes {@code {"type": "function", "function": {"name": ...}}}.</li>
 *   <li>{@code {"type": "allowed_tools", "mode": ..., "tools": [...]}} restricts the model to some of the tools. Few
 *       upstreams know it, so it is carried out here: the canonical {@code tools} keep only the allowed functions,
 *       and {@code tool_choice} becomes the {@code mode}. The model sees the same choice; only OpenAI's prompt cache,
 *       which the unchanged tool list was meant to keep warm, is lost.</li>
 *   <li>Any other type names a built-in tool, an MCP server or a custom tool and is refused with 400.</li>
 * </ul>
 *
 * <p>A named function must be one of {@code tools}, as OpenAI requires.
 */
final class ResponsesInboundToolChoice {

  private ResponsesInboundToolChoice() {
  }

  /**
   * Sets {@code out.tool_choice}; for {@code allowed_tools}, also removes the functions not allowed from
   * {@code functions}, the canonical {@code tools} already mapped.
   */
  static void map(JsonNode choice, ArrayNode functions, ObjectNode out) {
    if (choice.isString()) {
      String mode = choice.asString();
      if (!mode.equals("auto") && !mode.equals("none") && !mode.equals("required")) {
        throw AiException.invalidRequest("'tool_choice' must be auto, none, required or an object.", "tool_choice");
      }
      out.put("tool_choice", mode);
      return;
    }
    if (!choice.isObject()) {
      throw AiException.invalidRequest("'tool_choice' must be auto, none, required or an object.", "tool_choice");
    }
    String type = choice.path("type").asString("");
    switch (type) {
      case "function" -> {
        String name = functionName(choice, functions, "tool_choice");
        ObjectNode named = out.putObject("tool_choice").put("type", "function");
        named.putObject("function").put("name", name);
      }
      case "allowed_tools" -> allowedTools(choice, functions, out);
      default -> throw AiException.invalidRequest("Tool choice type '" + (type.isEmpty() ? "(missing)" : type)
          + "' cannot be used through this gateway; only function tools can be chosen.", "tool_choice.type");
    }
  }

  private static void allowedTools(JsonNode choice, ArrayNode functions, ObjectNode out) {
    String mode = choice.path("mode").asString("");
    if (!mode.equals("auto") && !mode.equals("required")) {
      throw AiException.invalidRequest("'tool_choice.mode' must be auto or required.", "tool_choice.mode");
    }
    JsonNode tools = choice.path("tools");
    if (!tools.isArray() || tools.isEmpty()) {
      throw AiException.invalidRequest("'tool_choice.tools' must be a non-empty array of tools.", "tool_choice.tools");
    }
    Set<String> allowed = new LinkedHashSet<>();
    for (int k = 0; k < tools.size(); k++) {
      JsonNode tool = tools.get(k);
      String at = "tool_choice.tools[" + k + "]";
      String type = tool.path("type").asString("");
      if (!type.equals("function")) {
        throw AiException.invalidRequest("Tool type '" + (type.isEmpty() ? "(missing)" : type) + "' cannot be "
            + "allowed through this gateway; only function tools can.", at + ".type");
      }
      allowed.add(functionName(tool, functions, at));
    }
    for (int i = functions.size() - 1; i >= 0; i--) {
      if (!allowed.contains(functions.get(i).path("function").path("name").asString(""))) {
        functions.remove(i);
      }
    }
    out.put("tool_choice", mode);
  }

  /** The {@code name} of a function choice, which must be one of the {@code functions}. */
  private static String functionName(JsonNode choice, ArrayNode functions, String at) {
    JsonNode name = choice.path("name");
    if (!name.isString() || name.asString().isEmpty()) {
      throw AiException.invalidRequest("A function tool choice needs a 'name'.", at + ".name");
    }
    for (JsonNode function : functions) {
      if (name.asString().equals(function.path("function").path("name").asString(""))) {
        return name.asString();
      }
    }
    throw AiException.invalidRequest("Function '" + name.asString() + "' is not one of 'tools'.", at + ".name");
  }
}
