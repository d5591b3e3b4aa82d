package io.switchboard.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.switchboard.ai.Json;
import io.switchboard.sample.SampleGatewayApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two gateway instances sharing virtual keys through Redis ({@code ai.governance.key-store=redis}): a key minted on
 * one is accepted by the other, and revoking or rotating it on one takes effect on the other, through pub/sub
 * invalidation of each instance's local copy. Needs Redis at {@code SWITCHBOARD_TEST_REDIS} (default
 * {@code redis://127.0.0.1:6379}); skipped without one unless {@code CI=true}.
 */
class VirtualKeysRedisIT {

  static final ScriptedUpstream upstream = new ScriptedUpstream();
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final String ADMIN = "admin-key-for-integration-tests-0001";
  static ConfigurableApplicationContext a;
  static ConfigurableApplicationContext b;
  static String prefix;

  static String redisUri() {
    String uri = System.getenv("SWITCHBOARD_TEST_REDIS");
    return uri == null || uri.isBlank() ? "redis://127.0.0.1:6379" : uri;
  }

  @BeforeAll
  static void start() {
    RedisURI parsed = RedisURI.create(redisUri());
    parsed.setTimeout(Duration.ofSeconds(1));
    RedisClient client = RedisClient.create(parsed);
    boolean up;
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      up = "PONG".equals(c.sync().ping());
    } catch (RuntimeException e) {
      up = false;
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
    if (!up && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("no Redis at " + redisUri());
    }
    Assumptions.assumeTrue(up, "no Redis at " + redisUri());
    prefix = "switchboard-it:" + UUID.randomUUID();
    upstream.script("/v1/chat/completions", ScriptedUpstream.ok("hello"));
    a = start(prefix);
    b = start(prefix);
  }

  static ConfigurableApplicationContext start(String prefix) {
    return new SpringApplicationBuilder(SampleGatewayApplication.class, OwnNettyResources.class).run(
        "--server.port=0",
        "--spring.config.location=classpath:/keys/keys-redis-it.yml", "--fake.port=" + upstream.port(),
        "--spring.data.redis.url=" + redisUri(), "--ai.governance.redis-prefix=" + prefix,
        "--logging.level.root=warn");
  }

  /**
   * Each gateway started here gets its own Reactor Netty resources: by default a context shares the JVM's global ones
   * and disposes them when it closes, which would cut the connections of the other integration tests' cached
   * contexts in this JVM.
   */
  @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
  static class OwnNettyResources {
    @org.springframework.context.annotation.Bean
    org.springframework.http.client.ReactorResourceFactory reactorResourceFactory() {
      org.springframework.http.client.ReactorResourceFactory factory =
          new org.springframework.http.client.ReactorResourceFactory();
      factory.setUseGlobalResources(false);
      return factory;
    }
  }

  @AfterAll
  static void stop() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    upstream.close();
    if (prefix != null) {
      RedisClient client = RedisClient.create(redisUri());
      try (StatefulRedisConnection<String, String> c = client.connect()) {
        c.sync().del(prefix + ":keys", prefix + ":teams");
      } finally {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
      }
    }
  }

  @Test
  void keysMintedRevokedAndRotatedOnOneInstanceActOnTheOther() throws Exception {
    HttpResponse<String> created = admin(a, "POST", "/actuator/aikeys", "{\"name\":\"shared\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    JsonNode key = Json.MAPPER.readTree(created.body());
    String id = key.path("id").asString();
    String plain = key.path("key").asString();
    eventually(() -> chat(b, plain), 200);
    assertThat(chat(a, plain)).isEqualTo(200);

    HttpResponse<String> rotated = admin(b, "POST", "/actuator/aikeys/" + id + "/rotate", "{\"graceSeconds\":\"0\"}");
    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
    String fresh = Json.MAPPER.readTree(rotated.body()).path("key").asString();
    eventually(() -> chat(a, fresh), 200);
    eventually(() -> chat(a, plain), 401);

    assertThat(admin(a, "DELETE", "/actuator/aikeys/" + id, null).statusCode()).isEqualTo(200);
    eventually(() -> chat(b, fresh), 401);
    JsonNode listed = Json.MAPPER.readTree(admin(b, "GET", "/actuator/aikeys/" + id, null).body());
    assertThat(listed.path("status").asString()).isEqualTo("revoked");
    assertThat(listed.toString()).doesNotContain(plain).doesNotContain(fresh).doesNotContain("hmac:");
  }

  private static void eventually(IntSupplier status, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    int last = status.getAsInt();
    while (last != expected && System.nanoTime() < deadline) {
      Thread.sleep(50);
      last = status.getAsInt();
    }
    assertThat(last).isEqualTo(expected);
  }

  private static int port(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  private static int chat(ConfigurableApplicationContext context, String key) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(context)
              + "/v1/chat/completions")).timeout(Duration.ofSeconds(10)).header("content-type", "application/json")
          .header("x-api-key", key)
          .POST(HttpRequest.BodyPublishers.ofString(
              "{\"model\":\"gpt-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build();
      return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> admin(ConfigurableApplicationContext context, String method, String path,
      String body) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(context) + path))
        .timeout(Duration.ofSeconds(10)).header("x-switchboard-admin-key", ADMIN);
    if (body == null) {
      r.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      r.header("content-type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }
}
