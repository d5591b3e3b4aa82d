package io.switchboard.ai.provider.cohere;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.openai.OpenAiShapes;
import io.switchboard.ai.provider.spi.ChatTranslator;
import io.switchboard.ai.provider.spi.StreamTranslator;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.provider.spi.TranslationContext;
import io.switchboard.ai.provider.spi.UpstreamRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates OpenAI Chat Completions to and from Cohere's Chat API v2 ({@code POST /v2/chat}).
 *
 * <p>Cohere v2 is close to OpenAI: the same four roles, tool calls with ids and JSON-encoded arguments, tool results
 * answering a {@code tool_call_id}. Requests are mapped by {@link CohereRequestMapper}; {@code stream} is always
 * sent, {@code true} for streamed responses (an SSE stream of typed events, see {@link CohereStreamTranslator}).
 *
 * <p>Responses: the {@code text} items of {@code message.content} are joined into {@code content}, the
 * {@code thinking} items into {@code reasoning_content}; {@code tool_plan} and {@code citations} have no OpenAI
 * counterpart and are dropped. Usage comes from
 * {@code usage.tokens}, falling back to {@code usage.billed_units}.
 *
 * <p>Stateless and thread-safe; the stream translators it creates are not.
 */
public final class CohereChatTranslator implements ChatTranslator {

  public CohereChatTranslator() {
  }

  @Override
  public UpstreamRequest toUpstream(ObjectNode openAiRequest, TranslationContext context) {
    return new UpstreamRequest(CohereWire.CHAT_PATH, CohereRequestMapper.toChatRequest(openAiRequest, context));
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
      throw AiException.upstream("Cohere returned a chat response without 'message'.", null);
    }
    StringBuilder text = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    boolean hasText = false;
    JsonNode content = reply.path("content");
    if (content.isString()) {
      text.append(content.asString());
      hasText = true;
    }
    for (JsonNode item : content) {
      if ("text".equals(CohereWire.text(item, "type"))) {
        text.append(item.path("text").asString(""));
        hasText = true;
      } else if ("thinking".equals(CohereWire.text(item, "type"))) {
        reasoning.append(item.path("thinking").asString(""));
      }
    }
    ArrayNode calls = Json.array();
    for (JsonNode call : reply.path("tool_calls")) {
      JsonNode function = call.path("function");
      JsonNode arguments = function.get("arguments");
      String encoded = arguments == null || arguments.isNull() ? "{}"
          : arguments.isString() ? arguments.asString() : Json.MAPPER.writeValueAsString(arguments);
      calls.add(OpenAiShapes.toolCall(call.path("id").asString(""), function.path("name").asString(""), encoded));
    }
    return OpenAiShapes.withReasoning(OpenAiShapes.completion(context, hasText ? text.toString() : null, calls,
        CohereWire.finishReason(CohereWire.text(providerResponse, "finish_reason"), !calls.isEmpty()),
        usageOf(providerResponse)), reasoning);
  }

  @Override
  public StreamTranslator newStream(TranslationContext context) {
    return new CohereStreamTranslator(context);
  }

  @Override
  public TokenUsage usageOf(JsonNode providerResponse) {
    return CohereWire.usage(providerResponse.get("usage"));
  }
}
