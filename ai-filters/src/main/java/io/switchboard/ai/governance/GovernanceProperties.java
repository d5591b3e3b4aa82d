package io.switchboard.ai.governance;

import io.switchboard.ai.governance.keys.DeclaredKey;
import io.switchboard.ai.governance.keys.DeclaredTeam;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code ai.governance.*}, the one binding of that prefix: virtual keys, teams, admin access and the audit log, and
 * where rate-limit state lives ({@code redis.*}: in memory unless {@code redis.enabled=true}).
 */
@ConfigurationProperties("ai.governance")
public class GovernanceProperties {

  /**
   * Server secret for the HMAC-SHA256 of virtual keys (at least 32 characters). Required once virtual keys are used
   * (any of keys, teams or admin-keys set, or enabled=true). Changing it invalidates every hmac: key.
   */
  private @Nullable String keySecret;

  /** Turns virtual keys on even with nothing declared (keys are then created through /actuator/aikeys). */
  private boolean enabled;

  /** Keys that may call the admin endpoints (header x-switchboard-admin-key): plain, or sha256:&lt;hex&gt;. */
  private Map<String, String> adminKeys = new LinkedHashMap<>();

  /**
   * Roles (Spring Security authorities) of an authenticated principal that give full admin rights on the admin
   * endpoints; read through an {@code AdminRoles} bean (see docs/governance.md).
   */
  private List<String> adminRoles = new ArrayList<>(List.of("ROLE_AI_ADMIN"));

  /**
   * A role {@code <prefix><team>} makes the principal an admin of that team (empty: no team roles).
   */
  private String teamAdminRolePrefix = "ROLE_AI_TEAM_ADMIN_";

  /** Keys declared in configuration, by their hash only. */
  private List<DeclaredKey> keys = new ArrayList<>();

  /** Teams declared in configuration. */
  private List<DeclaredTeam> teams = new ArrayList<>();

  /** How many audit entries are kept in memory (oldest dropped first). */
  private int auditMaxEntries = 1000;

  /**
   * Where keys and teams live: {@code memory} (this instance) or {@code redis} (shared, with a local copy invalidated
   * by pub/sub; needs spring-boot-starter-data-redis-reactive and spring.data.redis.*).
   */
  private String keyStore = "memory";

  /** Prefix of the Redis entries of the redis key store. */
  private String redisPrefix = "switchboard:vk";

  /** Grace period of a rotated key's old value when the rotate call names none. */
  private Duration rotationGrace = Duration.ofHours(1);

  /** Where rate-limit buckets live when shared. */
  private final Redis redis = new Redis();

  /** Whether virtual keys are used at all (else the key service and its endpoints stay off). */
  public boolean used() {
    return enabled || !keys.isEmpty() || !teams.isEmpty() || !adminKeys.isEmpty();
  }

  public @Nullable String getKeySecret() {
    return keySecret;
  }

  public void setKeySecret(@Nullable String keySecret) {
    this.keySecret = keySecret;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public Map<String, String> getAdminKeys() {
    return adminKeys;
  }

  public void setAdminKeys(Map<String, String> adminKeys) {
    this.adminKeys = adminKeys;
  }

  public List<String> getAdminRoles() {
    return adminRoles;
  }

  public void setAdminRoles(List<String> adminRoles) {
    this.adminRoles = adminRoles;
  }

  public String getTeamAdminRolePrefix() {
    return teamAdminRolePrefix;
  }

  public void setTeamAdminRolePrefix(String teamAdminRolePrefix) {
    this.teamAdminRolePrefix = teamAdminRolePrefix;
  }

  public List<DeclaredKey> getKeys() {
    return keys;
  }

  public void setKeys(List<DeclaredKey> keys) {
    this.keys = keys;
  }

  public List<DeclaredTeam> getTeams() {
    return teams;
  }

  public void setTeams(List<DeclaredTeam> teams) {
    this.teams = teams;
  }

  public int getAuditMaxEntries() {
    return auditMaxEntries;
  }

  public void setAuditMaxEntries(int auditMaxEntries) {
    this.auditMaxEntries = auditMaxEntries;
  }

  public String getKeyStore() {
    return keyStore;
  }

  public void setKeyStore(String keyStore) {
    this.keyStore = keyStore;
  }

  public String getRedisPrefix() {
    return redisPrefix;
  }

  public void setRedisPrefix(String redisPrefix) {
    this.redisPrefix = redisPrefix;
  }

  public Duration getRotationGrace() {
    return rotationGrace;
  }

  public void setRotationGrace(Duration rotationGrace) {
    this.rotationGrace = rotationGrace;
  }

  public Redis getRedis() {
    return redis;
  }

  /** Redis mode of the rate limits; the connection is Spring Boot's ({@code spring.data.redis.*}). */
  public static class Redis {
    /** Share limits through Redis with every gateway instance using the same Redis and key prefix. */
    private boolean enabled;
    /** Prefix of every rate-limit key the gateway writes. */
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
