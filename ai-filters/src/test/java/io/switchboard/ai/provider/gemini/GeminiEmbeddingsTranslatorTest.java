package io.switchboard.ai.provider.gemini;

import static io.switchboard.ai.provider.gemini.GeminiFixtures.normalized;
import static io.switchboard.ai.provider.gemini.GeminiFixtures.object;
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

final class GeminiEmbeddingsTranslatorTest {

  private static final TranslationContext CONTEXT =
      new TranslationContext("models/gemini-embedding-001", "embed", false, false, "emb-1", 1_700_000_000L, 0);

  private final GeminiEmbeddingsTranslator translator = new GeminiEmbeddingsTranslator();

  @Test
  void batchesEveryInputWithItsModelAndDimensions() {
    UpstreamRequest upstream = translator.toUpstream(object("embeddings.openai-request.json"), CONTEXT);

    assertThat(upstream.path()).isEqualTo("/v1beta/models/gemini-embedding-001:batchEmbedContents");
    assertThat(normalized(upstream.body())).isEqualTo(object("embeddings.gemini-request.json"));
  }

  @Test
  void embedsASingleString() {
    ObjectNode request = (ObjectNode) Json.MAPPER.readTree("{\"input\": \"just one\"}");

    JsonNode body = translator.toUpstream(request, CONTEXT).body();

    assertThat(body).isEqualTo(Json.MAPPER.readTree("""
        {"requests": [{"model": "models/gemini-embedding-001", "content": {"parts": [{"text": "just one"}]}}]}"""));
  }

  @Test
  void answersFloatVectorsByDefault() {
    ObjectNode completion = translator.fromUpstream(object("embeddings.gemini-response.json"),
        object("embeddings.openai-request.json"), CONTEXT);

    assertThat(normalized(completion)).isEqualTo(object("embeddings.openai-response.json"));
    assertThat(translator.usageOf(object("embeddings.gemini-response.json"))).isEqualTo(TokenUsage.NONE);
  }

  @Test
  void answersLittleEndianFloat32Base64WhenAskedFor() {
    ObjectNode request = object("embeddings.openai-request.json");
    request.put("encoding_format", "base64");

    ObjectNode result = translator.fromUpstream(object("embeddings.gemini-response.json"), request, CONTEXT);

    assertThat(decode(result.at("/data/0/embedding").asString())).containsExactly(0.25f, -0.5f, 0.125f);
    assertThat(decode(result.at("/data/1/embedding").asString())).containsExactly(1.0f, 0.0f, -0.0078125f);
    assertThat(result.at("/data/1/index").asInt()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1, 2, 3]", "[[1, 2], [3]]", "[]", "[\"text\", 5]", "42"})
  void rejectsInputThatIsNotText(String input) {
    ObjectNode request = Json.object();
    request.set("input", Json.MAPPER.readTree(input));

    assertThatThrownBy(() -> translator.toUpstream(request, CONTEXT))
        .isInstanceOfSatisfying(AiException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.param()).isEqualTo("input");
        });
  }

  @Test
  void rejectsAnUnknownEncodingFormat() {
    ObjectNode request = object("embeddings.openai-request.json");
    request.put("encoding_format", "int8");

    assertThatThrownBy(() -> translator.toUpstream(request, CONTEXT))
        .isInstanceOfSatisfying(AiException.class, e -> assertThat(e.param()).isEqualTo("encoding_format"));
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
