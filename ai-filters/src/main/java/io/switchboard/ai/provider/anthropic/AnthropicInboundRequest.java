package io.switchboard.ai.provider.anthropic;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.InboundContext;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds a canonical (OpenAI Chat Completions) request from an Anthropic Messages request: sampling parameters,
 * tools, {@code tool_choice}, extended thinking and structured output. Messages are mapped by
 * {@link AnthropicInboundMessages}. The other direction of {@link AnthropicRequestMapper}.
 *
 * <p>Dropped, because the canonical dialect has no field for them: {@code top_k}; {@code cache_control} anywhere;
 * {@code metadata} other than {@code user_id}; {@code service_tier}; {@code container}; {@code context_management};
 * the body's own {@code stream} and {@code model}, which come from the {@link InboundContext}. Refused with 400,
 * because dropping them would change what the model can do: server tools ({@code web_search_...},
 * {@code code_execution_...}, ...) and {@code mcp_servers}.
 */
final class AnthropicInboundRequest {

  /** Thinking budgets below this map to {@code reasoning_effort: "low"}. */
  static final long LOW_EFFORT_BELOW = 2048;
  /** Thinking budgets below this, and not below {@link #LOW_EFFORT_BELOW}, map to "medium"; larger ones to "high". */
  static final long MEDIUM_EFFORT_BELOW = 16384;
  /** {@code json_schema.name} of the {@code response_format} made from Anthropic's unnamed output schema. */
  static final String OUTPUT_SCHEMA_NAME = "output";

  private AnthropicInboundRequest() {
  }

  static ObjectNode toCanonical(ObjectNode request, InboundContext context) {
    ObjectNode out = Json.object();
    out.put("model", context.model());
    AnthropicInboundMessages.map(request.get("system"), request.get("messages"), out.putArray("messages"));
    out.put("max_tokens", maxTokens(request.get("max_tokens")));
    copyNumber(request, "temperature", out, "temperature");
    copyNumber(request, "top_p", out, "top_p");
    copyStopSequences(request.get("stop_sequences"), out);
    JsonNode userId = request.path("metadata").path("user_id");
    if (userId.isString() && !userId.asString().isEmpty()) {
      out.put("user", userId.asString());
    }
    rejectMcpServers(request.get("mcp_servers"));
    mapTools(request, out);
    mapThinking(request.get("thinking"), out);
    mapOutputFormat(request, out);
    out.put("stream", context.stream());
    if (context.stream()) {
      // Without it the canonical stream carries no usage, and the client's message_delta would report zero tokens.
      out.putObject("stream_options").put("include_usage", true);
    }
    return out;
  }

  /** Anthropic requires {@code max_tokens}; it is kept under the canonical field every provider translator reads. */
  private static long maxTokens(@Nullable JsonNode maxTokens) {
    if (maxTokens == null || maxTokens.isNull()) {
      throw AiException.invalidRequest("'max_tokens' is required.", "max_tokens");
    }
    if (!maxTokens.isIntegralNumber() || maxTokens.asLong() < 1) {
      throw AiException.invalidRequest("'max_tokens' must be a positive integer.", "max_tokens");
    }
    return maxTokens.asLong();
  }

  private static void copyNumber(JsonNode request, String field, ObjectNode out, String canonical) {
    JsonNode value = request.get(field);
    if (value == null || value.isNull()) {
      return;
    }
    if (!value.isNumber()) {
      throw AiException.invalidRequest("'" + field + "' must be a number.", field);
    }
    out.set(canonical, value);
  }

  private static void copyStopSequences(@Nullable JsonNode sequences, ObjectNode out) {
    if (sequences == null || sequences.isNull()) {
      return;
    }
    if (!sequences.isArray()) {
      throw AiException.invalidRequest("'stop_sequences' must be an array of strings.", "stop_sequences");
    }
    ArrayNode stop = Json.array();
    for (int i = 0; i < sequences.size(); i++) {
      if (!sequences.get(i).isString()) {
        throw AiException.invalidRequest("Stop sequences must be strings.", "stop_sequences[" + i + "]");
      }
      stop.add(sequences.get(i).asString());
    }
    if (!stop.isEmpty()) {
      out.set("stop", stop);
    }
  }

  /** MCP servers are tools Anthropic calls on the model's behalf; no other provider can. */
  private static void rejectMcpServers(@Nullable JsonNode servers) {
    if (servers != null && servers.isArray() && !servers.isEmpty()) {
      throw AiException.invalidRequest("MCP servers cannot be used through this gateway.", "mcp_servers");
    }
  }

  /**
   * Maps {@code tools} and {@code tool_choice}. Without tools, {@code tool_choice} is dropped: OpenAI refuses a
   * choice (and {@code parallel_tool_calls}) without tools, and there is nothing for it to govern.
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
    if (choice == null || choice.isNull()) {
      return;
    }
    if (!choice.isObject()) {
      throw AiException.invalidRequest("'tool_choice' must be an object.", "tool_choice");
    }
    switch (choice.path("type").asString("")) {
      case "auto" -> out.put("tool_choice", "auto");
      case "any" -> out.put("tool_choice", "required");
      case "none" -> out.put("tool_choice", "none");
      case "tool" -> {
        JsonNode name = choice.path("name");
        if (!name.isString() || name.asString().isEmpty()) {
          throw AiException.invalidRequest("A tool_choice of type 'tool' needs a 'name'.", "tool_choice.name");
        }
        ObjectNode named = out.putObject("tool_choice").put("type", "function");
        named.putObject("function").put("name", name.asString());
      }
      default -> throw AiException.invalidRequest("'tool_choice.type' must be auto, any, tool or none.",
          "tool_choice.type");
    }
    if (choice.path("disable_parallel_tool_use").asBoolean(false)) {
      out.put("parallel_tool_calls", false);
    }
  }

  /**
   * A client tool as an OpenAI function tool. Anthropic's client tools have no {@code type} or {@code "custom"};
   * any other type is a server tool (web search, code execution, text editor, ...) that Anthropic runs itself.
   */
  private static ObjectNode functionTool(JsonNode tool, String at) {
    if (!tool.isObject()) {
      throw AiException.invalidRequest("Each tool must be an object.", at);
    }
    JsonNode type = tool.get("type");
    if (type != null && !type.isNull() && !"custom".equals(type.asString(""))) {
      throw AiException.invalidRequest("Server tool type '" + type.asString("") + "' cannot be used through this "
          + "gateway; only client tools (no type, or 'custom') can.", at + ".type");
    }
    JsonNode name = tool.path("name");
    if (!name.isString() || name.asString().isEmpty()) {
      throw AiException.invalidRequest("A tool needs a 'name'.", at + ".name");
    }
    JsonNode schema = tool.get("input_schema");
    if (schema == null || !schema.isObject()) {
      throw AiException.invalidRequest("A tool needs an 'input_schema' object.", at + ".input_schema");
    }
    ObjectNode function = Json.object().put("name", name.asString());
    JsonNode description = tool.get("description");
    if (description != null && description.isString()) {
      function.put("description", description.asString());
    }
    function.set("parameters", schema.deepCopy());
    JsonNode strict = tool.get("strict");
    if (strict != null && strict.isBoolean()) {
      // Anthropic's strict tool use and OpenAI's strict function calling both guarantee schema-valid arguments.
      function.put("strict", strict.asBoolean());
    }
    ObjectNode mapped = Json.object().put("type", "function");
    mapped.set("function", function);
    return mapped;
  }

  /**
   * Maps extended thinking onto {@code reasoning_effort}. A token budget has no canonical equivalent; the effort
   * levels are bucketed by budget ({@value #LOW_EFFORT_BELOW}, {@value #MEDIUM_EFFORT_BELOW}) so a small budget
   * stays cheap and a large one thinks hard. {@code disabled} and {@code adaptive} (the model decides) set nothing.
   */
  private static void mapThinking(@Nullable JsonNode thinking, ObjectNode out) {
    if (thinking == null || thinking.isNull()) {
      return;
    }
    if (!thinking.isObject()) {
      throw AiException.invalidRequest("'thinking' must be an object.", "thinking");
    }
    switch (thinking.path("type").asString("")) {
      case "enabled" -> {
        JsonNode budget = thinking.path("budget_tokens");
        if (!budget.isIntegralNumber() || budget.asLong() < 1) {
          throw AiException.invalidRequest("'thinking.budget_tokens' must be a positive integer.",
              "thinking.budget_tokens");
        }
        out.put("reasoning_effort", effort(budget.asLong()));
      }
      case "disabled", "adaptive" -> {
        // Nothing to ask for: the upstream's default.
      }
      default -> throw AiException.invalidRequest("'thinking.type' must be enabled, disabled or adaptive.",
          "thinking.type");
    }
  }

  static String effort(long budgetTokens) {
    if (budgetTokens < LOW_EFFORT_BELOW) {
      return "low";
    }
    return budgetTokens < MEDIUM_EFFORT_BELOW ? "medium" : "high";
  }

  /**
   * Maps structured output, {@code output_config.format} (generally available) or {@code output_format} (its beta
   * name), onto a {@code json_schema} {@code response_format}. Anthropic's schema is unnamed; OpenAI requires a
   * name, hence {@value #OUTPUT_SCHEMA_NAME}. {@code strict} is not set: OpenAI's strict mode restricts schemas in
   * ways Anthropic's does not, and would refuse some schemas a client wrote for Anthropic.
   */
  private static void mapOutputFormat(JsonNode request, ObjectNode out) {
    String at = "output_config.format";
    JsonNode format = request.path("output_config").get("format");
    if (format == null || format.isNull()) {
      at = "output_format";
      format = request.get("output_format");
    }
    if (format == null || format.isNull()) {
      return;
    }
    if (!"json_schema".equals(format.path("type").asString(""))) {
      throw AiException.invalidRequest("'" + at + ".type' must be json_schema.", at + ".type");
    }
    JsonNode schema = format.get("schema");
    if (schema == null || !schema.isObject()) {
      throw AiException.invalidRequest("'" + at + ".schema' must be a JSON schema object.", at + ".schema");
    }
    ObjectNode jsonSchema = out.putObject("response_format").put("type", "json_schema")
        .putObject("json_schema").put("name", OUTPUT_SCHEMA_NAME);
    jsonSchema.set("schema", schema.deepCopy());
  }
}
