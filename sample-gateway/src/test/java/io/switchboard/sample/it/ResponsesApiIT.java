package io.switchboard.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Clients of OpenAI's Responses API, served statelessly from any provider. */
final class ResponsesApiIT extends GatewayIT {

  @Test
  void plainResponseFromAnOpenAiDialectProvider() throws Exception {
    upstream.on("/v1/chat/completions", FakeUpstream.json(200, OpenAiRouteIT.COMPLETION));
    HttpResponse<String> response = post("/v1/responses",
        "{\"model\":\"gpt-4o\",\"instructions\":\"Be brief.\",\"input\":\"Hi\",\"max_output_tokens\":20}");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = Json.MAPPER.readTree(response.body());
    assertThat(body.path("object").asString()).isEqualTo("response");
    assertThat(body.path("id").asString()).startsWith("resp_");
    assertThat(body.path("status").asString()).isEqualTo("completed");
    assertThat(body.path("output").path(0).path("content").path(0).path("text").asString()).isEqualTo("Hi!");
    assertThat(body.path("usage").path("total_tokens").asInt()).isEqualTo(11);
    JsonNode sent = Json.MAPPER.readTree(upstream.lastRequest().body());
    assertThat(sent.path("messages").path(0).path("content").asString()).isEqualTo("Be brief.");
    assertThat(sent.path("max_tokens").asInt()).isEqualTo(20);
  }

  @Test
  void streamedFromAnthropicAsSemanticEvents() throws Exception {
    upstream.on("/v1/messages", FakeUpstream.sse(AnthropicRouteIT.streamEvents("Bon", "jour"), Duration.ZERO));
    HttpResponse<String> response = post("/v1/responses",
        "{\"model\":\"claude-sonnet-4-5\",\"stream\":true,\"input\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    assertThat(response.statusCode()).isEqualTo(200);
    List<String> types = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (String block : response.body().split("\n\n")) {
      String[] lines = block.split("\n");
      JsonNode data = Json.MAPPER.readTree(lines[1].substring("data: ".length()));
      types.add(data.path("type").asString());
      assertThat(lines[0]).isEqualTo("event: " + data.path("type").asString());
      if (data.path("type").asString().equals("response.output_text.delta")) {
        text.append(data.path("delta").asString());
      }
    }
    assertThat(types).startsWith("response.created", "response.in_progress").endsWith("response.completed");
    assertThat(text).hasToString("Bonjour");
    assertThat(response.body()).doesNotContain("[DONE]");
  }

  @Test
  void storageIsRefusedClearly() throws Exception {
    HttpResponse<String> response = post("/v1/responses",
        "{\"model\":\"gpt-4o\",\"input\":\"Hi\",\"previous_response_id\":\"resp_123\"}");
    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = Json.MAPPER.readTree(response.body()).path("error");
    assertThat(error.path("param").asString()).isEqualTo("previous_response_id");
    assertThat(upstream.requests()).isEmpty();
  }
}
