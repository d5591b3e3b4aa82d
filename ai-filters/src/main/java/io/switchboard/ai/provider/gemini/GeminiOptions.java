package io.switchboard.ai.provider.gemini;

import static io.switchboard.ai.provider.gemini.GeminiWire.absent;
import static io.switchboard.ai.provider.gemini.GeminiWire.invalid;
import static io.switchboard.ai.provider.gemini.GeminiWire.text;

import io.switchboard.ai.Json;
import io.switchboard.ai.provider.openai.OpenAiShapes;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates the non-message fields of an OpenAI chat request: sampling options into {@code generationConfig}
 * ({@code reasoning_effort} into a {@code thinkingConfig} budget with {@code includeThoughts}),
 * {@code tools} into {@code functionDeclarations} and {@code tool_choice} into {@code toolConfig}. Fields Gemini
 * has no equivalent for ({@code logit_bias}, {@code user}, {@code store}, {@code logprobs}...) are not read at all,
 * hence dropped.
 */
final class GeminiOptions {

  private GeminiOptions() {
  }

  /**
   * Gemini's {@code generationConfig}, or {@code null} when the request sets none of its options.
   *
   * @param model the upstream model, which decides whether a thinking budget may be asked for
   */
  static @Nullable ObjectNode generationConfig(ObjectNode request, String model) {
    ObjectNode config = Json.object();
    copyNumber(request, "temperature", config, "temperature", false);
    copyNumber(request, "top_p", config, "topP", false);
    // max_completion_tokens supersedes max_tokens in OpenAI's API, so it wins when both are set.
    if (!copyNumber(request, "max_completion_tokens", config, "maxOutputTokens", true)) {
      copyNumber(request, "max_tokens", config, "maxOutputTokens", true);
    }
    stopSequences(request.get("stop"), config);
    copyNumber(request, "n", config, "candidateCount", true);
    copyNumber(request, "seed", config, "seed", true);
    copyNumber(request, "presence_penalty", config, "presencePenalty", false);
    copyNumber(request, "frequency_penalty", config, "frequencyPenalty", false);
    responseFormat(request.get("response_format"), config);
    long budget = OpenAiShapes.reasoningBudget(request.get("reasoning_effort"));
    if (budget > 0 && thinks(model)) {
      // includeThoughts: the thought summaries come back as thought parts, i.e. as reasoning_content.
      config.putObject("thinkingConfig").put("thinkingBudget", budget).put("includeThoughts", true);
    }
    return config.isEmpty() ? null : config;
  }

  /**
   * Whether a Gemini model takes a {@code thinkingConfig}: not the 1.x and 2.0 models nor Gemma, which refuse it
   * (the request would fail where dropping the effort only loses the reasoning).
   */
  static boolean thinks(String model) {
    String id = model.startsWith("models/") ? model.substring("models/".length()) : model;
    return !(id.startsWith("gemini-1") || id.startsWith("gemini-2.0") || id.startsWith("gemma")
        || id.startsWith("gemini-pro"));
  }

  /** Gemini's {@code tools}: one tool holding every function declaration, or {@code null} when there are none. */
  static @Nullable ArrayNode tools(@Nullable JsonNode tools) {
    if (absent(tools)) {
      return null;
    }
    if (!tools.isArray()) {
      throw invalid("'tools' must be an array.", "tools");
    }
    if (tools.isEmpty()) {
      return null;
    }
    ArrayNode declarations = Json.array();
    for (int i = 0; i < tools.size(); i++) {
      JsonNode tool = tools.get(i);
      String at = "tools[" + i + "]";
      if (!"function".equals(text(tool, "type"))) {
        throw invalid("Only function tools are supported for Gemini models.", at + ".type");
      }
      JsonNode function = tool.get("function");
      String name = text(function, "name");
      if (name == null || name.isEmpty()) {
        throw invalid("Each function tool needs a name.", at + ".function.name");
      }
      ObjectNode declaration = declarations.addObject();
      declaration.put("name", name);
      String description = text(function, "description");
      if (description != null) {
        declaration.put("description", description);
      }
      JsonNode parameters = function.get("parameters");
      if (!absent(parameters)) {
        if (!parameters.isObject()) {
          throw invalid("Function parameters must be a JSON Schema object.", at + ".function.parameters");
        }
        // parametersJsonSchema takes standard JSON Schema; the older 'parameters' field wants Gemini's OpenAPI subset.
        declaration.set("parametersJsonSchema", parameters.deepCopy());
      }
    }
    ArrayNode result = Json.array();
    result.addObject().set("functionDeclarations", declarations);
    return result;
  }

  /** Gemini's {@code toolConfig} for an OpenAI {@code tool_choice}, or {@code null} when it is unset. */
  static @Nullable ObjectNode toolConfig(@Nullable JsonNode toolChoice) {
    if (absent(toolChoice)) {
      return null;
    }
    ObjectNode toolConfig = Json.object();
    ObjectNode calling = toolConfig.putObject("functionCallingConfig");
    if (toolChoice.isString()) {
      String mode = switch (toolChoice.asString()) {
        case "auto" -> "AUTO";
        case "required" -> "ANY";
        case "none" -> "NONE";
        default -> throw invalid("tool_choice must be auto, required, none or a function.", "tool_choice");
      };
      calling.put("mode", mode);
      return toolConfig;
    }
    String name = text(toolChoice.path("function"), "name");
    if (!"function".equals(text(toolChoice, "type")) || name == null) {
      throw invalid("tool_choice must be auto, required, none or {type: function, function: {name}}.",
          "tool_choice");
    }
    // Forcing one function is "call something" restricted to that function's name.
    calling.put("mode", "ANY");
    calling.putArray("allowedFunctionNames").add(name);
    return toolConfig;
  }

  private static void stopSequences(@Nullable JsonNode stop, ObjectNode config) {
    if (absent(stop)) {
      return;
    }
    ArrayNode sequences = Json.array();
    if (stop.isString()) {
      sequences.add(stop.asString());
    } else if (stop.isArray()) {
      for (JsonNode sequence : stop) {
        if (!sequence.isString()) {
          throw invalid("'stop' must be a string or an array of strings.", "stop");
        }
        sequences.add(sequence.asString());
      }
    } else {
      throw invalid("'stop' must be a string or an array of strings.", "stop");
    }
    if (!sequences.isEmpty()) {
      config.set("stopSequences", sequences);
    }
  }

  private static void responseFormat(@Nullable JsonNode format, ObjectNode config) {
    if (absent(format)) {
      return;
    }
    String type = text(format, "type");
    if (type == null) {
      throw invalid("response_format needs a 'type'.", "response_format.type");
    }
    switch (type) {
      case "text" -> {
        // Gemini's default output.
      }
      case "json_object" -> config.put("responseMimeType", "application/json");
      case "json_schema" -> {
        config.put("responseMimeType", "application/json");
        JsonNode schema = format.path("json_schema").get("schema");
        if (schema != null && schema.isObject()) {
          config.set("responseJsonSchema", schema.deepCopy());
        }
      }
      default -> throw invalid("response_format type '" + type + "' is not supported.", "response_format.type");
    }
  }

  /**
   * Copies a numeric option, keeping the client's number as written.
   *
   * @return whether the option was present
   */
  private static boolean copyNumber(ObjectNode request, String field, ObjectNode config, String target,
      boolean integral) {
    JsonNode value = request.get(field);
    if (absent(value)) {
      return false;
    }
    if (!value.isNumber() || (integral && !value.isIntegralNumber())) {
      throw invalid("'" + field + "' must be " + (integral ? "an integer." : "a number."), field);
    }
    config.set(target, value.deepCopy());
    return true;
  }
}
