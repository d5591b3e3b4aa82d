package io.switchboard.ai.governance.keys;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code ai.governance.keys[*]}: a key declared in YAML by its hash ({@code sha256:<hex>} or {@code hmac:<hex>}),
 * never the key itself.
 */
public class DeclaredKey {
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
  private DeclaredLimits limits = new DeclaredLimits();

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

  public DeclaredLimits getLimits() {
    return limits;
  }

  public void setLimits(DeclaredLimits limits) {
    this.limits = limits;
  }
}
