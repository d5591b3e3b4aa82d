package io.switchboard.sample.it;

import static io.switchboard.sample.it.ScriptedUpstream.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.switchboard.sample.SampleGatewayApplication;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Redis Stream usage sink against a real Redis: N requests (answered and refused) become exactly N stream
 * entries with the record's fields, and no client or provider key. Needs a Redis at {@code REDIS_HOST}/
 * {@code REDIS_PORT} (default localhost:6379): skipped with a notice without one, except on CI ({@code CI=true}),
 * where it fails.
 */
@org.springframework.boot.test.context.SpringBootTest(classes = SampleGatewayApplication.class,
    webEnvironment = org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.config.location=classpath:/usage/usage-it.yml", "usage.redis=true"})
class UsageRedisStreamIT {

  static final String HOST = System.getenv().getOrDefault("REDIS_HOST", "localhost");
  static final int PORT = Integer.parseInt(System.getenv().getOrDefault("REDIS_PORT", "6379"));
  static final String STREAM = "sb:it:usage:" + UUID.randomUUID();
  static final ScriptedUpstream upstream = new ScriptedUpstream();
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @org.springframework.boot.test.web.server.LocalServerPort
  int port;

  // A test-managed context, not one started and closed here: closing a gateway context disposes Reactor Netty's
  // global resources, which other test classes' fake servers run on.
  @org.springframework.test.context.DynamicPropertySource
  static void properties(org.springframework.test.context.DynamicPropertyRegistry registry) {
    registry.add("fake.port", upstream::port);
    registry.add("usage.stream-key", () -> STREAM);
    registry.add("spring.data.redis.host", () -> HOST);
    registry.add("spring.data.redis.port", () -> PORT);
  }
  static RedisClient redis;
  static StatefulRedisConnection<String, String> connection;

  @BeforeAll
  static void start() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, PORT), 1000);
    } catch (Exception unreachable) {
      String missing = "UsageRedisStreamIT needs a Redis at " + HOST + ":" + PORT + " (REDIS_HOST/REDIS_PORT)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(missing + "; CI may not skip it");
      }
      System.out.println("Redis tests skipped: " + missing);
      Assumptions.abort("Redis tests skipped: " + missing);
    }
    redis = RedisClient.create("redis://" + HOST + ":" + PORT);
    connection = redis.connect();
  }

  @AfterAll
  static void stop() {
    if (connection != null) {
      connection.sync().del(STREAM);
      connection.close();
      redis.shutdown();
    }
    upstream.close();
  }

  @Test
  void everyRequestBecomesOneStreamEntryWithoutSecrets() throws Exception {
    upstream.script("/a/v1/chat/completions", ok("hello"));
    upstream.script("/b/v1/chat/completions", ok("secure"));
    int n = 0;
    for (int i = 0; i < 3; i++) {
      assertThat(chat(port, "gpt-4o-mini", null).statusCode()).isEqualTo(200);
      assertThat(chat(port, "gpt-4o", "usage-it-client-key").statusCode()).isEqualTo(200);
      assertThat(chat(port, "gpt-4o", "sk-wrong-key-1234567890").statusCode()).isEqualTo(401);
      n += 3;
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (connection.sync().xlen(STREAM) < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(300);
    List<StreamMessage<String, String>> entries = connection.sync().xrange(STREAM, Range.create("-", "+"));
    assertThat(entries).hasSize(n);
    assertThat(entries).filteredOn(e -> "success".equals(e.getBody().get("outcome"))).hasSize(6)
        .allSatisfy(e -> {
          assertThat(e.getBody().get("input_tokens")).isEqualTo("10");
          assertThat(e.getBody().get("record")).contains("\"requestId\"");
        });
    assertThat(entries).filteredOn(e -> "rejected".equals(e.getBody().get("outcome"))).hasSize(3)
        .allSatisfy(e -> assertThat(e.getBody().get("status")).isEqualTo("401"));
    assertThat(entries).filteredOn(e -> e.getBody().getOrDefault("key_id", "").startsWith("static:")).hasSize(3);
    assertThat(entries.toString()).doesNotContain("usage-it-client-key", "sk-wrong-key", "key-a-secret",
        "key-b-secret");
  }

  private static HttpResponse<String> chat(int port, String model, String key) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/v1/chat/completions")).timeout(Duration.ofSeconds(20)).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model
            + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
    if (key != null) {
      request.header("authorization", "Bearer " + key);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
