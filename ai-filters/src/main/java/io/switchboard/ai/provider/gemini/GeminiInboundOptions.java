package io.switchboard.ai.provider.gemini;

import static io.switchboard.ai.provider.gemini.GeminiInboundWire.field;
import static io.switchboard.ai.provider.gemini.GeminiInboundWire.string;
import static io.switchboard.ai.provider.gemini.GeminiWire.absent;
import static io.switchboard.ai.provider.gemini.GeminiWire.invalid;

import io.switchboard.ai.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates a Gemini client's {@code generationConfig}, {@code tools} and {@code toolConfig} into canonical request
 * options.
 *
 * <p>{@code generationConfig}: {@code temperature}, {@code topP} → {@code top_p}, {@code maxOutputTokens} →
 * {@code max_tokens}, {@code stopSequences} → {@code stop}, {@code candidateCount} → {@code n}, {@code seed},
 * {@code presencePenalty}, {@code frequencyPenalty}; {@code responseMimeType: application/json} →
 * {@code response_format} {@code json_schema} named {@code response} when {@code responseSchema} (converted by
 * {@link GeminiInboundSchemas}) or {@code responseJsonSchema} is set, {@code json_object} otherwise;
 * {@code thinkingConfig.thinkingBudget} → {@code reasoning_effort} {@code low} (1–2048), {@code medium}
 * (2049–16384) or {@code high} (above), while 0 (thinking off) and -1 (dynamic) leave it unset, i.e. the model's
 * default, the canonical dialect having no "off"; {@code thinkingConfig.thinkingLevel} → the same effort,
 * lower-cased.
 * Dropped, having no canonical equivalent: {@code topK}, {@code includeThoughts}, {@code responseLogprobs},
 * {@code logprobs}, {@code mediaResolution}, {@code speechConfig} and any other field. {@code responseModalities}
 * other than {@code TEXT} are rejected.
 *
 * <p>{@code tools}: only {@code functionDeclarations} (with {@code parameters}, converted, or
 * {@code parametersJsonSchema}, as is) can be forwarded; Gemini-hosted tools ({@code googleSearch},
 * {@code codeExecution}, {@code urlContext}...) are rejected naming {@code tools[i]}.
 *
 * <p>{@code toolConfig.functionCallingConfig.mode}: {@code AUTO} → {@code auto}, {@code ANY} → {@code required},
 * {@code NONE} → {@code none}, {@code VALIDATED} → {@code auto}. {@code allowedFunctionNames} (ANY or VALIDATED
 * only) with one name under {@code ANY} becomes a named {@code tool_choice}; otherwise the {@code tools} are
 * narrowed to the allowed functions. Without any function tool no {@code tool_choice} is set, since canonical
 * requests may not have one without tools.
 */
final class GeminiInboundOptions {

  private static final String CONFIG = "generationConfig";
  private static final String CALLING = "toolConfig.functionCallingConfig";

  private GeminiInboundOptions() {
  }

  /** Adds the canonical options of a {@code generationConfig} to {@code canonical}. */
  static void generationConfig(@Nullable JsonNode config, ObjectNode canonical) {
    if (absent(config)) {
      return;
    }
    if (!config.isObject()) {
      throw invalid("'generationConfig' must be an object.", CONFIG);
    }
    number(config, "temperature", canonical, "temperature", false);
    number(config, "topP", canonical, "top_p", false);
    number(config, "maxOutputTokens", canonical, "max_tokens", true);
    JsonNode stop = field(config, "stopSequences");
    if (!absent(stop)) {
      ArrayNode sequences = strings(stop, CONFIG + ".stopSequences");
      if (!sequences.isEmpty()) {
        canonical.set("stop", sequences);
      }
    }
    number(config, "candidateCount", canonical, "n", true);
    number(config, "seed", canonical, "seed", true);
    number(config, "presencePenalty", canonical, "presence_penalty", false);
    number(config, "frequencyPenalty", canonical, "frequency_penalty", false);
    responseFormat(config, canonical);
    reasoningEffort(field(config, "thinkingConfig"), canonical);
    JsonNode modalities = field(config, "responseModalities");
    if (!absent(modalities)) {
      ArrayNode names = strings(modalities, CONFIG + ".responseModalities");
      for (int k = 0; k < names.size(); k++) {
        if (!"TEXT".equalsIgnoreCase(names.get(k).asString())) {
          throw invalid("Only TEXT responses are supported by this gateway.",
              CONFIG + ".responseModalities[" + k + "]");
        }
      }
    }
  }

  /** Adds the canonical {@code tools} and {@code tool_choice} of a request's {@code tools} and {@code toolConfig}. */
  static void tools(ObjectNode request, ObjectNode canonical) {
    JsonNode tools = field(request, "tools");
    ArrayNode functions = Json.array();
    if (!absent(tools)) {
      if (!tools.isArray()) {
        throw invalid("'tools' must be an array.", "tools");
      }
      for (int i = 0; i < tools.size(); i++) {
        JsonNode tool = tools.get(i);
        String at = "tools[" + i + "]";
        if (!tool.isObject()) {
          throw invalid("Each tool must be an object.", at);
        }
        for (Map.Entry<String, JsonNode> entry : tool.properties()) {
          String kind = entry.getKey();
          if (!"functionDeclarations".equals(kind) && !"function_declarations".equals(kind)) {
            throw invalid("Tool '" + kind + "' runs inside Gemini and cannot be forwarded; only functionDeclarations "
                + "are supported.", at + "." + kind);
          }
          declarations(entry.getValue(), at + ".functionDeclarations", functions);
        }
      }
    }
    JsonNode toolChoice = toolChoice(field(request, "toolConfig"), functions);
    if (!functions.isEmpty()) {
      canonical.set("tools", functions);
      if (toolChoice != null) {
        canonical.set("tool_choice", toolChoice);
      }
    }
  }

  private static void declarations(JsonNode declarations, String at, ArrayNode functions) {
    if (!declarations.isArray()) {
      throw invalid("'functionDeclarations' must be an array.", at);
    }
    for (int k = 0; k < declarations.size(); k++) {
      JsonNode declaration = declarations.get(k);
      String declarationAt = at + "[" + k + "]";
      String name = string(declaration, "name");
      if (name == null || name.isEmpty()) {
        throw invalid("Each function declaration needs a 'name'.", declarationAt + ".name");
      }
      ObjectNode function = functions.addObject().put("type", "function").putObject("function").put("name", name);
      String description = string(declaration, "description");
      if (description != null) {
        function.put("description", description);
      }
      JsonNode parameters = field(declaration, "parameters");
      JsonNode jsonSchema = field(declaration, "parametersJsonSchema");
      if (!absent(parameters) && !absent(jsonSchema)) {
        throw invalid("Set either 'parameters' or 'parametersJsonSchema', not both.", declarationAt);
      }
      if (!absent(parameters)) {
        function.set("parameters", GeminiInboundSchemas.toJsonSchema(object(parameters, declarationAt
            + ".parameters")));
      } else if (!absent(jsonSchema)) {
        function.set("parameters", object(jsonSchema, declarationAt + ".parametersJsonSchema").deepCopy());
      }
    }
  }

  private static @Nullable JsonNode toolChoice(@Nullable JsonNode toolConfig, ArrayNode functions) {
    if (absent(toolConfig)) {
      return null;
    }
    JsonNode calling = field(object(toolConfig, "toolConfig"), "functionCallingConfig");
    if (absent(calling)) {
      return null;
    }
    JsonNode modeNode = field(object(calling, CALLING), "mode");
    if (!absent(modeNode) && !modeNode.isString()) {
      throw invalid("'mode' must be AUTO, ANY, NONE or VALIDATED.", CALLING + ".mode");
    }
    String mode = absent(modeNode) ? "MODE_UNSPECIFIED" : modeNode.asString().toUpperCase(Locale.ROOT);
    JsonNode allowed = field(calling, "allowedFunctionNames");
    List<String> names = new ArrayList<>();
    if (!absent(allowed)) {
      ArrayNode strings = strings(allowed, CALLING + ".allowedFunctionNames");
      for (int k = 0; k < strings.size(); k++) {
        String name = strings.get(k).asString();
        if (!declared(functions, name)) {
          throw invalid("No function declaration is named '" + name + "'.",
              CALLING + ".allowedFunctionNames[" + k + "]");
        }
        names.add(name);
      }
    }
    boolean restricting = "ANY".equals(mode) || "VALIDATED".equals(mode);
    if (!names.isEmpty() && !restricting) {
      throw invalid("'allowedFunctionNames' may only be set with mode ANY or VALIDATED.",
          CALLING + ".allowedFunctionNames");
    }
    if ("ANY".equals(mode) && names.size() == 1) {
      ObjectNode named = Json.object().put("type", "function");
      named.putObject("function").put("name", names.get(0));
      return named;
    }
    if (!names.isEmpty()) {
      ArrayNode allowedTools = Json.array();
      for (JsonNode tool : functions) {
        if (names.contains(tool.path("function").path("name").asString(""))) {
          allowedTools.add(tool);
        }
      }
      functions.removeAll();
      functions.addAll(allowedTools);
    }
    return switch (mode) {
      case "MODE_UNSPECIFIED" -> null;
      case "AUTO", "VALIDATED" -> JsonNodeFactory.instance.stringNode("auto");
      case "ANY" -> JsonNodeFactory.instance.stringNode("required");
      case "NONE" -> JsonNodeFactory.instance.stringNode("none");
      default -> throw invalid("'mode' must be AUTO, ANY, NONE or VALIDATED.", CALLING + ".mode");
    };
  }

  private static void responseFormat(JsonNode config, ObjectNode canonical) {
    JsonNode mimeNode = field(config, "responseMimeType");
    if (!absent(mimeNode) && !mimeNode.isString()) {
      throw invalid("'responseMimeType' must be a string.", CONFIG + ".responseMimeType");
    }
    String mime = absent(mimeNode) ? "text/plain" : mimeNode.asString();
    JsonNode schema = field(config, "responseSchema");
    JsonNode jsonSchema = field(config, "responseJsonSchema");
    if (!absent(schema) && !absent(jsonSchema)) {
      throw invalid("Set either 'responseSchema' or 'responseJsonSchema', not both.", CONFIG + ".responseJsonSchema");
    }
    boolean hasSchema = !absent(schema) || !absent(jsonSchema);
    if ("text/plain".equals(mime)) {
      if (hasSchema) {
        throw invalid("A response schema needs responseMimeType 'application/json'.", CONFIG + ".responseMimeType");
      }
      return;
    }
    if (!"application/json".equals(mime)) {
      throw invalid("responseMimeType '" + mime + "' is not supported; use text/plain or application/json.",
          CONFIG + ".responseMimeType");
    }
    ObjectNode format = canonical.putObject("response_format");
    if (!hasSchema) {
      format.put("type", "json_object");
      return;
    }
    format.put("type", "json_schema");
    ObjectNode named = format.putObject("json_schema").put("name", "response");
    named.set("schema", absent(schema)
        ? object(jsonSchema, CONFIG + ".responseJsonSchema").deepCopy()
        : GeminiInboundSchemas.toJsonSchema(object(schema, CONFIG + ".responseSchema")));
  }

  private static void reasoningEffort(@Nullable JsonNode thinking, ObjectNode canonical) {
    if (absent(thinking)) {
      return;
    }
    String at = CONFIG + ".thinkingConfig";
    JsonNode budget = field(object(thinking, at), "thinkingBudget");
    JsonNode level = field(thinking, "thinkingLevel");
    if (!absent(budget) && !absent(level)) {
      throw invalid("Set either 'thinkingBudget' or 'thinkingLevel', not both.", at);
    }
    if (!absent(level)) {
      String effort = level.isString() ? level.asString().toLowerCase(Locale.ROOT) : "?";
      switch (effort) {
        case "minimal", "low", "medium", "high" -> canonical.put("reasoning_effort", effort);
        case "thinking_level_unspecified" -> {
          // The model's default.
        }
        default -> throw invalid("'thinkingLevel' must be MINIMAL, LOW, MEDIUM or HIGH.", at + ".thinkingLevel");
      }
      return;
    }
    if (absent(budget)) {
      return;
    }
    if (!budget.isIntegralNumber() || budget.asLong() < -1) {
      throw invalid("'thinkingBudget' must be an integer of at least -1.", at + ".thinkingBudget");
    }
    long tokens = budget.asLong();
    if (tokens > 0) {
      canonical.put("reasoning_effort", tokens <= 2048 ? "low" : tokens <= 16384 ? "medium" : "high");
    }
  }

  private static void number(JsonNode config, String field, ObjectNode canonical, String target, boolean integral) {
    JsonNode value = field(config, field);
    if (absent(value)) {
      return;
    }
    if (!value.isNumber() || (integral && !value.isIntegralNumber())) {
      throw invalid("'" + field + "' must be " + (integral ? "an integer." : "a number."), CONFIG + "." + field);
    }
    canonical.set(target, value.deepCopy());
  }

  private static ArrayNode strings(JsonNode value, String at) {
    if (!value.isArray()) {
      throw invalid("Expected an array of strings.", at);
    }
    ArrayNode result = Json.array();
    for (int k = 0; k < value.size(); k++) {
      if (!value.get(k).isString()) {
        throw invalid("Expected a string.", at + "[" + k + "]");
      }
      result.add(value.get(k).asString());
    }
    return result;
  }

  private static JsonNode object(JsonNode value, String at) {
    if (!value.isObject()) {
      throw invalid("Expected an object.", at);
    }
    return value;
  }

  private static boolean declared(ArrayNode functions, String name) {
    for (JsonNode tool : functions) {
      if (name.equals(tool.path("function").path("name").asString(""))) {
        return true;
      }
    }
    return false;
  }
}
