package io.switchboard.ai.provider.gemini;

import static io.switchboard.ai.provider.gemini.GeminiWire.absent;
import static io.switchboard.ai.provider.gemini.GeminiWire.invalid;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.openai.OpenAiShapes;
import io.switchboard.ai.provider.spi.EmbeddingsTranslator;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.provider.spi.TranslationContext;
import io.switchboard.ai.provider.spi.UpstreamRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates OpenAI {@code /v1/embeddings} to and from Gemini's {@code batchEmbedContents} (v1beta), which embeds
 * one text per request entry and answers the vectors in the same order.
 *
 * <p>Only text input is supported: Gemini has no way to embed OpenAI token-id arrays. {@code dimensions} becomes
 * {@code outputDimensionality}. Gemini's batch response carries no token counts, so the translated {@code usage} is
 * 0/0 and {@link #usageOf} reports {@link TokenUsage#NONE}.
 *
 * <p>Stateless and thread-safe.
 */
public final class GeminiEmbeddingsTranslator implements EmbeddingsTranslator {

  public GeminiEmbeddingsTranslator() {
  }

  /**
   * {@inheritDoc}
   *
   * @throws AiException (400) for token-id input, an empty input, a non-integer {@code dimensions} or an unknown
   *     {@code encoding_format}
   */
  @Override
  public UpstreamRequest toUpstream(ObjectNode openAiRequest, TranslationContext context) {
    String model = GeminiWire.modelId(context.upstreamModel());
    JsonNode dimensions = openAiRequest.get("dimensions");
    if (!absent(dimensions) && !dimensions.isIntegralNumber()) {
      throw invalid("'dimensions' must be an integer.", "dimensions");
    }
    encodingFormat(openAiRequest);
    ObjectNode body = Json.object();
    ArrayNode requests = body.putArray("requests");
    for (String text : inputs(openAiRequest.get("input"))) {
      ObjectNode request = requests.addObject();
      // Each entry must name the model again, with the resource prefix.
      request.put("model", "models/" + model);
      request.putObject("content").putArray("parts").addObject().put("text", text);
      if (!absent(dimensions)) {
        request.set("outputDimensionality", dimensions.deepCopy());
      }
    }
    return new UpstreamRequest("/v1beta/models/" + model + ":batchEmbedContents", body);
  }

  /**
   * {@inheritDoc}
   *
   * <p>With {@code encoding_format: base64}, each vector is encoded as OpenAI does: the little-endian IEEE 754
   * float32 values, base64-encoded.
   *
   * @throws AiException (502) when the response has no {@code embeddings} array
   */
  @Override
  public ObjectNode fromUpstream(JsonNode providerResponse, ObjectNode openAiRequest, TranslationContext context) {
    JsonNode embeddings = providerResponse.get("embeddings");
    if (embeddings == null || !embeddings.isArray()) {
      throw AiException.upstream("Gemini returned an embeddings response without 'embeddings'.", null);
    }
    boolean base64 = "base64".equals(encodingFormat(openAiRequest));
    ObjectNode result = Json.object();
    result.put("object", "list");
    ArrayNode data = result.putArray("data");
    for (int i = 0; i < embeddings.size(); i++) {
      JsonNode values = embeddings.get(i).path("values");
      ObjectNode item = data.addObject();
      item.put("object", "embedding");
      item.put("index", i);
      if (base64) {
        item.put("embedding", OpenAiShapes.base64Embedding(values));
      } else {
        item.set("embedding", values.isArray() ? values.deepCopy() : Json.array());
      }
    }
    result.put("model", context.clientModel());
    // Gemini does not count tokens in batchEmbedContents; 0 says "unknown", as TokenUsage does.
    ObjectNode usage = result.putObject("usage");
    usage.put("prompt_tokens", 0);
    usage.put("total_tokens", 0);
    return result;
  }

  /** Always {@link TokenUsage#NONE}: Gemini's batch embedding response carries no token counts. */
  @Override
  public TokenUsage usageOf(JsonNode providerResponse) {
    return TokenUsage.NONE;
  }

  /** The texts to embed, in order. */
  private static String[] inputs(@Nullable JsonNode input) {
    if (absent(input)) {
      throw invalid("'input' is required.", "input");
    }
    if (input.isString()) {
      return new String[] {input.asString()};
    }
    if (!input.isArray() || input.isEmpty()) {
      throw invalid("'input' must be a string or a non-empty array of strings.", "input");
    }
    String[] texts = new String[input.size()];
    for (int i = 0; i < texts.length; i++) {
      JsonNode item = input.get(i);
      if (!item.isString()) {
        // Integers (one token array) or arrays (several): OpenAI token ids mean nothing to Gemini's tokenizer.
        throw invalid("Gemini embeddings accept text input only, not token ids.", "input");
      }
      texts[i] = item.asString();
    }
    return texts;
  }

  private static @Nullable String encodingFormat(ObjectNode openAiRequest) {
    JsonNode format = openAiRequest.get("encoding_format");
    if (absent(format)) {
      return null;
    }
    if (!format.isString() || !("float".equals(format.asString()) || "base64".equals(format.asString()))) {
      throw invalid("'encoding_format' must be float or base64.", "encoding_format");
    }
    return format.asString();
  }

}
