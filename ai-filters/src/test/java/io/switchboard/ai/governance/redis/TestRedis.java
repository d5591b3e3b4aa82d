package io.switchboard.ai.governance.redis;

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
public final class TestRedis {

  private TestRedis() {
  }

  public static String uri() {
    String uri = System.getenv("SWITCHBOARD_TEST_REDIS");
    return uri == null || uri.isBlank() ? "redis://127.0.0.1:6379" : uri;
  }

  /** Checks Redis answers, or skips (fails on CI). */
  public static void require() {
    RedisURI uri = RedisURI.create(uri());
    uri.setTimeout(Duration.ofSeconds(2));
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      connection.sync().ping();
    } catch (RuntimeException e) {
      String why = "no Redis at " + uri() + " (" + e.getClass().getSimpleName() + ")";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("Redis tests need a Redis server, and CI may not skip them: " + why);
      }
      System.out.println("Redis tests skipped: " + why);
      System.err.println("Redis tests skipped: " + why);
      Assumptions.abort("Redis tests skipped: " + why);
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
  }
}
