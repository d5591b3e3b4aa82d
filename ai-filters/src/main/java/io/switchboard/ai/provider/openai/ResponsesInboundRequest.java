package io.switchboard.ai.provider.openai;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.InboundContext;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds a canonical (OpenAI Chat Completions) request from a Responses API request ({@code POST /v1/responses}):
 * sampling parameters, tools, {@code tool_choice}, {@code text.format}, reasoning effort and the end-user id. The
 * conversation is mapped by {@link ResponsesInboundInput}.
 *
 * <p>Refused with 400, because this gateway is stateless: {@code previous_response_id} and {@code store: true}
 * (response storage), {@code conversation}, {@code background} and {@code prompt} (a stored prompt template).
 * {@code store} absent or {@code false} is accepted. Also refused: built-in tools ({@code web_search},
 * {@code file_search}, {@code code_interpreter}, {@code mcp}, ...), which only OpenAI runs, and a
 * {@code tool_choice} naming one.
 *
 * <p>Dropped, because they only tune the call or the canonical dialect has no field for them: {@code metadata},
 * {@code include}, {@code truncation}, {@code service_tier}, {@code prompt_cache_key}, {@code top_logprobs},
 * {@code max_tool_calls} (it limits built-in tools only), {@code reasoning.summary}, {@code text.verbosity} and
 * {@code stream_options}; the body's own {@code model} and {@code stream}, which come from the
 * {@link InboundContext}.
 *
 * <p>A function tool's {@code strict} is passed on only when the client set it. When it is omitted, OpenAI's
 * Responses API normalizes the schema into strict mode (every property required, no additional properties), whereas
 * Chat Completions and the other providers stay non-strict; that normalization is not emulated, since sending
 * {@code strict: true} would make upstreams refuse schemas that strict mode does not allow.
 */
final class ResponsesInboundRequest {

  private ResponsesInboundRequest() {
  }

  static ObjectNode toCanonical(ObjectNode request, InboundContext context) {
    rejectStatefulFields(request);
    ObjectNode out = Json.object();
    out.put("model", context.model());
    ResponsesInboundInput.map(request.get("instructions"), request.get("input"), out.putArray("messages"));
    JsonNode maxTokens = request.get("max_output_tokens");
    if (maxTokens != null && !maxTokens.isNull()) {
      if (!maxTokens.isIntegralNumber() || maxTokens.asLong() < 1) {
        throw AiException.invalidRequest("'max_output_tokens' must be a positive integer.", "max_output_tokens");
      }
      out.put("max_tokens", maxTokens.asLong());
    }
    copyNumber(request, "temperature", out);
    copyNumber(request, "top_p", out);
    mapUser(request, out);
    mapTools(request, out);
    mapTextFormat(request.get("text"), out);
    mapReasoning(request.get("reasoning"), out);
    out.put("stream", context.stream());
    if (context.stream()) {
      // Without it the canonical stream carries no usage, and response.completed would report zero tokens.
      out.putObject("stream_options").put("include_usage", true);
    }
    return out;
  }

  private static void rejectStatefulFields(JsonNode request) {
    if (present(request.get("previous_response_id"))) {
      throw AiException.invalidRequest("Response storage is not available on this gateway, so "
          + "'previous_response_id' cannot be used; send the whole conversation in 'input'.", "previous_response_id");
    }
    JsonNode store = request.get("store");
    if (store != null && !store.isNull() && !(store.isBoolean() && !store.asBoolean())) {
      throw AiException.invalidRequest("Response storage is not available on this gateway; set 'store' to false "
          + "or leave it out.", "store");
    }
    if (present(request.get("conversation"))) {
      throw AiException.invalidRequest("Conversations are not available on this gateway; send the whole "
          + "conversation in 'input'.", "conversation");
    }
    JsonNode background = request.get("background");
    if (background != null && !background.isNull() && !(background.isBoolean() && !background.asBoolean())) {
      throw AiException.invalidRequest("Background responses are not available on this gateway.", "background");
    }
    if (present(request.get("prompt"))) {
      throw AiException.invalidRequest("Stored prompt templates are not available on this gateway; send the "
          + "prompt in 'instructions' and 'input'.", "prompt");
    }
  }

  private static boolean present(@Nullable JsonNode value) {
    return value != null && !value.isNull();
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

  /** {@code safety_identifier} replaces the deprecated {@code user}; either becomes the canonical {@code user}. */
  private static void mapUser(JsonNode request, ObjectNode out) {
    for (String field : List.of("safety_identifier", "user")) {
      JsonNode value = request.get(field);
      if (value == null || value.isNull()) {
        continue;
      }
      if (!value.isString()) {
        throw AiException.invalidRequest("'" + field + "' must be a string.", field);
      }
      if (!value.asString().isEmpty()) {
        out.put("user", value.asString());
        return;
      }
    }
  }

  /**
   * Maps {@code tools}, {@code tool_choice} and {@code parallel_tool_calls}. Without tools the latter two are
   * dropped: OpenAI refuses them without tools, and there is nothing for them to govern.
   */
  private static void mapTools(JsonNode request, ObjectNode out) {
    JsonNode tools = request.get("tools");
    if (tools == null || tools.isNull()) {
      return;
    }
    if (!tools.isArray()) {
      throw AiException.invalidRequest("'tools' must be an array.", "tools");
    }
    if (tools.isEmpty()) {
      return;
    }
    ArrayNode functions = out.putArray("tools");
    for (int i = 0; i < tools.size(); i++) {
      functions.add(functionTool(tools.get(i), "tools[" + i + "]"));
    }
    JsonNode choice = request.get("tool_choice");
    if (choice != null && !choice.isNull()) {
      ResponsesInboundToolChoice.map(choice, functions, out);
    }
    JsonNode parallel = request.get("parallel_tool_calls");
    if (parallel != null && !parallel.isNull()) {
      if (!parallel.isBoolean()) {
        throw AiException.invalidRequest("'parallel_tool_calls' must be a boolean.", "parallel_tool_calls");
      }
      out.put("parallel_tool_calls", parallel.asBoolean());
    }
  }

  /** A Responses function tool ({@code name} etc. at its top level) as a Chat Completions function tool. */
  private static ObjectNode functionTool(JsonNode tool, String at) {
    if (!tool.isObject()) {
      throw AiException.invalidRequest("Each tool must be an object.", at);
    }
    String type = tool.path("type").asString("");
    if (!type.equals("function")) {
      throw AiException.invalidRequest("Tool type '" + (type.isEmpty() ? "(missing)" : type) + "' cannot be used "
          + "through this gateway; only function tools can.", at + ".type");
    }
    JsonNode name = tool.path("name");
    if (!name.isString() || name.asString().isEmpty()) {
      throw AiException.invalidRequest("A function tool needs a 'name'.", at + ".name");
    }
    ObjectNode function = Json.object().put("name", name.asString());
    JsonNode description = tool.get("description");
    if (description != null && description.isString()) {
      function.put("description", description.asString());
    }
    JsonNode parameters = tool.get("parameters");
    if (parameters != null && !parameters.isNull()) {
      if (!parameters.isObject()) {
        throw AiException.invalidRequest("A function tool's 'parameters' must be a JSON schema object.",
            at + ".parameters");
      }
      function.set("parameters", parameters.deepCopy());
    }
    JsonNode strict = tool.get("strict");
    if (strict != null && strict.isBoolean()) {
      function.put("strict", strict.asBoolean());
    }
    ObjectNode mapped = Json.object().put("type", "function");
    mapped.set("function", function);
    return mapped;
  }

  /**
   * Maps {@code text.format}: {@code json_schema} to a {@code json_schema} {@code response_format} (whose
   * {@code name}, {@code schema}, {@code description} and {@code strict} Chat Completions nests under
   * {@code json_schema}), {@code json_object} to JSON mode; {@code text} is the default and sets nothing.
   */
  private static void mapTextFormat(@Nullable JsonNode text, ObjectNode out) {
    if (text == null || text.isNull()) {
      return;
    }
    if (!text.isObject()) {
      throw AiException.invalidRequest("'text' must be an object.", "text");
    }
    JsonNode format = text.get("format");
    if (format == null || format.isNull()) {
      return;
    }
    switch (format.path("type").asString("")) {
      case "text" -> {
        // The default.
      }
      case "json_object" -> out.putObject("response_format").put("type", "json_object");
      case "json_schema" -> {
        JsonNode name = format.path("name");
        if (!name.isString() || name.asString().isEmpty()) {
          throw AiException.invalidRequest("'text.format.name' is required.", "text.format.name");
        }
        JsonNode schema = format.get("schema");
        if (schema == null || !schema.isObject()) {
          throw AiException.invalidRequest("'text.format.schema' must be a JSON schema object.",
              "text.format.schema");
        }
        ObjectNode jsonSchema = out.putObject("response_format").put("type", "json_schema")
            .putObject("json_schema").put("name", name.asString());
        if (format.path("description").isString()) {
          jsonSchema.put("description", format.path("description").asString());
        }
        jsonSchema.set("schema", schema.deepCopy());
        if (format.path("strict").isBoolean()) {
          jsonSchema.put("strict", format.path("strict").asBoolean());
        }
      }
      default -> throw AiException.invalidRequest("'text.format.type' must be text, json_schema or json_object.",
          "text.format.type");
    }
  }

  /** Maps {@code reasoning.effort} onto {@code reasoning_effort}, as is; {@code summary} has no canonical field. */
  private static void mapReasoning(@Nullable JsonNode reasoning, ObjectNode out) {
    if (reasoning == null || reasoning.isNull()) {
      return;
    }
    if (!reasoning.isObject()) {
      throw AiException.invalidRequest("'reasoning' must be an object.", "reasoning");
    }
    JsonNode effort = reasoning.get("effort");
    if (effort == null || effort.isNull()) {
      return;
    }
    if (!effort.isString() || effort.asString().isEmpty()) {
      throw AiException.invalidRequest("'reasoning.effort' must be a string.", "reasoning.effort");
    }
    out.put("reasoning_effort", effort.asString());
  }
}
