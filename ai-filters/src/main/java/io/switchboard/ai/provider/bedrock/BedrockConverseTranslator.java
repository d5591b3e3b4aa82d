package io.switchboard.ai.provider.bedrock;

import io.switchboard.ai.provider.spi.ChatTranslator;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.provider.spi.TranslationContext;
import io.switchboard.ai.provider.spi.UpstreamRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates OpenAI Chat Completions to and from the Bedrock Converse API ({@code POST /model/{modelId}/converse}
 * and {@code /converse-stream}, the model id URL-encoded into one path segment). See {@link BedrockRequestMapper},
 * {@link BedrockTools}, {@link BedrockResponseMapper} and {@link BedrockStreamTranslator} for the mappings.
 *
 * <p>The streamed response is AWS's binary event stream, not SSE: the transport decodes it with
 * {@link EventStreamDecoder} and feeds the messages to the stream translator. Requests must be signed with
 * {@link SigV4Signer} (service {@code bedrock}) after translation, over the exact body bytes sent. Stateless and
 * thread-safe; the stream translators it creates are not.
 */
public final class BedrockConverseTranslator implements ChatTranslator {

  public BedrockConverseTranslator() {
  }

  @Override
  public UpstreamRequest toUpstream(ObjectNode openAiRequest, TranslationContext context) {
    return new UpstreamRequest(BedrockRequestMapper.path(context.upstreamModel(), context.stream()),
        BedrockRequestMapper.toConverseRequest(openAiRequest, context));
  }

  @Override
  public ObjectNode fromUpstream(JsonNode providerResponse, TranslationContext context) {
    return BedrockResponseMapper.toChatCompletion(providerResponse, context);
  }

  @Override
  public BedrockStreamTranslator newStream(TranslationContext context) {
    return new BedrockStreamTranslator(context);
  }

  @Override
  public TokenUsage usageOf(JsonNode providerResponse) {
    return BedrockResponseMapper.usage(providerResponse.path("usage"));
  }
}
