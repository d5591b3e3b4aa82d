package io.switchboard.sample.ratelimit;

import static org.junit.jupiter.api.Assertions.fail;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * The Redis the tests use: {@code SWITCHBOARD_TEST_REDIS} (default {@code redis://127.0.0.1:6379}; {@code .ci/run}
 * starts one there). Absent, Redis tests are skipped with a notice, except on CI ({@code CI=true}), where they fail.
 */
final class TestRedis {

  private TestRedis() {
  }

  static String uri() {
    String uri = System.getenv("SWITCHBOARD_TEST_REDIS");
    return uri == null || uri.isBlank() ? "redis://127.0.0.1:6379" : uri;
  }

  static boolean answers(String uri) {
    RedisURI parsed = RedisURI.create(uri);
    parsed.setTimeout(Duration.ofSeconds(1));
    RedisClient client = RedisClient.create(parsed);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      connection.sync().ping();
      return true;
    } catch (RuntimeException e) {
      return false;
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
  }

  /** Checks Redis answers, or skips (fails on CI). */
  static void require() {
    if (!answers(uri())) {
      skip("no Redis at " + uri());
    }
  }

  static void skip(String why) {
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail("Redis tests need a Redis server, and CI may not skip them: " + why);
    }
    System.out.println("Redis tests skipped: " + why);
    System.err.println("Redis tests skipped: " + why);
    Assumptions.abort("Redis tests skipped: " + why);
  }
}
