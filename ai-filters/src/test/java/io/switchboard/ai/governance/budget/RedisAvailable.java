package io.switchboard.ai.governance.budget;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assumptions;

/**
 * The Redis the tests use: {@code REDIS_HOST}/{@code REDIS_PORT} (default localhost:6379). Without one the tests
 * are skipped with a printed notice, except on CI ({@code CI=true}), where they fail.
 */
public final class RedisAvailable {

  public static final String HOST = System.getenv().getOrDefault("REDIS_HOST", "localhost");
  public static final int PORT = Integer.parseInt(System.getenv().getOrDefault("REDIS_PORT", "6379"));

  private RedisAvailable() {
  }

  public static void assume(String what) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, PORT), 1000);
    } catch (Exception unreachable) {
      String missing = what + " need a Redis at " + HOST + ":" + PORT + " (REDIS_HOST/REDIS_PORT): "
          + unreachable.getClass().getSimpleName();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(missing + "; CI may not skip them");
      }
      System.out.println("Redis tests skipped: " + missing);
      Assumptions.abort("Redis tests skipped: " + missing);
    }
  }
}
