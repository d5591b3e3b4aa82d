package io.switchboard.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Anthropic and Gemini clients reaching a provider of their own dialect: the byte-for-byte fast path. */
final class NativeDialectIT extends GatewayIT {

  @Test
  void anthropicClientToAnthropicKeepsEveryByteButTheModel() throws Exception {
    upstream.on("/v1/messages", FakeUpstream.json(200, AnthropicRouteIT.MESSAGE,
        java.util.Map.of("request-id", "req_011CTest")));
    String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,\"system\":[{\"type\":\"text\",\"text\":\"S\","
        + "\"cache_control\":{\"type\":\"ephemeral\"}}],\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":"
        + "\"thinking\",\"thinking\":\"hm\",\"signature\":\"EqQBCgIYAhIM\"}]}],\"future_field\":[1.50]}";
    HttpResponse<String> response = post("/v1/messages", body, "x-api-key", CLIENT_KEY,
        "anthropic-version", "2023-06-01", "anthropic-beta", "prompt-caching-2024-07-31", "x-test-call", "n1");
    assertThat(response.statusCode()).isEqualTo(200);
    // claude-sonnet-4-5: (12 x $3 + 4 cached x $0.30 + 3 x $15) per million tokens, spliced into the usage.
    assertThat(response.body()).isEqualTo(AnthropicRouteIT.MESSAGE.replace("\"cache_read_input_tokens\":4}",
        "\"cache_read_input_tokens\":4,\"cost\":0.0000822}"));
    assertThat(response.headers().firstValue("request-id")).hasValue("req_011CTest");
    assertThat(response.headers().firstValue("x-switchboard-upstream-request-id")).hasValue("req_011CTest");
    FakeUpstream.Recorded sent = upstream.lastRequest();
    assertThat(sent.body()).isEqualTo(body);
    assertThat(sent.headers()).containsEntry("x-api-key", "sk-ant-upstream-secret")
        .containsEntry("anthropic-beta", "prompt-caching-2024-07-31");
    assertThat(call("n1").usage().promptTokens()).isEqualTo(16);
  }

  @Test
  void anthropicStreamIsRelayedAsItCame() throws Exception {
    List<String> events = AnthropicRouteIT.streamEvents("He", "llo");
    upstream.on("/v1/messages", FakeUpstream.sse(events, Duration.ofMillis(20)));
    HttpResponse<String> response = post("/v1/messages",
        "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,\"stream\":true,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"hi\"}]}", "x-api-key", CLIENT_KEY, "x-test-call", "n2");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("text/event-stream"));
    // Byte for byte but for the whole stream's cost in message_delta: (10 x $3 + 7 x $15) per million tokens.
    assertThat(response.body()).isEqualTo(String.join("", events).replace("{\"output_tokens\":7}",
        "{\"output_tokens\":7,\"cost\":0.000135}"));
    assertThat(call("n2").usage().completionTokens()).isEqualTo(7);
  }

  @Test
  void anthropicStreamCutShortEndsWithAnAnthropicErrorEvent() throws Exception {
    upstream.on("/v1/messages", FakeUpstream.sseThenReset(AnthropicRouteIT.streamEvents("x").subList(0, 3)));
    HttpResponse<String> response = post("/v1/messages",
        "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,\"stream\":true,\"messages\":[]}", "x-api-key",
        CLIENT_KEY);
    assertThat(response.body()).endsWith("\n\n").contains("event: error\ndata: {\"type\":\"error\"")
        .doesNotContain("message_stop");
  }

  @Test
  void errorsComeInTheClientsDialect() throws Exception {
    HttpResponse<String> anthropic = post("/v1/messages",
        "{\"model\":\"no-such-model\",\"max_tokens\":1,\"messages\":[]}", "x-api-key", CLIENT_KEY);
    assertThat(anthropic.statusCode()).isEqualTo(404);
    JsonNode a = Json.MAPPER.readTree(anthropic.body());
    assertThat(a.path("type").asString()).isEqualTo("error");
    assertThat(a.path("error").path("type").asString()).isEqualTo("not_found_error");

    HttpResponse<String> unauthorized = post("/v1/messages", "{\"model\":\"claude-x\",\"messages\":[]}",
        "x-api-key", "wrong");
    assertThat(Json.MAPPER.readTree(unauthorized.body()).path("error").path("type").asString())
        .isEqualTo("authentication_error");

    HttpResponse<String> gemini = post("/v1beta/models/no-such-model:generateContent?key=" + CLIENT_KEY,
        "{\"contents\":[]}", "x-unrelated", "1");
    assertThat(gemini.statusCode()).isEqualTo(404);
    JsonNode g = Json.MAPPER.readTree(gemini.body()).path("error");
    assertThat(g.path("code").asInt()).isEqualTo(404);
    assertThat(g.path("status").asString()).isEqualTo("NOT_FOUND");
  }

  @Test
  void geminiClientToGeminiUsesTheModelFromThePath() throws Exception {
    String answer = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hi\","
        + "\"thoughtSignature\":\"c2ln\"}]},\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":4,"
        + "\"candidatesTokenCount\":1,\"totalTokenCount\":5}}";
    upstream.on("/v1beta/models/gemini-2.5-flash:generateContent", FakeUpstream.json(200, answer));
    String body = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}],\"unknownField\":true}";
    HttpResponse<String> response = post("/v1beta/models/gemini-2.5-flash:generateContent", body,
        "x-goog-api-key", CLIENT_KEY, "x-test-call", "n3");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(answer);
    FakeUpstream.Recorded sent = upstream.lastRequest();
    assertThat(sent.body()).isEqualTo(body);
    assertThat(sent.headers()).containsEntry("x-goog-api-key", "AIza-upstream-gemini-secret");
    assertThat(sent.path()).doesNotContain("key=");
    assertThat(call("n3").usage().totalTokens()).isEqualTo(5);
  }

  @Test
  void geminiStreamIsRelayedAsItCame() throws Exception {
    List<String> events = List.of(
        sseData("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"A\"}]}}]}"),
        sseData("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"B\"}]},"
            + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":1,\"candidatesTokenCount\":2}}"));
    upstream.on("/v1beta/models/gemini-2.5-flash:streamGenerateContent", FakeUpstream.sse(events, Duration.ZERO));
    HttpResponse<String> response = post("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]}", "x-goog-api-key", CLIENT_KEY);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(String.join("", events));
    assertThat(upstream.lastRequest().path())
        .isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
  }
}
