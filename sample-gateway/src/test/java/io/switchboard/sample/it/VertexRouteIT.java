package io.switchboard.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Google Vertex AI: Gemini models at {@code :generateContent}, Claude models at {@code :rawPredict}, both with a
 * Google access token the gateway exchanged for a signed assertion at the (fake) token endpoint, cached and renewed.
 */
final class VertexRouteIT extends GatewayIT {

  private static final Path FIXTURES = Path.of("..", "ai-filters", "src", "test", "resources", "providers");
  private static final String GEMINI = "gemini-2.5-flash";
  private static final String CLAUDE = "claude-sonnet-4-5@20250929";
  private static final String GEMINI_ANSWER = """
      {"candidates":[{"content":{"role":"model","parts":[{"text":"Hallo!"}]},"finishReason":"STOP","index":0}],
       "usageMetadata":{"promptTokenCount":6,"candidatesTokenCount":2,"totalTokenCount":8},
       "modelVersion":"gemini-2.5-flash","createTime":"2026-01-02T03:04:05Z","responseId":"vtx-1"}""";
  private static final String HI = "[{\"role\":\"user\",\"content\":\"Hi\"}]";

  @BeforeEach
  void freshTokens() {
    // Whatever token an earlier test left in a cache has expired: each test sees its own token requests.
    TestClock.advance(Duration.ofHours(2));
    upstream.on("/token", FakeGoogle.tokens("ya29.route-", 3599));
  }

  private static void onModel(String publisher, String model, String method, FakeUpstream.Answer answer) {
    String path = FakeGoogle.modelPath(publisher, model, method);
    upstream.on(path, answer);
    upstream.on(path.replace("@", "%40"), answer); // in case '@' arrives percent-encoded
  }

  private static List<FakeUpstream.Recorded> modelCalls() {
    return upstream.requests().stream().filter(r -> r.path().contains("/publishers/")).toList();
  }

  private static List<FakeUpstream.Recorded> calls(String path) {
    return upstream.requests().stream().filter(r -> r.path().equals(path)).toList();
  }

  private static JsonNode json(String text) {
    return Json.MAPPER.readTree(text);
  }

  @Test
  void geminiModelGetsTheGeminiBodyAndABearerToken() throws Exception {
    onModel("google", GEMINI, "generateContent", FakeUpstream.json(200, GEMINI_ANSWER));

    HttpResponse<String> response = post("/v1/chat/completions", "{\"model\":\"vertex/" + GEMINI
        + "\",\"max_tokens\":50,\"messages\":[{\"role\":\"system\",\"content\":\"German only\"},"
        + "{\"role\":\"user\",\"content\":\"Hello\"}]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = json(response.body());
    assertThat(body.path("choices").path(0).path("message").path("content").asString()).isEqualTo("Hallo!");
    assertThat(body.path("usage").path("total_tokens").asInt()).isEqualTo(8);
    assertThat(response.headers().firstValue("x-switchboard-cost-usd")).as("priced as vertex/" + GEMINI).isPresent();
    FakeUpstream.Recorded sent = modelCalls().get(0);
    assertThat(sent.path()).isEqualTo(FakeGoogle.modelPath("google", GEMINI, "generateContent"));
    assertThat(sent.headers()).containsEntry("authorization", "Bearer ya29.route-1")
        .containsEntry("content-type", "application/json").doesNotContainKey("x-goog-api-key");
    JsonNode request = json(sent.body());
    assertThat(request.path("systemInstruction").path("parts").path(0).path("text").asString())
        .isEqualTo("German only");
    assertThat(request.path("generationConfig").path("maxOutputTokens").asInt()).isEqualTo(50);
    assertThat(request.has("model")).isFalse();
  }

  @Test
  void geminiStreamIsServerSentEvents() throws Exception {
    onModel("google", GEMINI, "streamGenerateContent", FakeUpstream.sse(List.of(
        sseData("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hal\"}]},\"index\":0}]}"),
        sseData("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"lo\"}]},"
            + "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":3,"
            + "\"candidatesTokenCount\":2,\"totalTokenCount\":5}}")), Duration.ofMillis(20)));

    List<TimedLine> lines = stream("/v1/chat/completions",
        "{\"model\":\"vertex/" + GEMINI + "\",\"stream\":true,\"messages\":" + HI + "}");

    assertThat(modelCalls().get(0).path())
        .isEqualTo(FakeGoogle.modelPath("google", GEMINI, "streamGenerateContent") + "?alt=sse");
    assertThat(text(lines)).isEqualTo("Hallo");
    assertThat(lines).last().extracting(TimedLine::data).isEqualTo("[DONE]");
  }

  @Test
  void geminiToolCallsAreTranslated() throws Exception {
    onModel("google", GEMINI, "generateContent", FakeUpstream.json(200,
        Files.readString(FIXTURES.resolve("gemini/response-function-calls.gemini-response.json"))));

    JsonNode choice = json(post("/v1/chat/completions", "{\"model\":\"vertex/" + GEMINI + "\",\"messages\":" + HI
        + ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":"
        + "\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}]}").body()).path("choices").path(0);

    assertThat(choice.path("finish_reason").asString()).isEqualTo("tool_calls");
    JsonNode call = choice.path("message").path("tool_calls").path(0).path("function");
    assertThat(call.path("name").asString()).isEqualTo("get_weather");
    assertThat(json(call.path("arguments").asString()).path("city").asString()).isEqualTo("Paris");
    assertThat(json(modelCalls().get(0).body()).path("tools").path(0).path("functionDeclarations").path(0)
        .path("name").asString()).isEqualTo("get_weather");
  }

  @Test
  void claudeModelGetsTheVertexMessagesBodyAtRawPredict() throws Exception {
    onModel("anthropic", CLAUDE, "rawPredict", FakeUpstream.json(200, AnthropicRouteIT.TOOL_MESSAGE));

    HttpResponse<String> response = post("/v1/chat/completions", "{\"model\":\"vertex/" + CLAUDE
        + "\",\"messages\":" + HI + ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
        + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode choice = json(response.body()).path("choices").path(0);
    assertThat(choice.path("finish_reason").asString()).isEqualTo("tool_calls");
    JsonNode call = choice.path("message").path("tool_calls").path(0).path("function");
    assertThat(call.path("name").asString()).isEqualTo("get_weather");
    assertThat(json(call.path("arguments").asString()).path("city").asString()).isEqualTo("Paris");
    FakeUpstream.Recorded sent = modelCalls().get(0);
    assertThat(sent.headers()).containsEntry("authorization", "Bearer ya29.route-1")
        .doesNotContainKey("x-api-key").doesNotContainKey("anthropic-version");
    JsonNode request = json(sent.body());
    assertThat(request.path("anthropic_version").asString()).isEqualTo("vertex-2023-10-16");
    assertThat(request.has("model")).as(sent.body()).isFalse();
    assertThat(request.path("max_tokens").asInt()).isEqualTo(4096);
    assertThat(request.path("tools").path(0).path("input_schema").path("properties").has("city")).isTrue();
  }

  @Test
  void claudeStreamComesFromStreamRawPredict() throws Exception {
    onModel("anthropic", CLAUDE, "streamRawPredict",
        FakeUpstream.sse(AnthropicRouteIT.streamEvents("Hel", "lo"), Duration.ofMillis(10)));

    List<TimedLine> lines = stream("/v1/chat/completions",
        "{\"model\":\"vertex/" + CLAUDE + "\",\"stream\":true,\"messages\":" + HI + "}");

    assertThat(text(lines)).isEqualTo("Hello");
    assertThat(lines).last().extracting(TimedLine::data).isEqualTo("[DONE]");
    JsonNode request = json(modelCalls().get(0).body());
    assertThat(request.path("stream").asBoolean()).isTrue();
    assertThat(request.path("anthropic_version").asString()).isEqualTo("vertex-2023-10-16");
    assertThat(request.has("model")).isFalse();
  }

  @Test
  void anthropicClientKeepsItsFieldsAndGetsTheAnswerByteForByte() throws Exception {
    onModel("anthropic", CLAUDE, "rawPredict", FakeUpstream.json(200, AnthropicRouteIT.MESSAGE));
    String body = "{\"model\":\"vertex/" + CLAUDE + "\",\"max_tokens\":100,\"metadata\":{\"user_id\":\"u-1\"},"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"future_field\":[1.5]}";

    HttpResponse<String> response = post("/v1/messages", body, "x-api-key", CLIENT_KEY,
        "anthropic-version", "2023-06-01", "anthropic-beta", "context-1m-2025-08-07");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    // Byte for byte but for the cost the gateway splices into the usage object.
    assertThat(response.body()).containsPattern(",\"cost\":0\\.0\\d+}");
    assertThat(response.body().replaceFirst(",\"cost\":[0-9.]+}", "}")).isEqualTo(AnthropicRouteIT.MESSAGE);
    FakeUpstream.Recorded sent = modelCalls().get(0);
    assertThat(json(sent.body())).isEqualTo(json("{\"anthropic_version\":\"vertex-2023-10-16\",\"max_tokens\":100,"
        + "\"metadata\":{\"user_id\":\"u-1\"},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
        + "\"future_field\":[1.5]}"));
    assertThat(sent.headers()).containsEntry("anthropic-beta", "context-1m-2025-08-07")
        .containsEntry("authorization", "Bearer ya29.route-1")
        .doesNotContainKey("anthropic-version").doesNotContainKey("x-api-key");
  }

  @Test
  void anthropicClientStreamIsRelayedAsItCame() throws Exception {
    List<String> events = AnthropicRouteIT.streamEvents("He", "llo");
    onModel("anthropic", CLAUDE, "streamRawPredict", FakeUpstream.sse(events, Duration.ofMillis(10)));

    HttpResponse<String> response = post("/v1/messages", "{\"model\":\"vertex/" + CLAUDE + "\",\"max_tokens\":10,"
        + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "x-api-key", CLIENT_KEY,
        "x-test-call", "vertex-anthropic-stream");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains(",\"cost\":");
    assertThat(response.body().replaceFirst(",\"cost\":[0-9.]+}", "}")).isEqualTo(String.join("", events));
    assertThat(call("vertex-anthropic-stream").usage().completionTokens()).isEqualTo(7);
  }

  @Test
  void geminiClientBodyAndAnswerPassByteForByte() throws Exception {
    onModel("google", GEMINI, "generateContent", FakeUpstream.json(200, GEMINI_ANSWER));
    String body = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}],"
        + "\"generationConfig\":{\"temperature\":0.50},\"future_field\":true}";

    HttpResponse<String> response = post("/v1beta/models/vertex%2F" + GEMINI + ":generateContent", body,
        "x-goog-api-key", CLIENT_KEY);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(GEMINI_ANSWER);
    FakeUpstream.Recorded sent = modelCalls().get(0);
    assertThat(sent.path()).isEqualTo(FakeGoogle.modelPath("google", GEMINI, "generateContent"));
    assertThat(sent.body()).isEqualTo(body);
    assertThat(sent.headers()).containsEntry("authorization", "Bearer ya29.route-1")
        .doesNotContainKey("x-goog-api-key");
  }

  @Test
  void embeddingsAreRefusedInTheClientsDialect() throws Exception {
    HttpResponse<String> openAi = post("/v1/embeddings", "{\"model\":\"vertex/text-embedding-005\",\"input\":\"hi\"}");
    HttpResponse<String> gemini = post("/v1beta/models/vertex%2Ftext-embedding-005:embedContent",
        "{\"content\":{\"parts\":[{\"text\":\"hi\"}]}}", "x-goog-api-key", CLIENT_KEY);

    assertThat(openAi.statusCode()).isEqualTo(400);
    assertThat(json(openAi.body()).path("error").path("code").asString()).isEqualTo("unsupported_operation");
    assertThat(json(openAi.body()).path("error").path("message").asString()).contains("embeddings");
    assertThat(gemini.statusCode()).isEqualTo(400);
    assertThat(json(gemini.body()).path("error").path("status").asString()).isEqualTo("INVALID_ARGUMENT");
    assertThat(json(gemini.body()).path("error").path("message").asString()).contains("embeddings");
    assertThat(upstream.requests()).isEmpty();
  }

  @Test
  void oneTokenServesManyRequestsUntilItIsAboutToExpire() throws Exception {
    upstream.on("/token-cache", FakeGoogle.tokens("ya29.cache-", 3599));
    onModel("google", GEMINI, "generateContent", FakeUpstream.json(200, GEMINI_ANSWER));
    String request = "{\"model\":\"vertex-cache/" + GEMINI + "\",\"messages\":" + HI + "}";

    // Four at once find no token: they share one exchange. Two more reuse its token.
    List<CompletableFuture<HttpResponse<String>>> concurrent = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      concurrent.add(http.sendAsync(HttpRequest.newBuilder(uri("/v1/chat/completions"))
          .header("content-type", "application/json").header("Authorization", "Bearer " + CLIENT_KEY)
          .POST(HttpRequest.BodyPublishers.ofString(request)).build(), HttpResponse.BodyHandlers.ofString()));
    }
    for (CompletableFuture<HttpResponse<String>> response : concurrent) {
      assertThat(response.get().statusCode()).isEqualTo(200);
    }
    assertThat(post("/v1/chat/completions", request).statusCode()).isEqualTo(200);
    assertThat(post("/v1/chat/completions", request).statusCode()).isEqualTo(200);

    List<FakeUpstream.Recorded> tokenCalls = calls("/token-cache");
    assertThat(tokenCalls).hasSize(1);
    assertThat(modelCalls()).hasSize(6)
        .allSatisfy(call -> assertThat(call.headers().get("authorization")).isEqualTo("Bearer ya29.cache-1"));
    JsonNode claims = FakeGoogle.verifiedClaims(tokenCalls.get(0));
    assertThat(claims.path("iss").asString()).isEqualTo(FakeGoogle.CLIENT_EMAIL);
    assertThat(claims.path("aud").asString()).isEqualTo(upstream.baseUrl() + "/token-cache");
    assertThat(claims.path("scope").asString()).isEqualTo("https://www.googleapis.com/auth/cloud-platform");
    assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(3600);

    // Less than a minute of validity left: the next request exchanges a new assertion first.
    TestClock.advance(Duration.ofSeconds(3540));
    assertThat(post("/v1/chat/completions", request).statusCode()).isEqualTo(200);

    assertThat(calls("/token-cache")).hasSize(2);
    assertThat(FakeGoogle.verifiedClaims(calls("/token-cache").get(1)).path("iat").asLong())
        .isGreaterThanOrEqualTo(claims.path("iat").asLong() + 3540);
    assertThat(modelCalls()).last().extracting(call -> call.headers().get("authorization"))
        .isEqualTo("Bearer ya29.cache-2");
  }

  @Test
  void aTokenVertexRefusesIsReplaced() throws Exception {
    upstream.on("/token-cache", FakeGoogle.tokens("ya29.revoked-", 3599));
    onModel("google", GEMINI, "generateContent", FakeUpstream.json(401, "{\"error\":{\"code\":401,\"message\":"
        + "\"Request had invalid authentication credentials.\",\"status\":\"UNAUTHENTICATED\"}}"));
    String request = "{\"model\":\"vertex-cache/" + GEMINI + "\",\"messages\":" + HI + "}";

    HttpResponse<String> refused = post("/v1/chat/completions", request);
    onModel("google", GEMINI, "generateContent", FakeUpstream.json(200, GEMINI_ANSWER));
    HttpResponse<String> accepted = post("/v1/chat/completions", request);

    assertThat(refused.statusCode()).isEqualTo(502);
    assertThat(json(refused.body()).path("error").path("code").asString()).isEqualTo("upstream_auth_failed");
    assertThat(accepted.statusCode()).isEqualTo(200);
    assertThat(calls("/token-cache")).hasSize(2);
    assertThat(modelCalls()).extracting(call -> call.headers().get("authorization"))
        .containsExactly("Bearer ya29.revoked-1", "Bearer ya29.revoked-2");
  }

  @Test
  void tokenEndpointFailuresAreCleanErrorsInTheClientsDialect() throws Exception {
    upstream.on("/token-failing", FakeUpstream.json(400, "{\"error\":\"invalid_grant\",\"error_description\":"
        + "\"Invalid JWT Signature for it0123456789 secret-detail\"}"));
    String model = "vertex-failing/" + GEMINI;

    HttpResponse<String> openAi = post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":" + HI
        + "}");
    HttpResponse<String> anthropic = post("/v1/messages", "{\"model\":\"vertex-failing/" + CLAUDE
        + "\",\"max_tokens\":5,\"messages\":" + HI + "}", "x-api-key", CLIENT_KEY);
    upstream.on("/token-failing", FakeUpstream.json(503, "<html>upstream unavailable</html>"));
    HttpResponse<String> unavailable = post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":"
        + HI + "}");

    assertThat(openAi.statusCode()).isEqualTo(502);
    JsonNode error = json(openAi.body()).path("error");
    assertThat(error.path("code").asString()).isEqualTo("upstream_auth_failed");
    assertThat(error.path("message").asString()).contains("vertex-failing").contains("invalid_grant")
        .doesNotContain("secret-detail").doesNotContain("JWT Signature").doesNotContain("127.0.0.1");
    assertThat(anthropic.statusCode()).isEqualTo(502);
    assertThat(json(anthropic.body()).path("type").asString()).isEqualTo("error");
    assertThat(json(anthropic.body()).path("error").path("type").asString()).isEqualTo("api_error");
    assertThat(unavailable.statusCode()).isEqualTo(502);
    assertThat(json(unavailable.body()).path("error").path("message").asString()).contains("HTTP 503")
        .doesNotContain("html");
    assertThat(modelCalls()).as("no model call without a token").isEmpty();
    assertThat(calls("/token-failing")).hasSize(3);
  }

  private static String text(List<TimedLine> lines) {
    StringBuilder text = new StringBuilder();
    for (TimedLine line : lines.subList(0, lines.size() - 1)) {
      text.append(json(line.data()).path("choices").path(0).path("delta").path("content").asString(""));
    }
    return text.toString();
  }
}
