package io.switchboard.ai.provider.gemini;

import static io.switchboard.ai.provider.gemini.GeminiFixtures.normalized;
import static io.switchboard.ai.provider.gemini.GeminiFixtures.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

final class GeminiInboundEmbeddingsTest {

  private static final String MODEL = "gemini-embedding-001";

  private final GeminiInboundEmbeddings embeddings = new GeminiInboundEmbeddings();

  @Test
  void translatesABatchRequestAsInTheGoldenFixture() {
    ObjectNode canonical = embeddings.toCanonical(object("inbound/embeddings-batch.gemini-request.json"), MODEL);

    assertThat(normalized(canonical)).isEqualTo(object("inbound/embeddings-batch.openai-request.json"));
  }

  @Test
  void translatesASingleRequestAsInTheGoldenFixture() {
    ObjectNode canonical = embeddings.toCanonicalSingle(object("inbound/embed-single.gemini-request.json"), MODEL);

    assertThat(normalized(canonical)).isEqualTo(object("inbound/embed-single.openai-request.json"));
  }

  @Test
  void answersABatchInTheOrderOfTheCanonicalIndexes() {
    ObjectNode response = embeddings.fromCanonical(object("inbound/embeddings-batch.openai-response.json"));

    assertThat(normalized(response)).isEqualTo(object("inbound/embeddings-batch.gemini-response.json"));
  }

  @Test
  void answersASingleRequestWithOneEmbedding() {
    ObjectNode response = embeddings.fromCanonicalSingle(object("inbound/embed-single.openai-response.json"));

    assertThat(normalized(response)).isEqualTo(object("inbound/embed-single.gemini-response.json"));
  }

  @Test
  void leavesDimensionsUnsetWhenNoRequestAsksForThem() {
    ObjectNode canonical = embeddings.toCanonical(batch(
        "{\"content\": {\"parts\": [{\"text\": \"a\"}]}}, {\"content\": {\"parts\": [{\"text\": \"b\"}]}}"), MODEL);

    assertThat(canonical.has("dimensions")).isFalse();
    assertThat(canonical.path("encoding_format").asString()).isEqualTo("float");
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalidBatches")
  void rejectsInvalidBatchesNamingTheField(String body, String param) {
    assertThatThrownBy(() -> embeddings.toCanonical((ObjectNode) Json.MAPPER.readTree(body), MODEL))
        .isInstanceOfSatisfying(AiException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.param()).isEqualTo(param);
        });
  }

  static Stream<Arguments> invalidBatches() {
    String text = "\"content\": {\"parts\": [{\"text\": \"a\"}]}";
    return Stream.of(
        Arguments.of("{\"requests\": []}", "requests"),
        Arguments.of("{\"requests\": [{\"content\": {\"parts\": []}}]}", "requests[0].content"),
        Arguments.of("{\"requests\": [{\"content\": {\"parts\": [{\"inlineData\": {}}]}}]}",
            "requests[0].content.parts[0]"),
        Arguments.of("{\"requests\": [{\"model\": \"models/text-embedding-004\", " + text + "}]}",
            "requests[0].model"),
        Arguments.of("{\"requests\": [{" + text + ", \"outputDimensionality\": 0}]}",
            "requests[0].outputDimensionality"),
        Arguments.of("{\"requests\": [{" + text + ", \"outputDimensionality\": 256}, {" + text + "}]}",
            "requests[1].outputDimensionality"));
  }

  @Test
  void acceptsTheRequestModelWithOrWithoutThePrefix() {
    ObjectNode canonical = embeddings.toCanonical(batch(
        "{\"model\": \"gemini-embedding-001\", \"content\": {\"parts\": [{\"text\": \"a\"}]}}"), MODEL);

    assertThat(canonical.path("input").size()).isEqualTo(1);
  }

  @Test
  void rejectsASingleRequestWithoutText() {
    assertThatThrownBy(() -> embeddings.toCanonicalSingle(
        (ObjectNode) Json.MAPPER.readTree("{\"content\": {}}"), MODEL))
        .isInstanceOfSatisfying(AiException.class, e -> assertThat(e.param()).isEqualTo("content"));
  }

  @Test
  void rejectsCanonicalResponsesThatAreNotFloatVectors() {
    ObjectNode base64 = (ObjectNode) Json.MAPPER.readTree(
        "{\"data\": [{\"object\": \"embedding\", \"index\": 0, \"embedding\": \"AACAPw==\"}]}");
    ObjectNode empty = (ObjectNode) Json.MAPPER.readTree("{\"data\": []}");

    assertThatThrownBy(() -> embeddings.fromCanonical(base64))
        .isInstanceOfSatisfying(AiException.class, e -> assertThat(e.status()).isEqualTo(502));
    assertThatThrownBy(() -> embeddings.fromCanonical((ObjectNode) Json.MAPPER.readTree("{}")))
        .isInstanceOfSatisfying(AiException.class, e -> assertThat(e.status()).isEqualTo(502));
    assertThatThrownBy(() -> embeddings.fromCanonicalSingle(empty))
        .isInstanceOfSatisfying(AiException.class, e -> assertThat(e.status()).isEqualTo(502));
  }

  private static ObjectNode batch(String requests) {
    return (ObjectNode) Json.MAPPER.readTree("{\"requests\": [" + requests + "]}");
  }
}
