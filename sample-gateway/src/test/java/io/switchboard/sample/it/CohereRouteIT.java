package io.switchboard.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** OpenAI and Anthropic clients to Cohere v2, through the Cohere translators. */
final class CohereRouteIT extends GatewayIT {

  private static final Path FIXTURES = Path.of("..", "ai-filters", "src", "test", "resources", "providers", "cohere");

  @Test
  void plainChat() throws Exception {
    upstream.on("/v2/chat",
        FakeUpstream.json(200, Files.readString(FIXTURES.resolve("response-text.cohere-response.json"))));
    HttpResponse<String> response = post("/v1/chat/completions",
        "{\"model\":\"command-a-03-2025\",\"top_p\":1,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = Json.MAPPER.readTree(response.body());
    assertThat(body.path("choices").path(0).path("message").path("content").asString()).isNotBlank();
    FakeUpstream.Recorded sent = upstream.lastRequest();
    assertThat(sent.headers()).containsEntry("authorization", "Bearer cohere-upstream-secret");
    JsonNode request = Json.MAPPER.readTree(sent.body());
    assertThat(request.path("model").asString()).isEqualTo("command-a-03-2025");
    assertThat(request.path("p").asDouble()).isEqualTo(0.99);
  }

  @Test
  void streamReachesAnAnthropicClientAsAnthropicEvents() throws Exception {
    List<String> events = new ArrayList<>();
    for (String event : Files.readString(FIXTURES.resolve("stream-text.cohere.sse")).split("\n\n")) {
      if (!event.isBlank()) {
        events.add(event.strip() + "\n\n");
      }
    }
    upstream.on("/v2/chat", FakeUpstream.sse(events, Duration.ZERO));
    HttpResponse<String> response = post("/v1/messages",
        "{\"model\":\"command-a-03-2025\",\"max_tokens\":50,\"stream\":true,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"Hi\"}]}", "x-api-key", CLIENT_KEY);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("event: message_start").contains("Hel").contains("lo")
        .contains("event: message_stop");
  }

  @Test
  void embeddings() throws Exception {
    upstream.on("/v2/embed",
        FakeUpstream.json(200, Files.readString(FIXTURES.resolve("embeddings.cohere-response.json"))));
    HttpResponse<String> response = post("/v1/embeddings", "{\"model\":\"embed-v4.0\",\"input\":[\"a\",\"b\"]}");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Json.MAPPER.readTree(response.body()).path("data").path(0).path("embedding").isArray()).isTrue();
    assertThat(Json.MAPPER.readTree(upstream.lastRequest().body()).path("texts")).hasSize(2);
  }
}
