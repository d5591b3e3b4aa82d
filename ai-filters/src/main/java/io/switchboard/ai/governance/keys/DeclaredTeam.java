package io.switchboard.ai.governance.keys;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code ai.governance.teams[*]}: a team declared in YAML. */
public class DeclaredTeam {
  private @Nullable String id;
  /** user → admin | member. */
  private Map<String, String> members = new LinkedHashMap<>();
  private List<String> models = new ArrayList<>();
  private List<String> routes = new ArrayList<>();
  private DeclaredLimits limits = new DeclaredLimits();

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

  public DeclaredLimits getLimits() {
    return limits;
  }

  public void setLimits(DeclaredLimits limits) {
    this.limits = limits;
  }
}
