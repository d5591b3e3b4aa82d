package io.switchboard.sample.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import io.switchboard.sample.SampleGatewayApplication;
import io.switchboard.sample.it.ScriptedUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code AiSemanticCache} with {@code ai.cache.store=redis}: two gateway instances share answers, coalesce identical
 * requests through the Redis lock, and share semantic entries (each instance's vector index fed over pub/sub). Lives
 * beside the other Redis multi-instance tests for {@link TestRedis} (skipped without Redis, except on CI).
 */
class CacheRedisIT {

  static final ScriptedUpstream upstream = new ScriptedUpstream();
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final String UP = "/up/v1/chat/completions";

  final List<ConfigurableApplicationContext> gateways = new ArrayList<>();

  @AfterEach
  void stop() {
    gateways.forEach(ConfigurableApplicationContext::close);
    gateways.clear();
    upstream.reset();
  }

  @AfterAll
  static void closeUpstream() {
    upstream.close();
  }

  int start(String prefix) {
    ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleGatewayApplication.class)
        .properties("spring.config.location=classpath:/cache/cache-it.yml", "server.port=0",
            "fake.port=" + upstream.port(), "ai.cache.store=redis", "ai.cache.redis-key-prefix=" + prefix,
            "spring.data.redis.url=" + TestRedis.uri(), "spring.data.redis.timeout=2s",
            "management.health.redis.enabled=false")
        .run();
    gateways.add(context);
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  static CompletableFuture<HttpResponse<String>> post(int port, String model, String prompt) {
    return post(port, model, prompt, "x-switchboard-cache-namespace", "");
  }

  static CompletableFuture<HttpResponse<String>> post(int port, String model, String prompt, String header,
      String value) {
    String body = "{\"model\":\"" + model + "\",\"max_tokens\":50,\"temperature\":0,\"messages\":[{\"role\":"
        + "\"user\",\"content\":\"" + prompt + "\"}]}";
    return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
        .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
        .header("authorization", "Bearer sk-cache-one")
        .headers(value.isEmpty() ? new String[] {"x-switchboard-test", "1"} : new String[] {header, value})
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static String cache(HttpResponse<String> response) {
    return response.headers().firstValue("x-switchboard-cache").orElse("(none)");
  }

  static String content(HttpResponse<String> response) {
    return Json.MAPPER.readTree(response.body()).path("choices").path(0).path("message").path("content").asString();
  }

  @Test
  void twoInstancesShareAnswersAndCoalesce() throws Exception {
    TestRedis.require();
    String prefix = "sb-cache-it-" + UUID.randomUUID() + ":";
    int a = start(prefix);
    int b = start(prefix);
    upstream.script(UP, ScriptedUpstream.ok("from redis"));
    HttpResponse<String> first = post(a, "cached-m", "shared question").get();
    assertThat(cache(first)).as(first.body()).isEqualTo("miss");
    HttpResponse<String> other = post(b, "cached-m", "shared question").get();
    assertThat(cache(other)).isEqualTo("hit");
    assertThat(content(other)).isEqualTo("from redis");
    assertThat(upstream.count(UP)).isEqualTo(1);

    upstream.script(UP, ScriptedUpstream.delayed(Duration.ofMillis(500), ScriptedUpstream.ok("once")));
    List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      burst.add(post(i % 2 == 0 ? a : b, "cached-m", "burst across instances"));
    }
    for (CompletableFuture<HttpResponse<String>> response : burst) {
      assertThat(response.get().statusCode()).isEqualTo(200);
      assertThat(content(response.get())).isEqualTo("once");
    }
    assertThat(upstream.count(UP)).as("one call for the burst, across both instances").isEqualTo(2);
  }

  @Test
  void semanticEntriesReachTheOtherInstance() throws Exception {
    TestRedis.require();
    String prefix = "sb-cache-it-" + UUID.randomUUID() + ":";
    int a = start(prefix);
    int b = start(prefix);
    upstream.script(UP, ScriptedUpstream.ok("Mount Everest."), ScriptedUpstream.ok("from the provider"));
    assertThat(cache(post(a, "semantic-m", "What is the tallest mountain on Earth?").get())).isEqualTo("miss");
    // The entry reaches b's index over pub/sub: ask b until it answers from the cache (misses store nothing).
    HttpResponse<String> paraphrase = null;
    long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < until) {
      paraphrase = post(b, "semantic-m", "Which mountain on Earth is the tallest?", "x-switchboard-cache",
          "no-store").get();
      if (cache(paraphrase).startsWith("semantic-hit")) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(cache(paraphrase)).startsWith("semantic-hit");
    assertThat(content(paraphrase)).isEqualTo("Mount Everest.");
  }
}
