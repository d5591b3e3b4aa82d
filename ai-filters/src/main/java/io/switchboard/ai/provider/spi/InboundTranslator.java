package io.switchboard.ai.provider.spi;

import io.switchboard.ai.error.AiException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pure translation between a client dialect (Anthropic Messages, Gemini, the Responses API) and the gateway's
 * canonical dialect (OpenAI Chat Completions), so that any client reaches any provider through the provider
 * translators. No I/O, clock or randomness: everything variable arrives in the {@link InboundContext}.
 */
public interface InboundTranslator {

  /**
   * Translates the client's request into a canonical OpenAI chat request whose {@code model} is
   * {@link InboundContext#model()} and whose {@code stream} is {@link InboundContext#stream()}.
   *
   * @throws AiException 400 naming the offending field when the request is invalid in its own dialect
   */
  ObjectNode toCanonical(ObjectNode clientRequest, InboundContext context);

  /** Translates a canonical {@code chat.completion} into the client's response. */
  ObjectNode fromCanonical(ObjectNode completion, InboundContext context);

  /** Starts translating one canonical stream into the client's events. */
  InboundStream newStream(InboundContext context);

  /** The client dialect's error body for an error (its status is {@link AiException#status()}). */
  ObjectNode error(AiException error);
}
