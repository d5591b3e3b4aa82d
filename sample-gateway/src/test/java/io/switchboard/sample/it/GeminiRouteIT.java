package io.switchboard.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** OpenAI client to Gemini generateContent and batchEmbedContents. */
final class GeminiRouteIT extends GatewayIT {

  @Test
  void plainChatIsTranslated() throws Exception {
    upstream.on("/v1beta/models/gemini-2.5-flash:generateContent", FakeUpstream.json(200, """
        {"candidates":[{"content":{"role":"model","parts":[{"text":"Hallo!"}]},"finishReason":"STOP","index":0}],
         "usageMetadata":{"promptTokenCount":6,"candidatesTokenCount":2,"totalTokenCount":8},
         "modelVersion":"gemini-2.5-flash"}"""));
    HttpResponse<String> response = post("/v1/chat/completions", """
        {"model":"gemini-2.5-flash","max_tokens":50,"messages":[{"role":"system","content":"German only"},
         {"role":"user","content":"Hello"}]}""");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = Json.MAPPER.readTree(response.body());
    assertThat(body.path("choices").path(0).path("message").path("content").asString()).isEqualTo("Hallo!");
    assertThat(body.path("usage").path("total_tokens").asInt()).isEqualTo(8);
    FakeUpstream.Recorded sent = upstream.lastRequest();
    assertThat(sent.headers()).containsEntry("x-goog-api-key", "AIza-upstream-gemini-secret");
    JsonNode request = Json.MAPPER.readTree(sent.body());
    assertThat(request.path("systemInstruction").path("parts").path(0).path("text").asString())
        .isEqualTo("German only");
    assertThat(request.path("generationConfig").path("maxOutputTokens").asInt()).isEqualTo(50);
  }

  @Test
  void streamUsesServerSentEventsAndIsTranslated() throws Exception {
    upstream.on("/v1beta/models/gemini-2.5-flash:streamGenerateContent", FakeUpstream.sse(List.of(
        sseData("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hal\"}]},\"index\":0}]}"),
        sseData("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"lo\"}]},"
            + "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":3,"
            + "\"candidatesTokenCount\":2,\"totalTokenCount\":5}}")), Duration.ofMillis(50)));
    List<TimedLine> lines = stream("/v1/chat/completions",
        "{\"model\":\"gemini-2.5-flash\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(upstream.lastRequest().path())
        .isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    StringBuilder text = new StringBuilder();
    for (TimedLine line : lines.subList(0, lines.size() - 1)) {
      text.append(Json.MAPPER.readTree(line.data()).path("choices").path(0).path("delta").path("content")
          .asString(""));
    }
    assertThat(text).hasToString("Hallo");
    assertThat(lines).last().extracting(TimedLine::data).isEqualTo("[DONE]");
  }

  @Test
  void embeddingsComeBackInTheEncodingTheClientAskedFor() throws Exception {
    upstream.on("/v1beta/models/gemini-embedding-001:batchEmbedContents", FakeUpstream.json(200,
        "{\"embeddings\":[{\"values\":[0.5,-1.0]},{\"values\":[0.25,2.0]}]}"));
    HttpResponse<String> response = post("/v1/embeddings",
        "{\"model\":\"gemini-embedding-001\",\"input\":[\"a\",\"b\"],\"encoding_format\":\"base64\"}");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode data = Json.MAPPER.readTree(response.body()).path("data");
    assertThat(data).hasSize(2);
    ByteBuffer floats = ByteBuffer.wrap(Base64.getDecoder().decode(data.path(1).path("embedding").asString()))
        .order(ByteOrder.LITTLE_ENDIAN);
    assertThat(floats.getFloat()).isEqualTo(0.25f);
    assertThat(floats.getFloat()).isEqualTo(2.0f);
    assertThat(Json.MAPPER.readTree(upstream.lastRequest().body()).path("requests")).hasSize(2);
  }

  @Test
  void anthropicHasNoEmbeddings() throws Exception {
    HttpResponse<String> response = post("/v1/embeddings", "{\"model\":\"claude-sonnet-4-5\",\"input\":\"x\"}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Json.MAPPER.readTree(response.body()).path("error").path("code").asString())
        .isEqualTo("unsupported_operation");
  }
}
