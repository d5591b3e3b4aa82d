package io.switchboard.ai.provider.bedrock;

import static io.switchboard.ai.provider.anthropic.AnthropicChatTranslator.JSON_RESPONSE_TOOL;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.TranslationContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps an OpenAI Chat Completions request to a Bedrock Converse request body.
 *
 * <p>System and developer messages become {@code system} text blocks; user and assistant messages become content
 * blocks ({@code text}, {@code image} from {@code data:} URLs only, {@code toolUse}); {@code tool} messages become
 * {@code toolResult} blocks (their content as one {@code text} block) of a user turn. Consecutive messages of one role
 * are merged, as Converse requires alternating turns. Sampling options go to {@code inferenceConfig}; tools to
 * {@code toolConfig}. A {@code tool_choice} of {@code none} drops the tools (Converse has no "none" choice), so a
 * conversation that already holds tool calls cannot use it. A JSON {@code response_format} is emulated with the forced
 * {@value io.switchboard.ai.provider.anthropic.AnthropicChatTranslator#JSON_RESPONSE_TOOL} tool, as for Anthropic.
 * {@code reasoning_effort} goes to {@code additionalModelRequestFields} where the model family has a field for it
 * ({@link BedrockReasoning}); an assistant turn's {@code reasoning_content} is not sent back (it has no signature).
 */
final class BedrockRequestMapper {

  private BedrockRequestMapper() {
  }

  /** The path of the Converse call: {@code /model/{model id, URL-encoded}/converse} or {@code /converse-stream}. */
  static String path(String model, boolean stream) {
    return "/model/" + URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20")
        + (stream ? "/converse-stream" : "/converse");
  }

  static ObjectNode toConverseRequest(JsonNode request, TranslationContext context) {
    ObjectNode out = Json.object();
    ArrayNode system = Json.array();
    ArrayNode messages = Json.array();
    JsonNode input = request.path("messages");
    if (!input.isArray() || input.isEmpty()) {
      throw AiException.invalidRequest("'messages' must be a non-empty array.", "messages");
    }
    for (int i = 0; i < input.size(); i++) {
      JsonNode message = input.get(i);
      String at = "messages[" + i + "]";
      String role = message.path("role").asString("");
      switch (role) {
        case "system", "developer" -> system.addObject().put("text", text(message.get("content"), at + ".content"));
        case "user" -> addBlocks(messages, "user", userBlocks(message.get("content"), at + ".content"));
        case "assistant" -> addBlocks(messages, "assistant", assistantBlocks(message, at));
        case "tool" -> {
          ObjectNode result = Json.object();
          ObjectNode toolResult = result.putObject("toolResult")
              .put("toolUseId", message.path("tool_call_id").asString(""));
          toolResult.putArray("content").addObject().put("text", text(message.get("content"), at + ".content"));
          addBlocks(messages, "user", Json.array().add(result));
        }
        default -> throw AiException.invalidRequest("Unsupported message role '" + role + "'.", at + ".role");
      }
    }
    if (!system.isEmpty()) {
      out.set("system", system);
    }
    out.set("messages", messages);
    ObjectNode config = Json.object();
    JsonNode maxTokens = request.has("max_completion_tokens") ? request.get("max_completion_tokens")
        : request.get("max_tokens");
    if (maxTokens != null && maxTokens.isNumber()) {
      config.put("maxTokens", maxTokens.asInt());
    }
    copyNumber(request, "temperature", config, "temperature");
    copyNumber(request, "top_p", config, "topP");
    JsonNode stop = request.get("stop");
    if (stop != null && stop.isString()) {
      config.putArray("stopSequences").add(stop.asString());
    } else if (stop != null && stop.isArray()) {
      config.set("stopSequences", stop.deepCopy());
    }
    if (!config.isEmpty()) {
      out.set("inferenceConfig", config);
    }
    ObjectNode toolConfig = BedrockTools.toolConfig(request);
    if (toolConfig != null) {
      out.set("toolConfig", toolConfig);
    }
    BedrockReasoning.apply(request, context.upstreamModel(), context.defaultMaxTokens(), out);
    return out;
  }

  private static void addBlocks(ArrayNode messages, String role, ArrayNode blocks) {
    if (blocks.isEmpty()) {
      return;
    }
    JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
    if (last != null && role.equals(last.path("role").asString())) {
      ((ArrayNode) last.get("content")).addAll(blocks);
    } else {
      messages.addObject().put("role", role).set("content", blocks);
    }
  }

  private static ArrayNode userBlocks(@Nullable JsonNode content, String at) {
    ArrayNode blocks = Json.array();
    if (content != null && content.isArray()) {
      for (int j = 0; j < content.size(); j++) {
        JsonNode part = content.get(j);
        String partAt = at + "[" + j + "]";
        switch (part.path("type").asString("")) {
          case "text" -> blocks.addObject().put("text", part.path("text").asString(""));
          case "image_url" -> blocks.add(image(part.path("image_url").path("url").asString(""),
              partAt + ".image_url.url"));
          default -> throw AiException.invalidRequest("Unsupported content part for Bedrock.", partAt + ".type");
        }
      }
      return blocks;
    }
    blocks.addObject().put("text", text(content, at));
    return blocks;
  }

  private static ArrayNode assistantBlocks(JsonNode message, String at) {
    ArrayNode blocks = Json.array();
    JsonNode content = message.get("content");
    if (content != null && !content.isNull()) {
      String text = text(content, at + ".content");
      if (!text.isEmpty()) {
        blocks.addObject().put("text", text);
      }
    }
    JsonNode calls = message.path("tool_calls");
    for (int j = 0; j < calls.size(); j++) {
      JsonNode function = calls.get(j).path("function");
      String arguments = function.path("arguments").asString("");
      JsonNode parsed;
      try {
        parsed = arguments.isBlank() ? Json.object() : Json.MAPPER.readTree(arguments);
      } catch (JacksonException e) {
        throw AiException.invalidRequest("Tool call arguments must be JSON.",
            at + ".tool_calls[" + j + "].function.arguments");
      }
      ObjectNode block = Json.object();
      block.putObject("toolUse").put("toolUseId", calls.get(j).path("id").asString(""))
          .put("name", function.path("name").asString("")).set("input", parsed);
      blocks.add(block);
    }
    return blocks;
  }

  /** An image block from a {@code data:image/...;base64,} URL; other URLs are rejected (Bedrock fetches none). */
  private static ObjectNode image(String url, String at) {
    int comma = url.indexOf(',');
    String header = comma < 0 ? "" : url.substring(0, comma);
    if (!header.startsWith("data:image/") || !header.endsWith(";base64")) {
      throw AiException.invalidRequest("Bedrock accepts images only as base64 data URLs.", at);
    }
    String format = header.substring("data:image/".length(), header.length() - ";base64".length());
    format = format.equals("jpg") ? "jpeg" : format;
    if (!format.equals("png") && !format.equals("jpeg") && !format.equals("gif") && !format.equals("webp")) {
      throw AiException.invalidRequest("Bedrock accepts png, jpeg, gif and webp images only.", at);
    }
    ObjectNode block = Json.object();
    ObjectNode image = block.putObject("image").put("format", format);
    image.putObject("source").put("bytes", url.substring(comma + 1));
    return block;
  }

  /** A string content, or the text parts of an array content joined; anything else is rejected. */
  private static String text(@Nullable JsonNode content, String at) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isString()) {
      return content.asString();
    }
    if (content.isArray()) {
      StringBuilder text = new StringBuilder();
      for (JsonNode part : content) {
        if (!"text".equals(part.path("type").asString(""))) {
          throw AiException.invalidRequest("Only text parts are allowed here.", at);
        }
        text.append(part.path("text").asString(""));
      }
      return text.toString();
    }
    throw AiException.invalidRequest("'content' must be a string or an array of parts.", at);
  }

  private static void copyNumber(JsonNode from, String field, ObjectNode to, String target) {
    JsonNode value = from.get(field);
    if (value != null && value.isNumber()) {
      to.set(target, value.deepCopy());
    }
  }

  static boolean isJsonResponseTool(String name) {
    return JSON_RESPONSE_TOOL.equals(name);
  }
}
