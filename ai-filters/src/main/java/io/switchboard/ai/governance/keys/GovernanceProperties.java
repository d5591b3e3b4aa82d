package io.switchboard.ai.governance.keys;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code ai.governance.*}: virtual keys, teams, admin keys and the audit log. */
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

  /** Grace period of a rotated key's old value when the rotate call names none. */
  private Duration rotationGrace = Duration.ofHours(1);

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

  public Duration getRotationGrace() {
    return rotationGrace;
  }

  public void setRotationGrace(Duration rotationGrace) {
    this.rotationGrace = rotationGrace;
  }

  /** Limits and budget of a key or team (plain data for the rate-limit and budget filters). */
  public static class Limits {
    private @Nullable Long requestsPerMinute;
    private @Nullable Long tokensPerMinute;
    private @Nullable Double budgetUsd;

    public KeyLimits toLimits() {
      return new KeyLimits(requestsPerMinute, tokensPerMinute, budgetUsd);
    }

    public @Nullable Long getRequestsPerMinute() {
      return requestsPerMinute;
    }

    public void setRequestsPerMinute(@Nullable Long requestsPerMinute) {
      this.requestsPerMinute = requestsPerMinute;
    }

    public @Nullable Long getTokensPerMinute() {
      return tokensPerMinute;
    }

    public void setTokensPerMinute(@Nullable Long tokensPerMinute) {
      this.tokensPerMinute = tokensPerMinute;
    }

    public @Nullable Double getBudgetUsd() {
      return budgetUsd;
    }

    public void setBudgetUsd(@Nullable Double budgetUsd) {
      this.budgetUsd = budgetUsd;
    }
  }

  /** A key declared in YAML: its hash ({@code sha256:<hex>} or {@code hmac:<hex>}), never the key itself. */
  public static class DeclaredKey {
    private @Nullable String id;
    private @Nullable String hash;
    /** The key's last four characters, for listings only (optional). */
    private String lastFour = "????";
    private @Nullable String name;
    private @Nullable String user;
    private @Nullable String team;
    private List<String> models = new ArrayList<>();
    private List<String> routes = new ArrayList<>();
    /** ISO-8601 instant, e.g. 2027-01-01T00:00:00Z. */
    private @Nullable String expiresAt;
    private Map<String, String> metadata = new LinkedHashMap<>();
    private Limits limits = new Limits();

    public @Nullable String getId() {
      return id;
    }

    public void setId(@Nullable String id) {
      this.id = id;
    }

    public @Nullable String getHash() {
      return hash;
    }

    public void setHash(@Nullable String hash) {
      this.hash = hash;
    }

    public String getLastFour() {
      return lastFour;
    }

    public void setLastFour(String lastFour) {
      this.lastFour = lastFour;
    }

    public @Nullable String getName() {
      return name;
    }

    public void setName(@Nullable String name) {
      this.name = name;
    }

    public @Nullable String getUser() {
      return user;
    }

    public void setUser(@Nullable String user) {
      this.user = user;
    }

    public @Nullable String getTeam() {
      return team;
    }

    public void setTeam(@Nullable String team) {
      this.team = team;
    }

    public List<String> getModels() {
      return models;
    }

    public void setModels(List<String> models) {
      this.models = models;
    }

    public List<String> getRoutes() {
      return routes;
    }

    public void setRoutes(List<String> routes) {
      this.routes = routes;
    }

    public @Nullable String getExpiresAt() {
      return expiresAt;
    }

    public void setExpiresAt(@Nullable String expiresAt) {
      this.expiresAt = expiresAt;
    }

    public Map<String, String> getMetadata() {
      return metadata;
    }

    public void setMetadata(Map<String, String> metadata) {
      this.metadata = metadata;
    }

    public Limits getLimits() {
      return limits;
    }

    public void setLimits(Limits limits) {
      this.limits = limits;
    }
  }

  /** A team declared in YAML. */
  public static class DeclaredTeam {
    private @Nullable String id;
    /** user → admin | member. */
    private Map<String, String> members = new LinkedHashMap<>();
    private List<String> models = new ArrayList<>();
    private List<String> routes = new ArrayList<>();
    private Limits limits = new Limits();

    public @Nullable String getId() {
      return id;
    }

    public void setId(@Nullable String id) {
      this.id = id;
    }

    public Map<String, String> getMembers() {
      return members;
    }

    public void setMembers(Map<String, String> members) {
      this.members = members;
    }

    public List<String> getModels() {
      return models;
    }

    public void setModels(List<String> models) {
      this.models = models;
    }

    public List<String> getRoutes() {
      return routes;
    }

    public void setRoutes(List<String> routes) {
      this.routes = routes;
    }

    public Limits getLimits() {
      return limits;
    }

    public void setLimits(Limits limits) {
      this.limits = limits;
    }
  }
}
