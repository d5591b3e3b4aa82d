package io.switchboard.ai.provider.bedrock;

import static io.switchboard.ai.provider.anthropic.AnthropicChatTranslator.JSON_RESPONSE_TOOL;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps OpenAI {@code tools}, {@code tool_choice} and {@code response_format} to a Converse {@code toolConfig}.
 *
 * <p>{@code auto} becomes {@code {"auto":{}}}, {@code required} {@code {"any":{}}}, a named function
 * {@code {"tool":{"name":...}}}; {@code none} drops the client's tools. A JSON {@code response_format} adds the
 * {@value io.switchboard.ai.provider.anthropic.AnthropicChatTranslator#JSON_RESPONSE_TOOL} tool and forces it when the
 * client has no callable tools, or forces "any tool" otherwise (a named choice is kept). {@code parallel_tool_calls}
 * has no Converse counterpart and is ignored.
 */
final class BedrockTools {

  private BedrockTools() {
  }

  /** The {@code toolConfig}, or {@code null} when no tool is offered. */
  static @Nullable ObjectNode toolConfig(JsonNode request) {
    @Nullable ObjectNode choice = choice(request.get("tool_choice"));
    boolean none = choice != null && choice.has("none");
    ArrayNode tools = none ? Json.array() : tools(request.get("tools"));
    ObjectNode jsonTool = jsonResponseTool(request.get("response_format"));
    if (jsonTool != null) {
      if (tools.isEmpty()) {
        choice = Json.object();
        choice.putObject("tool").put("name", JSON_RESPONSE_TOOL);
      } else if (choice == null || !choice.has("tool")) {
        choice = Json.object();
        choice.putObject("any");
      }
      tools.add(jsonTool);
    }
    if (tools.isEmpty()) {
      return null;
    }
    ObjectNode config = Json.object();
    config.set("tools", tools);
    if (choice != null && !choice.has("none")) {
      config.set("toolChoice", choice);
    }
    return config;
  }

  private static ArrayNode tools(@Nullable JsonNode tools) {
    ArrayNode out = Json.array();
    if (tools == null || tools.isNull()) {
      return out;
    }
    if (!tools.isArray()) {
      throw AiException.invalidRequest("'tools' must be an array.", "tools");
    }
    for (int i = 0; i < tools.size(); i++) {
      JsonNode function = tools.get(i).path("function");
      String at = "tools[" + i + "]";
      if (!"function".equals(tools.get(i).path("type").asString(""))) {
        throw AiException.invalidRequest("Only function tools are supported by Bedrock.", at + ".type");
      }
      JsonNode name = function.path("name");
      if (!name.isString() || name.asString().isEmpty()) {
        throw AiException.invalidRequest("A function tool needs 'function.name'.", at + ".function.name");
      }
      if (name.asString().equals(JSON_RESPONSE_TOOL)) {
        throw AiException.invalidRequest("The tool name '" + JSON_RESPONSE_TOOL + "' is reserved by the gateway.",
            at + ".function.name");
      }
      ObjectNode spec = out.addObject().putObject("toolSpec").put("name", name.asString());
      JsonNode description = function.get("description");
      if (description != null && description.isString()) {
        spec.put("description", description.asString());
      }
      JsonNode parameters = function.get("parameters");
      JsonNode schema = parameters != null && parameters.isObject() ? parameters.deepCopy()
          : Json.object().put("type", "object");
      spec.putObject("inputSchema").set("json", schema);
    }
    return out;
  }

  /** The Converse choice, {@code {"none":{}}} as an internal marker, or {@code null} when none was set. */
  private static @Nullable ObjectNode choice(@Nullable JsonNode choice) {
    if (choice == null || choice.isNull()) {
      return null;
    }
    ObjectNode out = Json.object();
    if (choice.isString()) {
      switch (choice.asString()) {
        case "auto" -> out.putObject("auto");
        case "required" -> out.putObject("any");
        case "none" -> out.putObject("none");
        default -> throw AiException.invalidRequest("'tool_choice' must be auto, required, none or a function.",
            "tool_choice");
      }
      return out;
    }
    JsonNode name = choice.path("function").path("name");
    if (!"function".equals(choice.path("type").asString("")) || !name.isString()) {
      throw AiException.invalidRequest("'tool_choice' must be auto, required, none or a function.", "tool_choice");
    }
    out.putObject("tool").put("name", name.asString());
    return out;
  }

  private static @Nullable ObjectNode jsonResponseTool(@Nullable JsonNode format) {
    if (format == null || format.isNull()) {
      return null;
    }
    JsonNode schema;
    String description = "Answer the user by calling this tool exactly once: its input is the final response, as a "
        + "JSON object";
    switch (format.path("type").asString("")) {
      case "text" -> {
        return null;
      }
      case "json_object" -> schema = Json.object().put("type", "object");
      case "json_schema" -> {
        JsonNode spec = format.path("json_schema");
        schema = spec.path("schema").isObject() ? spec.path("schema").deepCopy() : Json.object().put("type", "object");
        if (spec.path("name").isString()) {
          description += " following the schema '" + spec.path("name").asString() + "'";
        }
      }
      default -> throw AiException.invalidRequest("'response_format.type' must be text, json_object or json_schema.",
          "response_format.type");
    }
    ObjectNode tool = Json.object();
    ObjectNode spec = tool.putObject("toolSpec").put("name", JSON_RESPONSE_TOOL).put("description", description + ".");
    spec.putObject("inputSchema").set("json", schema);
    return tool;
  }
}
