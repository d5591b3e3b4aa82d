package io.switchboard.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.switchboard.ai.Json;
import io.switchboard.sample.SampleGatewayApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * One gateway keeping virtual keys, teams, rate-limit buckets and budgets in Redis. After keys are created and
 * rotated, requests made under key, team and budget limits (the team's limit shared by its keys, in Redis) and a
 * budget reset, every key in the Redis database is read, whatever its type, and none holds a client key, the admin
 * key or the provider credential, in its name or its value. Needs Redis at {@code SWITCHBOARD_TEST_REDIS} (default
 * {@code redis://127.0.0.1:6379}); skipped without one unless {@code CI=true}.
 */
class RedisContentsIT {

  static final ScriptedUpstream upstream = new ScriptedUpstream();
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final String RUN = UUID.randomUUID().toString();
  static final String PREFIX = "switchboard-contents-it:" + RUN;
  static final String ADMIN = "admin-key-" + UUID.randomUUID();
  static final String PROVIDER_KEY = "provider-secret-" + UUID.randomUUID();
  static ConfigurableApplicationContext gateway;

  static String redisUri() {
    String uri = System.getenv("SWITCHBOARD_TEST_REDIS");
    return uri == null || uri.isBlank() ? "redis://127.0.0.1:6379" : uri;
  }

  @BeforeAll
  static void start() {
    boolean up;
    RedisURI parsed = RedisURI.create(redisUri());
    parsed.setTimeout(Duration.ofSeconds(1));
    RedisClient client = RedisClient.create(parsed);
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
    upstream.script("/v1/chat/completions", ScriptedUpstream.ok("hello"));
    gateway = new SpringApplicationBuilder(SampleGatewayApplication.class, VirtualKeysRedisIT.OwnNettyResources.class)
        .run("--server.port=0", "--spring.config.location=classpath:/redis/redis-contents-it.yml",
            "--fake.port=" + upstream.port(), "--spring.data.redis.url=" + redisUri(),
            "--ai.providers.fake.api-key=" + PROVIDER_KEY, "--ai.governance.admin-keys.ops=" + ADMIN,
            "--ai.governance.redis-prefix=" + PREFIX + ":vk", "--ai.governance.redis.key-prefix=" + PREFIX + ":rl",
            "--ai.budget.redis-key-prefix=" + PREFIX + ":budget:", "--logging.level.root=warn");
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    upstream.close();
    withRedis(redis -> {
      for (String key : keysOfThisRun(redis)) {
        redis.del(key);
      }
      return null;
    });
  }

  @Test
  void noSecretIsWrittenToRedis() throws Exception {
    assertThat(admin("POST", "/actuator/aiteams",
        "{\"id\":\"crew\",\"members\":\"ann=member,bob=member\",\"requestsPerMinute\":\"2\",\"budgetUsd\":\"5\"}")
        .statusCode()).isEqualTo(200);
    List<String> secrets = new ArrayList<>(List.of(ADMIN, PROVIDER_KEY));
    JsonNode ann = created("{\"name\":\"ann\",\"user\":\"ann\",\"team\":\"crew\",\"budgetUsd\":\"1\"}");
    JsonNode bob = created("{\"name\":\"bob\",\"user\":\"bob\",\"team\":\"crew\"}");
    JsonNode solo = created("{\"name\":\"solo\",\"requestsPerMinute\":\"50\",\"tokensPerMinute\":\"50000\"}");
    secrets.add(ann.path("key").asString());
    secrets.add(bob.path("key").asString());
    secrets.add(solo.path("key").asString());

    // The team's 2 requests per minute are shared by its keys, through Redis.
    assertThat(chat(ann.path("key").asString()).statusCode()).isEqualTo(200);
    assertThat(chat(bob.path("key").asString()).statusCode()).isEqualTo(200);
    HttpResponse<String> refused = chat(ann.path("key").asString());
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.body()).contains("team 'crew'");

    HttpResponse<String> rotated = admin("POST", "/actuator/aikeys/" + solo.path("id").asString() + "/rotate",
        "{\"graceSeconds\":\"60\"}");
    assertThat(rotated.statusCode()).isEqualTo(200);
    String fresh = Json.MAPPER.readTree(rotated.body()).path("key").asString();
    secrets.add(fresh);
    assertThat(chat(solo.path("key").asString()).statusCode()).as("old key in its grace period").isEqualTo(200);
    assertThat(chat(fresh).statusCode()).isEqualTo(200);
    assertThat(admin("POST", "/actuator/aibudgets/key/" + ann.path("id").asString() + "/reset", "{}").statusCode())
        .isEqualTo(200);
    assertThat(admin("POST", "/actuator/aibudgets/team/crew/reset", "{}").statusCode()).isEqualTo(200);
    Thread.sleep(300); // token corrections and budget settlements are written after the answers

    List<String> dump = withRedis(RedisContentsIT::dumpEverything);
    assertThat(dump).as("keys of every store were written and read")
        .anyMatch(line -> line.startsWith(PREFIX + ":vk"))
        .anyMatch(line -> line.startsWith(PREFIX + ":rl"))
        .anyMatch(line -> line.startsWith(PREFIX + ":budget:"));
    for (String secret : secrets) {
      assertThat(secret).isNotBlank();
      assertThat(dump).noneMatch(line -> line.contains(secret));
    }
    String all = String.join("\n", dump);
    assertThat(all).doesNotContain(ADMIN).doesNotContain(PROVIDER_KEY);
  }

  /** Every key of the database with its whole value, one line per key, by type. */
  static List<String> dumpEverything(RedisCommands<String, String> redis) {
    List<String> lines = new ArrayList<>();
    ScanIterator<String> keys = ScanIterator.scan(redis, ScanArgs.Builder.limit(500));
    while (keys.hasNext()) {
      String key = keys.next();
      String type = redis.type(key);
      String value = switch (type) {
        case "string" -> redis.get(key);
        case "hash" -> redis.hgetall(key).toString();
        case "list" -> redis.lrange(key, 0, -1).toString();
        case "set" -> redis.smembers(key).toString();
        case "zset" -> redis.zrangeWithScores(key, 0, -1).stream().map(ScoredValue::toString).toList().toString();
        case "stream" -> redis.xrange(key, Range.create("-", "+")).stream().map(StreamMessage::toString).toList()
            .toString();
        default -> "(" + type + ")";
      };
      lines.add(key + " " + type + " " + value);
    }
    return lines;
  }

  static List<String> keysOfThisRun(RedisCommands<String, String> redis) {
    List<String> out = new ArrayList<>();
    ScanIterator<String> keys = ScanIterator.scan(redis, ScanArgs.Builder.matches(PREFIX + "*").limit(500));
    keys.forEachRemaining(out::add);
    return out;
  }

  static <T> T withRedis(java.util.function.Function<RedisCommands<String, String>, T> work) {
    RedisClient client = RedisClient.create(redisUri());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      return work.apply(c.sync());
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
  }

  private static JsonNode created(String body) throws Exception {
    HttpResponse<String> answer = admin("POST", "/actuator/aikeys", body);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return Json.MAPPER.readTree(answer.body());
  }

  private static int port() {
    return ((WebServerApplicationContext) gateway).getWebServer().getPort();
  }

  private static HttpResponse<String> chat(String key) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/v1/chat/completions"))
        .timeout(Duration.ofSeconds(10)).header("content-type", "application/json").header("authorization",
            "Bearer " + key)
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"max_tokens\":20,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> admin(String method, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
        .timeout(Duration.ofSeconds(10)).header("x-switchboard-admin-key", ADMIN)
        .header("content-type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
