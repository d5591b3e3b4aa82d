package io.switchboard.ai.provider.cohere;

import static io.switchboard.ai.provider.cohere.CohereFixtures.json;
import static io.switchboard.ai.provider.cohere.CohereFixtures.normalized;
import static io.switchboard.ai.provider.cohere.CohereFixtures.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.provider.spi.TranslationContext;
import io.switchboard.ai.provider.spi.UpstreamRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

final class CohereEmbeddingsTranslatorTest {

  private static final TranslationContext CONTEXT =
      new TranslationContext("embed-v4.0", "cohere-embed", false, false, "emb-1", 1_700_000_000L, 0);

  private final CohereEmbeddingsTranslator translator = new CohereEmbeddingsTranslator();

  @Test
  void sendsTextsAsSearchDocumentsAskingForFloats() {
    ObjectNode request = object("embeddings.openai-request.json");
    ObjectNode original = request.deepCopy();

    UpstreamRequest upstream = translator.toUpstream(request, CONTEXT);

    assertThat(upstream.path()).isEqualTo("/v2/embed");
    assertThat(normalized(upstream.body())).isEqualTo(object("embeddings.cohere-request.json"));
    assertThat(request).isEqualTo(original);
  }

  @Test
  void embedsASingleStringWithoutDimensions() {
    JsonNode body = translator.toUpstream(json("{\"input\": \"just one\"}"), CONTEXT).body();

    assertThat(body).isEqualTo(Json.MAPPER.readTree("""
        {"model": "embed-v4.0", "texts": ["just one"], "input_type": "search_document",
         "embedding_types": ["float"]}"""));
  }

  @Test
  void sendsTheConfiguredInputType() {
    JsonNode body = new CohereEmbeddingsTranslator("search_query").toUpstream(json("{\"input\": \"q\"}"), CONTEXT)
        .body();

    assertThat(body.path("input_type").asString()).isEqualTo("search_query");
  }

  @Test
  void refusesAnUnknownInputType() {
    assertThatThrownBy(() -> new CohereEmbeddingsTranslator("image"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("search_document");
  }

  @Test
  void answersFloatVectors() {
    ObjectNode result = translator.fromUpstream(object("embeddings.cohere-response.json"),
        object("embeddings.openai-request.json"), CONTEXT);

    assertThat(normalized(result)).isEqualTo(object("embeddings.openai-response.json"));
    assertThat(translator.usageOf(object("embeddings.cohere-response.json"))).isEqualTo(TokenUsage.of(7, 0));
  }

  @Test
  void answersLittleEndianFloat32Base64WhenAskedFor() {
    ObjectNode request = object("embeddings.openai-request.json");
    request.put("encoding_format", "base64");

    ObjectNode result = translator.fromUpstream(object("embeddings.cohere-response.json"), request, CONTEXT);

    assertThat(normalized(result)).isEqualTo(object("embeddings-base64.openai-response.json"));
    assertThat(decode(result.at("/data/0/embedding").asString())).containsExactly(0.25f, -0.5f, 0.125f);
    assertThat(decode(result.at("/data/1/embedding").asString())).containsExactly(1.0f, 0.0f, -0.0078125f);
  }

  @Test
  void acceptsTheLegacyBareArrayOfVectors() {
    ObjectNode result = translator.fromUpstream(json("""
        {"embeddings": [[0.5, 0.25]], "meta": {"billed_units": {"input_tokens": 2}}}"""),
        json("{\"input\": \"x\"}"), CONTEXT);

    assertThat(result.at("/data/0/embedding")).isEqualTo(Json.MAPPER.readTree("[0.5, 0.25]"));
    assertThat(result.at("/usage/prompt_tokens").asLong()).isEqualTo(2);
  }

  @Test
  void rejectsAResponseWithoutFloatEmbeddings() {
    assertThatThrownBy(() -> translator.fromUpstream(json("{\"embeddings\": {\"int8\": [[1]]}}"),
        json("{\"input\": \"x\"}"), CONTEXT))
        .isInstanceOfSatisfying(AiException.class, e -> assertThat(e.status()).isEqualTo(502));
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1, 2, 3]", "[[1, 2], [3]]", "[]", "[\"text\", 5]", "42", "null"})
  void rejectsInputThatIsNotText(String input) {
    ObjectNode request = Json.object();
    request.set("input", Json.MAPPER.readTree(input));

    assertInvalid(request, "input");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "1.5", "\"256\""})
  void rejectsInvalidDimensions(String dimensions) {
    ObjectNode request = json("{\"input\": \"x\"}");
    request.set("dimensions", Json.MAPPER.readTree(dimensions));

    assertInvalid(request, "dimensions");
  }

  @Test
  void rejectsAnUnknownEncodingFormat() {
    ObjectNode request = object("embeddings.openai-request.json");
    request.put("encoding_format", "int8");

    assertInvalid(request, "encoding_format");
  }

  private void assertInvalid(ObjectNode request, String param) {
    assertThatThrownBy(() -> translator.toUpstream(request, CONTEXT))
        .isInstanceOfSatisfying(AiException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.param()).isEqualTo(param);
        });
  }

  private static float[] decode(String base64) {
    ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[bytes.remaining() / Float.BYTES];
    for (int i = 0; i < values.length; i++) {
      values[i] = bytes.getFloat();
    }
    return values;
  }
}
