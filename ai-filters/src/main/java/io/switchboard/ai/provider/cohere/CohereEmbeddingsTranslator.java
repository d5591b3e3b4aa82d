package io.switchboard.ai.provider.cohere;

import static io.switchboard.ai.provider.cohere.CohereWire.absent;
import static io.switchboard.ai.provider.cohere.CohereWire.invalid;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.openai.OpenAiShapes;
import io.switchboard.ai.provider.spi.EmbeddingsTranslator;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.provider.spi.TranslationContext;
import io.switchboard.ai.provider.spi.UpstreamRequest;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates OpenAI {@code /v1/embeddings} to and from Cohere's Embed API v2 ({@code POST /v2/embed}).
 *
 * <p>Requests: the texts go in {@code texts}; {@code dimensions} becomes {@code output_dimension}; Cohere is always
 * asked for {@code float} embeddings ({@code embedding_types}), which the response turns into the client's
 * {@code encoding_format}. Cohere requires an {@code input_type} that OpenAI has no notion of: it is
 * {@value #DEFAULT_INPUT_TYPE} unless this translator was built with another. Only text input is supported: OpenAI
 * token-id arrays mean nothing to Cohere's tokenizer.
 *
 * <p>Responses: {@code embeddings.float} in order; {@code meta.billed_units.input_tokens} is the usage.
 *
 * <p>Stateless and thread-safe.
 */
public final class CohereEmbeddingsTranslator implements EmbeddingsTranslator {

  /** The {@code input_type} sent by default: texts embedded for storage and retrieval. */
  public static final String DEFAULT_INPUT_TYPE = "search_document";

  /** The text {@code input_type}s Cohere's v3 and later embedding models accept. */
  public static final Set<String> INPUT_TYPES = Set.of("search_document", "search_query", "classification",
      "clustering");

  private final String inputType;

  public CohereEmbeddingsTranslator() {
    this(DEFAULT_INPUT_TYPE);
  }

  /**
   * @param inputType the {@code input_type} sent with every request, one of {@link #INPUT_TYPES}
   * @throws IllegalArgumentException for any other value
   */
  public CohereEmbeddingsTranslator(String inputType) {
    if (!INPUT_TYPES.contains(inputType)) {
      throw new IllegalArgumentException("Unknown Cohere input_type '" + inputType + "' (expected one of: "
          + String.join(", ", INPUT_TYPES.stream().sorted().toList()) + ")");
    }
    this.inputType = inputType;
  }

  /**
   * {@inheritDoc}
   *
   * @throws AiException (400) for token-id input, an empty input, a non-positive or non-integer {@code dimensions}
   *     or an unknown {@code encoding_format}
   */
  @Override
  public UpstreamRequest toUpstream(ObjectNode openAiRequest, TranslationContext context) {
    JsonNode dimensions = openAiRequest.get("dimensions");
    if (!absent(dimensions) && (!dimensions.isIntegralNumber() || dimensions.asLong() < 1)) {
      throw invalid("'dimensions' must be a positive integer.", "dimensions");
    }
    encodingFormat(openAiRequest);
    ObjectNode body = Json.object();
    body.put("model", context.upstreamModel());
    body.set("texts", texts(openAiRequest.get("input")));
    body.put("input_type", inputType);
    body.putArray("embedding_types").add("float");
    if (!absent(dimensions)) {
      body.set("output_dimension", dimensions.deepCopy());
    }
    return new UpstreamRequest(CohereWire.EMBED_PATH, body);
  }

  /**
   * {@inheritDoc}
   *
   * <p>With {@code encoding_format: base64}, each vector is encoded as OpenAI does: the little-endian IEEE 754
   * float32 values, base64-encoded.
   *
   * @throws AiException (502) when the response has no float embeddings
   */
  @Override
  public ObjectNode fromUpstream(JsonNode providerResponse, ObjectNode openAiRequest, TranslationContext context) {
    JsonNode embeddings = providerResponse.path("embeddings");
    // The v2 response is "embeddings_by_type"; v1's bare array of float vectors is accepted as the same thing.
    JsonNode vectors = embeddings.isArray() ? embeddings : embeddings.path("float");
    if (!vectors.isArray()) {
      throw AiException.upstream("Cohere returned an embeddings response without 'embeddings.float'.", null);
    }
    boolean base64 = "base64".equals(encodingFormat(openAiRequest));
    ObjectNode result = Json.object();
    result.put("object", "list");
    ArrayNode data = result.putArray("data");
    for (int i = 0; i < vectors.size(); i++) {
      JsonNode values = vectors.get(i);
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
    long tokens = usageOf(providerResponse).promptTokens();
    ObjectNode usage = result.putObject("usage");
    usage.put("prompt_tokens", tokens);
    usage.put("total_tokens", tokens);
    return result;
  }

  @Override
  public TokenUsage usageOf(JsonNode providerResponse) {
    JsonNode meta = providerResponse.path("meta");
    long input = CohereWire.count(meta.path("billed_units"), "input_tokens",
        CohereWire.count(meta.path("tokens"), "input_tokens", 0));
    return TokenUsage.of(input, 0);
  }

  /** The texts to embed, in order. */
  private static ArrayNode texts(@Nullable JsonNode input) {
    if (absent(input)) {
      throw invalid("'input' is required.", "input");
    }
    ArrayNode texts = Json.array();
    if (input.isString()) {
      return texts.add(input.asString());
    }
    if (!input.isArray() || input.isEmpty()) {
      throw invalid("'input' must be a string or a non-empty array of strings.", "input");
    }
    for (JsonNode item : input) {
      if (!item.isString()) {
        // Integers (one token array) or arrays (several): OpenAI token ids mean nothing to Cohere's tokenizer.
        throw invalid("Cohere embeddings accept text input only, not token ids.", "input");
      }
      texts.add(item.asString());
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
