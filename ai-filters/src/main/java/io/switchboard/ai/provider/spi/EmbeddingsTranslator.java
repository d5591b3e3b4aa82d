package io.switchboard.ai.provider.spi;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pure translation of OpenAI {@code /v1/embeddings} requests and responses for one provider. The translated
 * response honours the client's {@code encoding_format} ({@code float}, or {@code base64}: little-endian float32).
 */
public interface EmbeddingsTranslator {

  UpstreamRequest toUpstream(ObjectNode openAiRequest, TranslationContext context);

  /**
   * @param openAiRequest the client's original request (for {@code encoding_format} and {@code dimensions})
   */
  ObjectNode fromUpstream(JsonNode providerResponse, ObjectNode openAiRequest, TranslationContext context);

  TokenUsage usageOf(JsonNode providerResponse);
}
