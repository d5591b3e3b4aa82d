package io.switchboard.ai.provider.spi;

import tools.jackson.databind.node.ObjectNode;

/**
 * Pure translation of a client dialect's embeddings request and response to and from OpenAI's
 * {@code /v1/embeddings} (the canonical form), for clients whose embeddings go to a provider of another dialect.
 */
public interface InboundEmbeddingsTranslator {

  /**
   * @param model the model as the client named it
   * @param batch whether the client used its dialect's batch endpoint
   */
  ObjectNode toCanonical(ObjectNode clientRequest, String model, boolean batch);

  /** Translates an OpenAI embeddings response (float encoding) into the client's response. */
  ObjectNode fromCanonical(ObjectNode openAiEmbeddings, boolean batch);
}
