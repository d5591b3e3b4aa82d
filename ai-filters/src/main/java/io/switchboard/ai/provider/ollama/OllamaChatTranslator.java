package io.switchboard.ai.provider.ollama;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.openai.OpenAiShapes;
import io.switchboard.ai.provider.spi.ChatTranslator;
import io.switchboard.ai.provider.spi.StreamTranslator;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.provider.spi.TranslationContext;
import io.switchboard.ai.provider.spi.UpstreamRequest;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates OpenAI Chat Completions to and from Ollama's native chat API ({@code POST /api/chat}).
 *
 * <p>Requests: messages keep their four roles; text parts are joined into {@code content}; image parts given as
 * {@code data:} URLs become base64 {@code images} (Ollama cannot fetch http URLs, so those are refused); assistant
 * tool calls carry their arguments as JSON objects; tool results carry {@code tool_name} when the call they answer
 * is found earlier in the conversation. Sampling options go into {@code options} ({@code max_tokens} as
 * {@code num_predict}); {@code response_format} becomes {@code format} ({@code "json"} or the JSON schema).
 *
 * <p>Responses: {@code message} becomes the assistant message; Ollama's tool calls have no ids, so ids are derived
 * from the response id ({@code call_<suffix>_<k>}). Usage comes from {@code prompt_eval_count} and
 * {@code eval_count}. Streams are NDJSON, one object per event (see {@link OllamaStreamTranslator}).
 *
 * <p>Stateless and thread-safe; the stream translators it creates are not.
 */
public final class OllamaChatTranslator implements ChatTranslator {

  /** Path of the native chat API relative to the provider's base URL ({@code http://localhost:11434}). */
  static final String CHAT_PATH = "/api/chat";

  public OllamaChatTranslator() {
  }

  @Override
  public UpstreamRequest toUpstream(ObjectNode openAiRequest, TranslationContext context) {
    ObjectNode out = Json.object();
    out.put("model", context.upstreamModel());
    out.set("messages", messages(openAiRequest.get("messages")));
    out.put("stream", context.stream());
    ArrayNode tools = tools(openAiRequest.get("tools"));
    if (tools != null) {
      out.set("tools", tools);
    }
    ObjectNode options = options(openAiRequest);
    if (!options.isEmpty()) {
      out.set("options", options);
    }
    JsonNode format = format(openAiRequest.get("response_format"));
    if (format != null) {
      out.set("format", format);
    }
    return new UpstreamRequest(CHAT_PATH, out);
  }

  /**
   * {@inheritDoc}
   *
   * @throws AiException (502) when the response has no {@code message}
   */
  @Override
  public ObjectNode fromUpstream(JsonNode providerResponse, TranslationContext context) {
    JsonNode reply = providerResponse.get("message");
    if (reply == null || !reply.isObject()) {
      throw AiException.upstream("Ollama returned a chat response without 'message'.", null);
    }
    ObjectNode message = Json.object().put("role", "assistant");
    JsonNode content = reply.get("content");
    ArrayNode calls = Json.array();
    int k = 0;
    for (JsonNode call : reply.path("tool_calls")) {
      JsonNode function = call.path("function");
      calls.add(OpenAiShapes.toolCall(toolCallId(context, k++), function.path("name").asString(""),
          arguments(function.get("arguments"))));
    }
    if (content != null && content.isString() && !(content.asString().isEmpty() && !calls.isEmpty())) {
      message.put("content", content.asString());
    } else {
      message.putNull("content");
    }
    if (!calls.isEmpty()) {
      message.set("tool_calls", calls);
    }
    JsonNode thinking = reply.get("thinking");
    if (thinking != null && thinking.isString() && !thinking.asString().isEmpty()) {
      // Ollama's thinking models (think: true) return their reasoning apart from the answer.
      message.put(OpenAiShapes.REASONING_CONTENT, thinking.asString());
    }
    ObjectNode completion = Json.object()
        .put("id", context.responseId())
        .put("object", "chat.completion")
        .put("created", context.created())
        .put("model", context.clientModel());
    ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
    choice.set("message", message);
    choice.put("finish_reason", finishReason(text(providerResponse, "done_reason"), !calls.isEmpty()));
    choice.putNull("logprobs");
    completion.set("usage", OpenAiShapes.usage(usageOf(providerResponse)));
    return completion;
  }

  @Override
  public StreamTranslator newStream(TranslationContext context) {
    return new OllamaStreamTranslator(context);
  }

  @Override
  public TokenUsage usageOf(JsonNode providerResponse) {
    return TokenUsage.of(count(providerResponse, "prompt_eval_count"), count(providerResponse, "eval_count"));
  }

  // ---- shared with the stream translator ----

  /** OpenAI's finish reason: {@code length} for Ollama's, {@code tool_calls} when tools were called, else stop. */
  static String finishReason(@Nullable String doneReason, boolean calledTools) {
    if ("length".equals(doneReason)) {
      return "length";
    }
    return calledTools ? "tool_calls" : "stop";
  }

  /** The id given to the k-th tool call of a response: {@code call_<response id suffix>_<k>}. */
  static String toolCallId(TranslationContext context, int k) {
    String id = context.responseId();
    int dash = id.lastIndexOf('-');
    return "call_" + (dash >= 0 ? id.substring(dash + 1) : id) + "_" + k;
  }

  /** Ollama's arguments (an object) as OpenAI's JSON-encoded string. */
  static String arguments(@Nullable JsonNode arguments) {
    if (arguments == null || arguments.isNull() || arguments.isMissingNode()) {
      return "{}";
    }
    return arguments.isString() ? arguments.asString() : Json.MAPPER.writeValueAsString(arguments);
  }

  static long count(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isNumber() ? value.asLong() : 0;
  }

  static @Nullable String text(@Nullable JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isString() ? value.asString() : null;
  }

  // ---- request mapping ----

  private static boolean absent(@Nullable JsonNode value) {
    return value == null || value.isNull() || value.isMissingNode();
  }

  private static AiException invalid(String message, String param) {
    return AiException.invalidRequest(message, param);
  }

  private static ArrayNode messages(@Nullable JsonNode messages) {
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw invalid("'messages' must be a non-empty array.", "messages");
    }
    Map<String, String> toolNames = new HashMap<>();
    ArrayNode out = Json.array();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String at = "messages[" + i + "]";
      String role = text(message, "role");
      if (role == null) {
        throw invalid("Each message needs a 'role'.", at + ".role");
      }
      String mapped = switch (role) {
        case "system", "developer" -> "system";
        case "user", "assistant", "tool" -> role;
        default -> throw invalid("Unsupported message role '" + role + "'.", at + ".role");
      };
      ObjectNode target = out.addObject().put("role", mapped);
      ArrayNode images = Json.array();
      target.put("content", content(message.get("content"), at, images));
      if (!images.isEmpty()) {
        target.set("images", images);
      }
      if (role.equals("assistant")) {
        JsonNode calls = message.get("tool_calls");
        if (!absent(calls) && calls.isArray() && !calls.isEmpty()) {
          ArrayNode mappedCalls = target.putArray("tool_calls");
          for (int j = 0; j < calls.size(); j++) {
            JsonNode call = calls.get(j);
            JsonNode function = call.path("function");
            String name = text(function, "name");
            if (name == null) {
              throw invalid("A tool call needs 'function.name'.", at + ".tool_calls[" + j + "].function.name");
            }
            String id = text(call, "id");
            if (id != null) {
              toolNames.put(id, name);
            }
            ObjectNode fn = mappedCalls.addObject().putObject("function").put("name", name);
            fn.set("arguments", parseArguments(function.get("arguments"),
                at + ".tool_calls[" + j + "].function.arguments"));
          }
        }
      } else if (role.equals("tool")) {
        String id = text(message, "tool_call_id");
        String name = id == null ? null : toolNames.get(id);
        if (name != null) {
          target.put("tool_name", name);
        }
      }
    }
    return out;
  }

  private static JsonNode parseArguments(@Nullable JsonNode arguments, String param) {
    if (absent(arguments)) {
      return Json.object();
    }
    if (arguments.isObject()) {
      return arguments.deepCopy();
    }
    if (!arguments.isString()) {
      throw invalid("Tool call arguments must be a JSON string.", param);
    }
    if (arguments.asString().isBlank()) {
      return Json.object();
    }
    try {
      JsonNode parsed = Json.MAPPER.readTree(arguments.asString());
      if (parsed.isObject()) {
        return parsed;
      }
    } catch (JacksonException e) {
      // reported below
    }
    throw invalid("Tool call arguments must be a JSON object.", param);
  }

  /** The text of a message's content; image parts are appended to {@code images}. */
  private static String content(@Nullable JsonNode content, String at, ArrayNode images) {
    if (absent(content)) {
      return "";
    }
    if (content.isString()) {
      return content.asString();
    }
    if (!content.isArray()) {
      throw invalid("'content' must be a string or an array of parts.", at + ".content");
    }
    StringBuilder text = new StringBuilder();
    for (int j = 0; j < content.size(); j++) {
      JsonNode part = content.get(j);
      String param = at + ".content[" + j + "]";
      String type = text(part, "type");
      if ("text".equals(type)) {
        text.append(part.path("text").asString(""));
      } else if ("image_url".equals(type)) {
        JsonNode image = part.path("image_url");
        String url = image.isString() ? image.asString() : text(image, "url");
        int comma = url == null ? -1 : url.indexOf(',');
        if (url == null || !url.startsWith("data:") || comma < 0 || !url.substring(0, comma).endsWith(";base64")) {
          throw invalid("Ollama accepts only base64 data: URLs for images.", param);
        }
        images.add(url.substring(comma + 1));
      } else {
        throw invalid("Unsupported content part type '" + type + "'.", param);
      }
    }
    return text.toString();
  }

  private static @Nullable ArrayNode tools(@Nullable JsonNode tools) {
    return OpenAiShapes.functionTools(tools, "Ollama");
  }

  private static ObjectNode options(JsonNode request) {
    ObjectNode options = Json.object();
    copyNumber(request, "temperature", options, "temperature");
    copyNumber(request, "top_p", options, "top_p");
    // max_completion_tokens supersedes max_tokens in OpenAI's API.
    if (!copyInteger(request, "max_completion_tokens", options, "num_predict", 1)) {
      copyInteger(request, "max_tokens", options, "num_predict", 1);
    }
    JsonNode stop = request.get("stop");
    if (!absent(stop)) {
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
        options.set("stop", sequences);
      }
    }
    copyInteger(request, "seed", options, "seed", Long.MIN_VALUE);
    copyNumber(request, "presence_penalty", options, "presence_penalty");
    copyNumber(request, "frequency_penalty", options, "frequency_penalty");
    return options;
  }

  private static @Nullable JsonNode format(@Nullable JsonNode format) {
    if (absent(format)) {
      return null;
    }
    String type = text(format, "type");
    if (type == null) {
      throw invalid("'response_format' needs a 'type'.", "response_format.type");
    }
    return switch (type) {
      case "text" -> null;
      case "json_object" -> JsonNodeFactory.instance.stringNode("json");
      case "json_schema" -> {
        JsonNode schema = format.path("json_schema").get("schema");
        if (schema == null || !schema.isObject()) {
          throw invalid("'response_format.json_schema.schema' must be an object.",
              "response_format.json_schema.schema");
        }
        yield schema.deepCopy();
      }
      default -> throw invalid("'response_format.type' must be text, json_object or json_schema.",
          "response_format.type");
    };
  }

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

  private static void copyNumber(JsonNode request, String field, ObjectNode out, String target) {
    JsonNode value = request.get(field);
    if (absent(value)) {
      return;
    }
    if (!value.isNumber()) {
      throw invalid("'" + field + "' must be a number.", field);
    }
    out.set(target, value.deepCopy());
  }
}
