package io.switchboard.ai.governance;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code ai.governance.*}: where rate-limit state lives. In memory unless {@code redis.enabled=true}. */
@ConfigurationProperties("ai.governance")
public class GovernanceProperties {

  private final Redis redis = new Redis();

  public Redis getRedis() {
    return redis;
  }

  /** Redis mode; the connection is Spring Boot's ({@code spring.data.redis.*}). */
  public static class Redis {
    /** Share limits through Redis with every gateway instance using the same Redis and key prefix. */
    private boolean enabled;
    /** Prefix of every key the gateway writes. */
    private String keyPrefix = "switchboard";
    /** How long a Redis operation may take before the instance falls back to its own share. */
    private Duration timeout = Duration.ofMillis(500);
    /** How often an instance announces itself (and, when degraded, probes Redis). */
    private Duration heartbeat = Duration.ofSeconds(5);
    /** How long an instance counts as known after its last heartbeat. */
    private Duration instanceTtl = Duration.ofSeconds(20);

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getKeyPrefix() {
      return keyPrefix;
    }

    public void setKeyPrefix(String keyPrefix) {
      this.keyPrefix = keyPrefix;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    public Duration getHeartbeat() {
      return heartbeat;
    }

    public void setHeartbeat(Duration heartbeat) {
      this.heartbeat = heartbeat;
    }

    public Duration getInstanceTtl() {
      return instanceTtl;
    }

    public void setInstanceTtl(Duration instanceTtl) {
      this.instanceTtl = instanceTtl;
    }
  }
}
