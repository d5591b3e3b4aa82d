package io.switchboard.ai.provider.anthropic;

import static io.switchboard.ai.provider.anthropic.AnthropicChatTranslator.JSON_RESPONSE_TOOL;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.TranslationContext;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the body of an Anthropic Messages request from an OpenAI chat request: sampling parameters, tools,
 * {@code tool_choice} and the {@code response_format} emulation. Messages are mapped by
 * {@link AnthropicMessageMapper}.
 *
 * <p>Fields without an Anthropic equivalent ({@code seed}, {@code presence_penalty}, {@code frequency_penalty},
 * {@code logit_bias}, {@code logprobs}, {@code top_logprobs}, {@code stream_options}, {@code service_tier},
 * {@code store}, OpenAI's {@code metadata}, {@code modalities}, ...) are dropped: they tune or record a call but do
 * not change what a correct answer is. {@code n > 1} is refused instead, since the client would get fewer choices
 * than it asked for.
 */
final class AnthropicRequestMapper {

  /** Anthropic's temperature range is 0..1, OpenAI's 0..2; larger values are clamped to Anthropic's maximum. */
  static final double MAX_TEMPERATURE = 1.0;

  private AnthropicRequestMapper() {
  }

  static ObjectNode toMessagesRequest(ObjectNode request, TranslationContext context) {
    rejectMultipleChoices(request.get("n"));
    ObjectNode out = Json.object();
    out.put("model", context.upstreamModel());
    AnthropicMessageMapper.Conversation conversation = AnthropicMessageMapper.map(request.path("messages"));
    if (conversation.system() != null) {
      out.set("system", conversation.system());
    }
    out.set("messages", conversation.messages());
    out.put("max_tokens", maxTokens(request, context));
    copyTemperature(request.get("temperature"), out);
    copyNumber(request, "top_p", out);
    copyStop(request.get("stop"), out);
    JsonNode user = request.get("user");
    if (user != null && user.isString()) {
      out.putObject("metadata").put("user_id", user.asString());
    }
    mapTools(request, out);
    mapReasoning(request, context.upstreamModel(), out);
    if (context.stream()) {
      out.put("stream", true);
    }
    return out;
  }

  private static void rejectMultipleChoices(@Nullable JsonNode n) {
    if (n == null || n.isNull()) {
      return;
    }
    if (!n.isIntegralNumber()) {
      throw AiException.invalidRequest("'n' must be an integer.", "n");
    }
    if (n.asLong() > 1) {
      throw AiException.invalidRequest("n > 1 not supported by Anthropic.", "n");
    }
  }

  /** Anthropic requires {@code max_tokens}; OpenAI's newer {@code max_completion_tokens} wins over the legacy one. */
  private static long maxTokens(JsonNode request, TranslationContext context) {
    for (String field : new String[] {"max_completion_tokens", "max_tokens"}) {
      JsonNode value = request.get(field);
      if (value == null || value.isNull()) {
        continue;
      }
      if (!value.isIntegralNumber() || value.asLong() < 1) {
        throw AiException.invalidRequest("'" + field + "' must be a positive integer.", field);
      }
      return value.asLong();
    }
    return context.defaultMaxTokens();
  }

  private static void copyTemperature(@Nullable JsonNode temperature, ObjectNode out) {
    if (temperature == null || temperature.isNull()) {
      return;
    }
    if (!temperature.isNumber()) {
      throw AiException.invalidRequest("'temperature' must be a number.", "temperature");
    }
    // Clamp rather than refuse: OpenAI clients commonly send values up to 2, meaning "as random as possible".
    if (temperature.doubleValue() > MAX_TEMPERATURE) {
      out.put("temperature", MAX_TEMPERATURE);
    } else {
      out.set("temperature", temperature);
    }
  }

  private static void copyNumber(JsonNode request, String field, ObjectNode out) {
    JsonNode value = request.get(field);
    if (value == null || value.isNull()) {
      return;
    }
    if (!value.isNumber()) {
      throw AiException.invalidRequest("'" + field + "' must be a number.", field);
    }
    out.set(field, value);
  }

  private static void copyStop(@Nullable JsonNode stop, ObjectNode out) {
    if (stop == null || stop.isNull()) {
      return;
    }
    ArrayNode sequences = Json.array();
    if (stop.isString()) {
      sequences.add(stop.asString());
    } else if (stop.isArray()) {
      for (int i = 0; i < stop.size(); i++) {
        if (!stop.get(i).isString()) {
          throw AiException.invalidRequest("Stop sequences must be strings.", "stop[" + i + "]");
        }
        sequences.add(stop.get(i).asString());
      }
    } else {
      throw AiException.invalidRequest("'stop' must be a string or an array of strings.", "stop");
    }
    if (!sequences.isEmpty()) {
      out.set("stop_sequences", sequences);
    }
  }

  /**
   * Maps {@code tools}, {@code tool_choice}, {@code parallel_tool_calls} and {@code response_format}.
   *
   * <p>A JSON {@code response_format} adds the {@value AnthropicChatTranslator#JSON_RESPONSE_TOOL} tool and forces a
   * tool call: that very tool when the client has no tools of its own (or chose {@code none}); any tool when the
   * client's tools may be called too, so the model can still use them before answering. A client's choice of one
   * specific function is kept. Without tools, {@code tool_choice} and {@code parallel_tool_calls} are dropped: there
   * is nothing for them to govern and Anthropic rejects a choice without tools.
   */
  private static void mapTools(JsonNode request, ObjectNode out) {
    ArrayNode tools = clientTools(request.get("tools"));
    boolean clientHasTools = !tools.isEmpty();
    @Nullable ObjectNode choice = toolChoice(request.get("tool_choice"));
    ObjectNode jsonTool = jsonResponseTool(request.get("response_format"));
    if (jsonTool != null) {
      tools.add(jsonTool);
      String chosen = choice == null ? "auto" : choice.path("type").asString();
      if (!clientHasTools || chosen.equals("none")) {
        choice = Json.object().put("type", "tool").put("name", JSON_RESPONSE_TOOL);
      } else if (!chosen.equals("tool")) {
        choice = Json.object().put("type", "any");
      }
    } else if (!clientHasTools) {
      return;
    }
    JsonNode parallel = request.get("parallel_tool_calls");
    if (parallel != null && parallel.isBoolean() && !parallel.asBoolean()) {
      if (choice == null) {
        choice = Json.object().put("type", "auto");
      }
      // Anthropic's "none" choice takes no options; no tool call at all is trivially not parallel.
      if (!choice.path("type").asString().equals("none")) {
        choice.put("disable_parallel_tool_use", true);
      }
    }
    out.set("tools", tools);
    if (choice != null) {
      out.set("tool_choice", choice);
    }
  }

  /** Maps {@code reasoning_effort} onto extended thinking, by the rules of {@link AnthropicThinking}. */
  private static void mapReasoning(JsonNode request, String model, ObjectNode out) {
    String choice = out.path("tool_choice").path("type").asString("auto");
    ObjectNode thinking = AnthropicThinking.enabled(request, model, out.path("max_tokens").asLong(0),
        out.get("temperature"), out.get("top_p"), choice.equals("any") || choice.equals("tool"));
    if (thinking != null) {
      out.set("thinking", thinking);
      out.put("max_tokens", AnthropicThinking.maxTokens(thinking, out.path("max_tokens").asLong(0)));
    }
  }

  private static ArrayNode clientTools(@Nullable JsonNode tools) {
    ArrayNode out = Json.array();
    if (tools == null || tools.isNull()) {
      return out;
    }
    if (!tools.isArray()) {
      throw AiException.invalidRequest("'tools' must be an array.", "tools");
    }
    for (int i = 0; i < tools.size(); i++) {
      JsonNode tool = tools.get(i);
      String at = "tools[" + i + "]";
      if (!"function".equals(tool.path("type").asString(""))) {
        throw AiException.invalidRequest("Only function tools are supported by Anthropic.", at + ".type");
      }
      JsonNode function = tool.path("function");
      JsonNode name = function.path("name");
      if (!name.isString() || name.asString().isEmpty()) {
        throw AiException.invalidRequest("A function tool needs 'function.name'.", at + ".function.name");
      }
      if (name.asString().equals(JSON_RESPONSE_TOOL)) {
        throw AiException.invalidRequest("The tool name '" + JSON_RESPONSE_TOOL + "' is reserved by the gateway.",
            at + ".function.name");
      }
      ObjectNode mapped = out.addObject().put("name", name.asString());
      JsonNode description = function.get("description");
      if (description != null && description.isString()) {
        mapped.put("description", description.asString());
      }
      JsonNode parameters = function.get("parameters");
      mapped.set("input_schema", parameters != null && parameters.isObject() ? parameters.deepCopy() : emptySchema());
    }
    return out;
  }

  /** The Anthropic {@code tool_choice} for OpenAI's, or {@code null} when the client set none. */
  private static @Nullable ObjectNode toolChoice(@Nullable JsonNode choice) {
    if (choice == null || choice.isNull()) {
      return null;
    }
    if (choice.isString()) {
      return switch (choice.asString()) {
        case "auto" -> Json.object().put("type", "auto");
        case "required" -> Json.object().put("type", "any");
        case "none" -> Json.object().put("type", "none");
        default -> throw AiException.invalidRequest(
            "'tool_choice' must be auto, required, none or a function.", "tool_choice");
      };
    }
    JsonNode name = choice.path("function").path("name");
    if (!"function".equals(choice.path("type").asString("")) || !name.isString()) {
      throw AiException.invalidRequest(
          "'tool_choice' must be auto, required, none or {\"type\":\"function\",\"function\":{\"name\":...}}.",
          "tool_choice");
    }
    return Json.object().put("type", "tool").put("name", name.asString());
  }

  /** The tool emulating a JSON {@code response_format}, or {@code null} for plain text. */
  private static @Nullable ObjectNode jsonResponseTool(@Nullable JsonNode format) {
    if (format == null || format.isNull()) {
      return null;
    }
    String type = format.path("type").asString("");
    JsonNode schema;
    String description = "Answer the user by calling this tool exactly once: its input is the final response, as a "
        + "JSON object";
    switch (type) {
      case "text" -> {
        return null;
      }
      case "json_object" -> schema = Json.object().put("type", "object");
      case "json_schema" -> {
        JsonNode spec = format.path("json_schema");
        JsonNode given = spec.path("schema");
        schema = given.isObject() ? given.deepCopy() : Json.object().put("type", "object");
        JsonNode name = spec.path("name");
        if (name.isString()) {
          description += " following the schema '" + name.asString() + "'";
        }
        JsonNode purpose = spec.path("description");
        if (purpose.isString()) {
          description += " (" + purpose.asString() + ")";
        }
      }
      default -> throw AiException.invalidRequest(
          "'response_format.type' must be text, json_object or json_schema.", "response_format.type");
    }
    return Json.object()
        .put("name", JSON_RESPONSE_TOOL)
        .put("description", description + ".")
        .set("input_schema", schema);
  }

  private static ObjectNode emptySchema() {
    ObjectNode schema = Json.object().put("type", "object");
    schema.putObject("properties");
    return schema;
  }
}
