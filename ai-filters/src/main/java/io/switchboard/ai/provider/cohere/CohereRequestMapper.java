package io.switchboard.ai.provider.cohere;

import static io.switchboard.ai.provider.cohere.CohereWire.absent;
import static io.switchboard.ai.provider.cohere.CohereWire.invalid;
import static io.switchboard.ai.provider.cohere.CohereWire.text;

import io.switchboard.ai.Json;
import io.switchboard.ai.provider.openai.OpenAiShapes;
import io.switchboard.ai.provider.spi.TranslationContext;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the body of a Cohere v2 chat request from an OpenAI chat request: sampling options, tools,
 * {@code tool_choice} and {@code response_format}. Messages are mapped by {@link CohereMessageMapper}.
 *
 * <p>Cohere's ranges are narrower than OpenAI's: {@code p} must lie in 0.01..0.99 and the penalties in 0..1. Values
 * outside are clamped rather than refused, since OpenAI clients commonly send {@code top_p: 1} ("no nucleus
 * cut-off"), the nearest value Cohere accepts. Fields without a Cohere equivalent ({@code logprobs},
 * {@code top_logprobs}, {@code logit_bias}, {@code parallel_tool_calls}, {@code user}, {@code metadata},
 * {@code store}, {@code stream_options}, {@code service_tier}, ...) are dropped: they tune or record a call but do
 * not change what a correct answer is; so is {@code reasoning_effort} for models that do not reason. {@code n > 1} and
 * a named {@code tool_choice} are refused instead, since the client would not get what it asked for.
 */
final class CohereRequestMapper {

  static final double MIN_P = 0.01;
  static final double MAX_P = 0.99;

  private CohereRequestMapper() {
  }

  static ObjectNode toChatRequest(ObjectNode request, TranslationContext context) {
    rejectMultipleChoices(request.get("n"));
    ObjectNode out = Json.object();
    out.put("model", context.upstreamModel());
    out.set("messages", CohereMessageMapper.map(request.get("messages")));
    ArrayNode tools = tools(request.get("tools"));
    if (tools != null) {
      out.set("tools", tools);
    }
    String toolChoice = toolChoice(request.get("tool_choice"));
    // Cohere rejects a tool_choice without tools; without tools there is nothing for it to govern.
    if (toolChoice != null && tools != null) {
      out.put("tool_choice", toolChoice);
    }
    ObjectNode format = responseFormat(request.get("response_format"));
    if (format != null) {
      out.set("response_format", format);
    }
    // max_completion_tokens supersedes max_tokens in OpenAI's API, so it wins when both are set.
    if (!copyInteger(request, "max_completion_tokens", out, "max_tokens", 1)) {
      copyInteger(request, "max_tokens", out, "max_tokens", 1);
    }
    copyNumber(request, "temperature", out, "temperature", 0, Double.MAX_VALUE);
    copyNumber(request, "top_p", out, "p", MIN_P, MAX_P);
    stopSequences(request.get("stop"), out);
    copyInteger(request, "seed", out, "seed", Long.MIN_VALUE);
    copyNumber(request, "frequency_penalty", out, "frequency_penalty", 0, 1);
    copyNumber(request, "presence_penalty", out, "presence_penalty", 0, 1);
    thinking(request.get("reasoning_effort"), context.upstreamModel(), out);
    out.put("stream", context.stream());
    return out;
  }

  /**
   * {@code reasoning_effort} for Cohere's reasoning models ({@code command-a-reasoning*}), which think unless told
   * not to: {@code low}, {@code medium}, {@code high} become {@code {"type":"enabled","token_budget":N}} with the
   * budget of {@link OpenAiShapes#reasoningBudget}; {@code minimal} and {@code none} become
   * {@code {"type":"disabled"}}. Other models take no {@code thinking} and get none.
   */
  private static void thinking(@Nullable JsonNode effort, String model, ObjectNode out) {
    if (absent(effort) || !effort.isString() || !model.startsWith("command-a-reasoning")) {
      return;
    }
    long budget = OpenAiShapes.reasoningBudget(effort);
    if (budget > 0) {
      out.putObject("thinking").put("type", "enabled").put("token_budget", budget);
    } else if (effort.asString().equals("minimal") || effort.asString().equals("none")) {
      out.putObject("thinking").put("type", "disabled");
    }
  }

  private static void rejectMultipleChoices(@Nullable JsonNode n) {
    if (absent(n)) {
      return;
    }
    if (!n.isIntegralNumber()) {
      throw invalid("'n' must be an integer.", "n");
    }
    if (n.asLong() > 1) {
      throw invalid("n > 1 is not supported by Cohere.", "n");
    }
  }

  /** Cohere's {@code tools}, or {@code null} when the client sent none. */
  private static @Nullable ArrayNode tools(@Nullable JsonNode tools) {
    return OpenAiShapes.functionTools(tools, "Cohere");
  }

  /**
   * Cohere's {@code tool_choice} for OpenAI's, or {@code null} for {@code auto} and unset (Cohere's default). Cohere
   * can force some tool call ({@code REQUIRED}) or none ({@code NONE}) but cannot force one named function.
   */
  private static @Nullable String toolChoice(@Nullable JsonNode choice) {
    if (absent(choice)) {
      return null;
    }
    if (choice.isString()) {
      return switch (choice.asString()) {
        case "auto" -> null;
        case "required" -> "REQUIRED";
        case "none" -> "NONE";
        default -> throw invalid("'tool_choice' must be auto, required, none or a function.", "tool_choice");
      };
    }
    if (choice.isObject() && "function".equals(text(choice, "type"))) {
      throw invalid("Cohere cannot be forced to call one specific function; use tool_choice 'required' with only "
          + "that tool instead.", "tool_choice");
    }
    throw invalid("'tool_choice' must be auto, required, none or a function.", "tool_choice");
  }

  /** Cohere's {@code response_format}, or {@code null} for plain text. */
  private static @Nullable ObjectNode responseFormat(@Nullable JsonNode format) {
    if (absent(format)) {
      return null;
    }
    String type = text(format, "type");
    if (type == null) {
      throw invalid("'response_format' needs a 'type'.", "response_format.type");
    }
    return switch (type) {
      case "text" -> null;
      case "json_object" -> Json.object().put("type", "json_object");
      case "json_schema" -> {
        ObjectNode out = Json.object().put("type", "json_object");
        JsonNode schema = format.path("json_schema").get("schema");
        if (schema != null && schema.isObject()) {
          out.set("json_schema", schema.deepCopy());
        }
        yield out;
      }
      default -> throw invalid("'response_format.type' must be text, json_object or json_schema.",
          "response_format.type");
    };
  }

  private static void stopSequences(@Nullable JsonNode stop, ObjectNode out) {
    if (absent(stop)) {
      return;
    }
    ArrayNode sequences = Json.array();
    if (stop.isString()) {
      sequences.add(stop.asString());
    } else if (stop.isArray()) {
      for (int i = 0; i < stop.size(); i++) {
        if (!stop.get(i).isString()) {
          throw invalid("Stop sequences must be strings.", "stop[" + i + "]");
        }
        sequences.add(stop.get(i).asString());
      }
    } else {
      throw invalid("'stop' must be a string or an array of strings.", "stop");
    }
    if (!sequences.isEmpty()) {
      out.set("stop_sequences", sequences);
    }
  }

  /**
   * Copies an integer option as written.
   *
   * @return whether the option was present
   */
  private static boolean copyInteger(JsonNode request, String field, ObjectNode out, String target, long min) {
    JsonNode value = request.get(field);
    if (absent(value)) {
      return false;
    }
    if (!value.isIntegralNumber() || value.asLong() < min) {
      throw invalid("'" + field + "' must be " + (min == 1 ? "a positive integer." : "an integer."), field);
    }
    out.set(target, value.deepCopy());
    return true;
  }

  /** Copies a number, clamped into Cohere's range; a value already inside is kept as the client wrote it. */
  private static void copyNumber(JsonNode request, String field, ObjectNode out, String target, double min,
      double max) {
    JsonNode value = request.get(field);
    if (absent(value)) {
      return;
    }
    if (!value.isNumber()) {
      throw invalid("'" + field + "' must be a number.", field);
    }
    double number = value.asDouble();
    if (number < min) {
      out.put(target, min);
    } else if (number > max) {
      out.put(target, max);
    } else {
      out.set(target, value.deepCopy());
    }
  }
}
