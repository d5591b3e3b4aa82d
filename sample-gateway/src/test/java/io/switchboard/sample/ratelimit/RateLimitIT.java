package io.switchboard.sample.ratelimit;

import io.switchboard.sample.it.ScriptedUpstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import io.switchboard.sample.SampleGatewayApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** {@code AiTokenRateLimiter} in memory, through the real gateway (routes in {@code ratelimit/ratelimit-it.yml}). */
@SpringBootTest(classes = SampleGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.config.location=classpath:/ratelimit/ratelimit-it.yml")
class RateLimitIT {

  static final ScriptedUpstream upstream = new ScriptedUpstream();
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final String UP = "/up/v1/chat/completions";

  @LocalServerPort
  int port;

  @DynamicPropertySource
  static void upstreamPort(DynamicPropertyRegistry registry) {
    registry.add("fake.port", upstream::port);
  }

  @BeforeEach
  void fresh() {
    upstream.reset();
  }

  HttpResponse<String> post(String path, String tenant, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("content-type", "application/json").header("x-tenant", tenant)
        .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static String chat(String model, String extra) {
    return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + extra + "}";
  }

  @Test
  void requestLimitHeadersAndOpenAi429() throws Exception {
    upstream.script(UP, ScriptedUpstream.ok("fine"));
    String tenant = "t-" + UUID.randomUUID();
    HttpResponse<String> first = post("/v1/chat/completions", tenant, chat("rl-req", ""));
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(first.headers().firstValue("x-ratelimit-limit-requests")).hasValue("2");
    assertThat(first.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("1");
    assertThat(first.headers().firstValue("x-ratelimit-reset-requests")).isPresent();
    assertThat(first.headers().firstValue("x-switchboard-ratelimit-degraded")).isEmpty();
    assertThat(post("/v1/chat/completions", tenant, chat("rl-req", "")).statusCode()).isEqualTo(200);
    HttpResponse<String> refused = post("/v1/chat/completions", tenant, chat("rl-req", ""));
    assertThat(refused.statusCode()).isEqualTo(429);
    long retryAfter = Long.parseLong(refused.headers().firstValue("retry-after").orElseThrow());
    assertThat(retryAfter).isBetween(1L, 30L);
    assertThat(refused.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
    JsonNode error = Json.MAPPER.readTree(refused.body()).path("error");
    assertThat(error.path("code").asString()).isEqualTo("rate_limit_exceeded");
    assertThat(error.path("message").asString()).contains("requests per minute");
    assertThat(upstream.count(UP)).as("the refused request never reached the provider").isEqualTo(2);
    // Another subject has its own bucket.
    assertThat(post("/v1/chat/completions", "other-" + tenant, chat("rl-req", "")).statusCode()).isEqualTo(200);
  }

  @Test
  void refusalsSpeakTheClientsDialect() throws Exception {
    upstream.script(UP, ScriptedUpstream.ok("fine"));
    String tenant = "d-" + UUID.randomUUID();
    post("/v1/chat/completions", tenant, chat("rl-req", ""));
    post("/v1/chat/completions", tenant, chat("rl-req", ""));
    HttpResponse<String> anthropic = post("/v1/messages", tenant,
        "{\"model\":\"rl-req\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(anthropic.statusCode()).isEqualTo(429);
    assertThat(anthropic.headers().firstValue("retry-after")).isPresent();
    JsonNode body = Json.MAPPER.readTree(anthropic.body());
    assertThat(body.path("type").asString()).isEqualTo("error");
    assertThat(body.path("error").path("type").asString()).isEqualTo("rate_limit_error");
    HttpResponse<String> gemini = post("/v1beta/models/rl-req:generateContent", tenant,
        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}");
    assertThat(gemini.statusCode()).isEqualTo(429);
    assertThat(Json.MAPPER.readTree(gemini.body()).path("error").path("status").asString())
        .isEqualTo("RESOURCE_EXHAUSTED");
  }

  @Test
  void tokenReservationIsCorrectedAfterAStreamedAnswer() throws Exception {
    upstream.script(UP, ScriptedUpstream.stream(Duration.ofMillis(5), "a", "b"));
    String tenant = "s-" + UUID.randomUUID();
    // Reserves the prompt estimate + 900: about 90 tokens left while the stream runs.
    HttpResponse<String> streamed = post("/v1/chat/completions", tenant,
        chat("rl-tok", ",\"stream\":true,\"max_tokens\":900"));
    assertThat(streamed.statusCode()).as(streamed.body()).isEqualTo(200);
    assertThat(streamed.body()).contains("[DONE]");
    long during = Long.parseLong(streamed.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow());
    assertThat(during).isLessThan(100);
    assertThat(streamed.headers().firstValue("x-ratelimit-limit-tokens")).hasValue("1000");
    Thread.sleep(200);
    // The stream used 13 tokens: the rest came back, so a 200-token reservation fits.
    upstream.script(UP, ScriptedUpstream.ok("fine"));
    HttpResponse<String> next = post("/v1/chat/completions", tenant, chat("rl-tok", ",\"max_tokens\":200"));
    assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
    long after = Long.parseLong(next.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow());
    assertThat(after).isBetween(1000L - 13 - 200 - 30, 1000L - 13 - 200);
  }

  @Test
  void concurrentRequestsBeyondTheLimitAreRefused() throws Exception {
    upstream.script(UP, ScriptedUpstream.delayed(Duration.ofMillis(800), ScriptedUpstream.ok("slow")));
    String tenant = "c-" + UUID.randomUUID();
    CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> {
      try {
        return post("/v1/chat/completions", tenant, chat("rl-conc", ""));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(300);
    HttpResponse<String> second = post("/v1/chat/completions", tenant, chat("rl-conc", ""));
    assertThat(second.statusCode()).isEqualTo(429);
    assertThat(second.body()).contains("concurrent");
    assertThat(slow.get().statusCode()).isEqualTo(200);
    // The slot is released when the exchange completes on the server, which can be a moment after the client has
    // read the last byte: ask again for up to a second.
    int status = 0;
    for (int i = 0; i < 20 && status != 200; i++) {
      status = post("/v1/chat/completions", tenant, chat("rl-conc", "")).statusCode();
      if (status != 200) {
        Thread.sleep(50);
      }
    }
    assertThat(status).as("the slot came back").isEqualTo(200);
  }
}
