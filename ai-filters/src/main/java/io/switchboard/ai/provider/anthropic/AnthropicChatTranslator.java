package io.switchboard.ai.provider.anthropic;

import io.switchboard.ai.provider.spi.ChatTranslator;
import io.switchboard.ai.provider.spi.StreamTranslator;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.provider.spi.TranslationContext;
import io.switchboard.ai.provider.spi.UpstreamRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates OpenAI Chat Completions to and from Anthropic's Messages API ({@code POST /v1/messages}).
 *
 * <p>Requests: system and developer messages become the top-level {@code system} prompt; tool results become
 * {@code tool_result} blocks of a user turn; consecutive messages of one role are merged because Anthropic requires
 * user and assistant turns to alternate. OpenAI's {@code response_format} (JSON object or JSON schema) has no
 * Anthropic equivalent and is emulated with a forced tool named {@value #JSON_RESPONSE_TOOL}, whose input is handed
 * back to the client as the message content. Client tools may therefore not use that name.
 *
 * <p>Responses: text blocks are joined into {@code message.content}, {@code tool_use} blocks become
 * {@code tool_calls}, thinking blocks are dropped, and the cache-read and cache-write input tokens are counted into
 * {@code prompt_tokens} as OpenAI does.
 *
 * <p>Stateless and thread-safe; the stream translators it creates are not.
 */
public final class AnthropicChatTranslator implements ChatTranslator {

  /**
   * Name of the tool the gateway adds to emulate {@code response_format}. Reserved: a client tool with this name is
   * rejected, as its calls could not be told apart from the emulated JSON answer.
   */
  public static final String JSON_RESPONSE_TOOL = "json_response";

  /** Path of the Messages API relative to the provider's base URL. */
  static final String MESSAGES_PATH = "/v1/messages";

  public AnthropicChatTranslator() {
  }

  @Override
  public UpstreamRequest toUpstream(ObjectNode openAiRequest, TranslationContext context) {
    return new UpstreamRequest(MESSAGES_PATH, AnthropicRequestMapper.toMessagesRequest(openAiRequest, context));
  }

  @Override
  public ObjectNode fromUpstream(JsonNode providerResponse, TranslationContext context) {
    return AnthropicResponseMapper.toChatCompletion(providerResponse, context);
  }

  @Override
  public StreamTranslator newStream(TranslationContext context) {
    return new AnthropicStreamTranslator(context);
  }

  @Override
  public TokenUsage usageOf(JsonNode providerResponse) {
    return AnthropicResponseMapper.usage(providerResponse.path("usage"));
  }
}
