package io.switchboard.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Ollama's native API ({@code /api/chat}): JSON answers and newline-delimited JSON streams. */
final class OllamaNativeIT extends GatewayIT {

  private static final Path FIXTURES = Path.of("..", "ai-filters", "src", "test", "resources", "providers", "ollama");

  @Test
  void plainChat() throws Exception {
    upstream.on("/api/chat",
        FakeUpstream.json(200, Files.readString(FIXTURES.resolve("response-text.ollama-response.json"))));
    HttpResponse<String> response = post("/v1/chat/completions",
        "{\"model\":\"ollama/llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = Json.MAPPER.readTree(response.body());
    assertThat(body.path("choices").path(0).path("message").path("content").asString()).isNotBlank();
    JsonNode sent = Json.MAPPER.readTree(upstream.lastRequest().body());
    assertThat(sent.path("model").asString()).isEqualTo("llama3.2");
    assertThat(sent.path("stream").asBoolean(true)).isFalse();
  }

  @Test
  void ndjsonStreamBecomesChunks() throws Exception {
    byte[] ndjson = Files.readAllBytes(FIXTURES.resolve("stream-text.ollama.ndjson"));
    upstream.on("/api/chat", FakeUpstream.bytes(200, "application/x-ndjson", ndjson));
    List<TimedLine> lines = stream("/v1/chat/completions",
        "{\"model\":\"ollama/llama3.2\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    StringBuilder text = new StringBuilder();
    for (TimedLine line : lines.subList(0, lines.size() - 1)) {
      text.append(Json.MAPPER.readTree(line.data()).path("choices").path(0).path("delta").path("content")
          .asString(""));
    }
    StringBuilder expected = new StringBuilder();
    for (String line : new String(ndjson, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        expected.append(Json.MAPPER.readTree(line).path("message").path("content").asString(""));
      }
    }
    assertThat(text.toString()).isEqualTo(expected.toString()).isNotEmpty();
    assertThat(lines).last().extracting(TimedLine::data).isEqualTo("[DONE]");
  }
}
