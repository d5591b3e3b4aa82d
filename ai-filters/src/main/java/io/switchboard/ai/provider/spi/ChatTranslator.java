package io.switchboard.ai.provider.spi;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pure translation of chat requests between the gateway's canonical dialect (OpenAI Chat Completions) and one
 * provider's wire format. Implementations do no I/O, read no clock and hold no state between calls; everything
 * variable arrives in the {@link TranslationContext}.
 */
public interface ChatTranslator {

  /**
   * Translates an OpenAI {@code /v1/chat/completions} request body.
   *
   * @throws io.switchboard.ai.error.AiException (status 400) when the request cannot be expressed for this provider,
   *     naming the offending field in {@code param}
   */
  UpstreamRequest toUpstream(ObjectNode openAiRequest, TranslationContext context);

  /** Translates a successful (2xx) non-streamed provider response into an OpenAI {@code chat.completion}. */
  ObjectNode fromUpstream(JsonNode providerResponse, TranslationContext context);

  /** Starts the translation of one streamed response; the returned object is used by one stream only. */
  StreamTranslator newStream(TranslationContext context);

  /** Reads the token usage of a successful non-streamed provider response. */
  TokenUsage usageOf(JsonNode providerResponse);
}
