package io.switchboard.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** OpenAI client to OpenAI-dialect providers: the same-dialect fast path, plain and streamed. */
final class OpenAiRouteIT extends GatewayIT {

  static final String COMPLETION = """
      {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-2024-08-06",
       "choices":[{"index":0,"message":{"role":"assistant","content":"Hi!"},"finish_reason":"stop"}],
       "usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}""";

  static List<String> chunks(String... contents) {
    java.util.ArrayList<String> events = new java.util.ArrayList<>();
    events.add(sseData("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
        + "{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}],\"usage\":null}"));
    for (String c : contents) {
      events.add(sseData("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
          + "{\"content\":\"" + c + "\"},\"finish_reason\":null}],\"usage\":null}"));
    }
    events.add(sseData("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},"
        + "\"finish_reason\":\"stop\"}],\"usage\":null}"));
    events.add(sseData("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[],"
        + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3,\"total_tokens\":8}}"));
    events.add("data: [DONE]\n\n");
    return events;
  }

  @Test
  void plainChatReachesTheProviderWithItsKeyAndComesBackUntouched() throws Exception {
    upstream.on("/v1/chat/completions", FakeUpstream.json(200, COMPLETION));
    HttpResponse<String> response = post("/v1/chat/completions",
        "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    assertThat(response.statusCode()).isEqualTo(200);
    // Catalog price of gpt-4o: $2.50 / $10 per million tokens; 9 prompt and 2 completion tokens. Only the cost is
    // added to the body, spliced into its usage object.
    assertThat(response.body()).isEqualTo(COMPLETION.replace("11}}", "11,\"cost\":0.0000425}}"));
    assertThat(response.headers().firstValue("x-switchboard-provider")).hasValue("openai");
    assertThat(response.headers().firstValue("x-switchboard-model")).hasValue("gpt-4o");
    assertThat(response.headers().firstValue("x-switchboard-cost-usd")).hasValue("0.0000425");
    FakeUpstream.Recorded sent = upstream.lastRequest();
    assertThat(sent.path()).isEqualTo("/v1/chat/completions");
    assertThat(sent.headers()).containsEntry("authorization", "Bearer sk-upstream-openai-secret");
    assertThat(sent.headers().values()).noneMatch(v -> v.contains(CLIENT_KEY));
    assertThat(sent.body()).isEqualTo("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
  }

  @Test
  void directAddressingStripsTheProviderPrefixAndKeepsUnknownFields() throws Exception {
    upstream.on("/v1/chat/completions", FakeUpstream.json(200, COMPLETION));
    String body = "{\"model\":\"openai/gpt-4o\",\"messages\":[],\"brand_new_param\":{\"deep\":[1,2.50]},"
        + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{}}}]}";
    assertThat(post("/v1/chat/completions", body).statusCode()).isEqualTo(200);
    assertThat(upstream.lastRequest().body()).isEqualTo(body.replace("openai/gpt-4o", "gpt-4o"));
  }

  @Test
  void routeModelOverridesTheClientsModel() throws Exception {
    upstream.on("/v1/chat/completions", FakeUpstream.json(200, COMPLETION));
    HttpResponse<String> response = post("/v1/chat/completions", "{\"model\":\"fast\",\"messages\":[]}");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Json.MAPPER.readTree(upstream.lastRequest().body()).path("model").asString())
        .isEqualTo("gpt-4o-mini");
    assertThat(response.headers().firstValue("x-switchboard-model")).hasValue("gpt-4o-mini");
  }

  @Test
  void presetProviderUsesItsVersionedPath() throws Exception {
    upstream.on("/openai/v1/chat/completions", FakeUpstream.json(200, COMPLETION));
    assertThat(post("/v1/chat/completions", "{\"model\":\"groq/llama-3.3-70b\",\"messages\":[]}").statusCode())
        .isEqualTo(200);
    assertThat(upstream.lastRequest().headers()).containsEntry("authorization", "Bearer gsk_upstream_groq_secret");
    assertThat(upstream.lastRequest().body()).contains("\"llama-3.3-70b\"");
  }

  @Test
  void azureAddressesTheDeploymentWithItsApiVersionAndKeyHeader() throws Exception {
    upstream.on("/openai/deployments/prod-gpt4o/chat/completions", FakeUpstream.json(200, COMPLETION));
    HttpResponse<String> response = post("/v1/chat/completions",
        "{\"model\":\"azure/prod-gpt4o\",\"messages\":[]}");
    assertThat(response.statusCode()).isEqualTo(200);
    FakeUpstream.Recorded sent = upstream.lastRequest();
    assertThat(sent.path()).isEqualTo("/openai/deployments/prod-gpt4o/chat/completions?api-version=2024-10-21");
    assertThat(sent.headers()).containsEntry("api-key", "azure-upstream-secret").doesNotContainKey("authorization");
  }

  @Test
  void streamArrivesEventByEventAndTheInjectedUsageChunkIsDropped() throws Exception {
    upstream.on("/v1/chat/completions", FakeUpstream.sse(chunks("Hel", "lo"), Duration.ofMillis(150)));
    List<TimedLine> lines = stream("/v1/chat/completions",
        "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    JsonNode sent = Json.MAPPER.readTree(upstream.lastRequest().body());
    assertThat(sent.path("stream_options").path("include_usage").asBoolean()).isTrue();
    assertThat(lines).extracting(TimedLine::data).last().isEqualTo("[DONE]");
    assertThat(lines).hasSize(5); // role, Hel, lo, finish, [DONE]: the usage chunk was not asked for
    assertThat(lines).extracting(TimedLine::data).noneMatch(d -> d.contains("\"choices\":[]"));
    // Events were relayed as they came (150 ms apart), not collected until the end.
    assertThat(lines.get(3).atMillis() - lines.get(0).atMillis()).isGreaterThanOrEqualTo(300);
  }

  @Test
  void streamKeepsTheUsageChunkWhenTheClientAskedForIt() throws Exception {
    upstream.on("/v1/chat/completions", FakeUpstream.sse(chunks("x"), Duration.ZERO));
    String body = "{\"model\":\"gpt-4o\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[]}";
    List<TimedLine> lines = stream("/v1/chat/completions", body);
    assertThat(upstream.lastRequest().body()).isEqualTo(body);
    assertThat(lines).extracting(TimedLine::data).anyMatch(d -> d.contains("\"total_tokens\":8"));
  }

  @Test
  void streamCutByTheProviderEndsWithAnErrorEventNotACleanFinish() throws Exception {
    upstream.on("/v1/chat/completions", FakeUpstream.sseThenReset(chunks("partial").subList(0, 2)));
    List<TimedLine> lines = stream("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[]}");
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1).data()).contains("partial");
    JsonNode error = Json.MAPPER.readTree(lines.get(2).data()).path("error");
    assertThat(error.path("type").asString()).isEqualTo("upstream_error");
    assertThat(error.path("message").asString()).doesNotContain("127.0.0.1");
    assertThat(lines).extracting(TimedLine::data).doesNotContain("[DONE]");
  }

  @Test
  void streamThatStopsWithoutItsTerminatorIsReportedTruncated() throws Exception {
    upstream.on("/v1/chat/completions", FakeUpstream.sse(chunks("a").subList(0, 2), Duration.ZERO));
    List<TimedLine> lines = stream("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[]}");
    assertThat(lines).last().extracting(TimedLine::data).asString().contains("stream_truncated");
  }

  @Test
  void clientDisconnectCancelsTheUpstreamCall() throws Exception {
    upstream.on("/v1/chat/completions", FakeUpstream.sseThenHang(chunks("first").subList(0, 2)));
    java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(uri("/v1/chat/completions"))
        .header("Authorization", "Bearer " + CLIENT_KEY).header("content-type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
            "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[]}")).build();
    HttpResponse<java.io.InputStream> response = java.net.http.HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (java.io.InputStream in = response.body()) {
      byte[] first = new byte[16];
      assertThat(in.read(first)).isPositive();
    } // closing the body aborts the connection
    assertThat(upstream.awaitCancel(Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void upstreamRateLimitPassesRetryAfterInOpenAiShape() throws Exception {
    upstream.on("/v1/chat/completions", FakeUpstream.json(429,
        "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}",
        Map.of("retry-after", "7")));
    HttpResponse<String> response = post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}");
    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("retry-after")).hasValue("7");
    JsonNode error = Json.MAPPER.readTree(response.body()).path("error");
    assertThat(error.path("type").asString()).isEqualTo("rate_limit_error");
    assertThat(error.path("message").asString()).contains("Rate limit reached");
  }

  @Test
  void upstreamFailuresBecome502WithoutCredentials() throws Exception {
    upstream.on("/v1/chat/completions", FakeUpstream.json(401,
        "{\"error\":{\"message\":\"Incorrect API key provided: sk-upstream-openai-secret\"}}"));
    HttpResponse<String> auth = post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}");
    assertThat(auth.statusCode()).isEqualTo(502);
    assertThat(auth.body()).contains("upstream_auth_failed").doesNotContain("sk-upstream-openai-secret");
    upstream.on("/v1/chat/completions", FakeUpstream.json(500, "{\"error\":{\"message\":\"boom\"}}"));
    HttpResponse<String> failed = post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}");
    assertThat(failed.statusCode()).isEqualTo(502);
    assertThat(Json.MAPPER.readTree(failed.body()).path("error").path("message").asString()).contains("boom");
  }

  @Test
  void silentProviderTimesOutWith504() throws Exception {
    upstream.on("/v1/chat/completions", FakeUpstream.hang());
    long start = System.nanoTime();
    HttpResponse<String> response = post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}");
    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(10));
    assertThat(Json.MAPPER.readTree(response.body()).path("error").path("code").asString())
        .isEqualTo("upstream_timeout");
  }

  @Test
  void unreachableProviderIs502WithoutItsAddress() throws Exception {
    HttpResponse<String> response = post("/v1/chat/completions", "{\"model\":\"down-1\",\"messages\":[]}");
    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.body()).contains("upstream_unreachable").doesNotContain("127.0.0.1");
  }

  @Test
  void embeddingsPassThroughInBase64() throws Exception {
    String answer = "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":\"AACAPw==\"}],"
        + "\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":2,\"total_tokens\":2}}";
    upstream.on("/v1/embeddings", FakeUpstream.json(200, answer));
    HttpResponse<String> response = post("/v1/embeddings",
        "{\"model\":\"openai/text-embedding-3-small\",\"input\":\"hi\",\"encoding_format\":\"base64\"}");
    assertThat(response.statusCode()).isEqualTo(200);
    // 2 tokens at $0.02 per million.
    assertThat(response.body()).isEqualTo(answer.replace("2}}", "2,\"cost\":0.00000004}}"));
    assertThat(upstream.lastRequest().path()).isEqualTo("/v1/embeddings");
  }

  @Test
  void bodyReadByAiModelStillReachesARouteThatDidNotMatchOnModel() throws Exception {
    upstream.on("/other/v1/chat/completions", FakeUpstream.json(200, "{\"ok\":true}"));
    String body = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "y".repeat(5000)
        + "\"}]}";
    HttpResponse<String> response = post("/other/v1/chat/completions", body);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(upstream.lastRequest().body()).isEqualTo(body);
  }

  @Test
  void plainRoutesStillForwardTheirBody() throws Exception {
    upstream.on("/plain/echo", FakeUpstream.json(200, "{\"ok\":true}"));
    assertThat(post("/plain/echo", "{\"model\":\"not-ai\",\"x\":1}").statusCode()).isEqualTo(200);
    assertThat(upstream.lastRequest().body()).isEqualTo("{\"model\":\"not-ai\",\"x\":1}");
  }

  @Test
  void usageIsAccountedOnTheExchangeEvenWhenTheClientDidNotAskForIt() throws Exception {
    upstream.on("/v1/chat/completions", FakeUpstream.sse(chunks("a", "b"), Duration.ZERO));
    stream("/v1/chat/completions", "{\"model\":\"openai/gpt-4o\",\"stream\":true,\"messages\":[]}",
        "x-test-call", "u1");
    io.switchboard.ai.AiCall call = call("u1");
    assertThat(call.providerId()).isEqualTo("openai");
    assertThat(call.requestedModel()).isEqualTo("openai/gpt-4o");
    assertThat(call.upstreamModel()).isEqualTo("gpt-4o");
    assertThat(call.usage().totalTokens()).isEqualTo(8);
    assertThat(call.outcome()).isEqualTo(io.switchboard.ai.AiCall.Outcome.SUCCESS);

    upstream.on("/v1/chat/completions", FakeUpstream.json(200, COMPLETION));
    post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}", "Authorization", "Bearer " + CLIENT_KEY,
        "x-test-call", "u2");
    assertThat(call("u2").usage().totalTokens()).isEqualTo(11);
  }

  @Test
  void slowClientHoldsBackTheProvider() throws Exception {
    // 40 MB of events: far more than socket buffers on both hops hold. A client that stops reading must stop the
    // provider's sending too, instead of the gateway buffering the stream.
    upstream.on("/v1/chat/completions", FakeUpstream.largeSse(4_000, 10_000));
    java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(uri("/v1/chat/completions"))
        .header("Authorization", "Bearer " + CLIENT_KEY).header("content-type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
            "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[]}")).build();
    HttpResponse<java.io.InputStream> response = java.net.http.HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (java.io.InputStream in = response.body()) {
      assertThat(in.read(new byte[1024])).isPositive();
      Thread.sleep(1500);
      assertThat(FakeUpstream.largeStreamSentAt).as("provider finished sending to a client that is not reading")
          .isZero();
    }
    assertThat(upstream.awaitCancel(Duration.ofSeconds(5))).isTrue();
  }
}
