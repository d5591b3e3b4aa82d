package io.switchboard.ai.governance.keys;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A team: members with roles, and the bounds (models, routes, limits) of every key minted under it. Empty model or
 * route lists mean "no restriction".
 */
public record Team(String id, Map<String, Role> members, List<String> models, List<String> routes, KeyLimits limits) {

  /** Exchange attribute holding the {@code Team} of the admitted virtual key, when it has one (set by AiAuth). */
  public static final String ATTRIBUTE = Team.class.getName();

  public enum Role {
    ADMIN, MEMBER;

    public static Role parse(String s) {
      return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "admin" -> ADMIN;
        case "member" -> MEMBER;
        default -> throw GovernanceException.badRequest("role: expected admin or member");
      };
    }
  }

  public Team {
    members = Map.copyOf(members);
    models = List.copyOf(models);
    routes = List.copyOf(routes);
  }

  public boolean isAdmin(String user) {
    return members.get(user) == Role.ADMIN;
  }

  public Map<String, Object> view() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    Map<String, String> roles = new java.util.TreeMap<>();
    members.forEach((u, r) -> roles.put(u, r.name().toLowerCase(java.util.Locale.ROOT)));
    m.put("members", roles);
    m.put("models", models);
    m.put("routes", routes);
    m.put("limits", limits.view());
    return m;
  }
}
