package io.switchboard.ai.governance.keys;

import io.switchboard.ai.governance.GovernanceProperties;
import io.switchboard.ai.governance.audit.AuditLog;
import io.switchboard.ai.provider.InvalidConfigurationException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Builds the virtual-key service from {@code ai.governance.*}, checking every setting at startup (each problem
 * named by property, never by value). {@link #keys()} is {@code null} when virtual keys are not used.
 */
public final class Governance {

  private static final String P = "ai.governance.";

  private final @Nullable KeyService keys;
  private final AuditLog audit;
  private final Map<String, String> adminHashes; // sha256 hash -> admin id
  private final GovernanceProperties properties;

  public Governance(GovernanceProperties properties, Clock clock) {
    this(properties, clock, null);
  }

  /** @param store where keys and teams live; {@code null}: in this instance's memory */
  public Governance(GovernanceProperties properties, Clock clock, @Nullable KeyStore store) {
    this.properties = properties;
    // The audit log exists even without virtual keys: credential events are recorded there too.
    this.audit = new AuditLog(properties.getAuditMaxEntries(), clock);
    List<String> problems = new ArrayList<>();
    this.adminHashes = new HashMap<>();
    properties.getAdminKeys().forEach((id, value) -> {
      String v = value == null ? "" : value.trim();
      if (!id.matches("[A-Za-z0-9._@-]{1,64}")) {
        problems.add(P + "admin-keys." + id + ": id (expected 1-64 of A-Z a-z 0-9 . _ @ -)");
      } else if (v.toLowerCase(Locale.ROOT).startsWith("sha256:")) {
        if (!v.substring(7).matches("[0-9a-fA-F]{64}")) {
          problems.add(P + "admin-keys." + id + ": malformed hash (expected: sha256: followed by 64 hex digits)");
        } else {
          adminHashes.put("sha256:" + v.substring(7).toLowerCase(Locale.ROOT), "admin:" + id);
        }
      } else if (v.length() < 16) {
        problems.add(P + "admin-keys." + id + ": too short (expected at least 16 characters, or sha256:<hex>)");
      } else {
        adminHashes.put(KeyHasher.sha256(v), "admin:" + id);
      }
    });
    if (!properties.used()) {
      if (!problems.isEmpty()) {
        throw new InvalidConfigurationException("Invalid Switchboard governance", problems);
      }
      this.keys = null;
      return;
    }
    String kind = properties.getKeyStore() == null ? "" : properties.getKeyStore().trim();
    if (!kind.equals("memory") && !kind.equals("redis")) {
      problems.add(P + "key-store: unknown (expected memory or redis)");
    } else if (kind.equals("redis") && store == null) {
      problems.add(P + "key-store: redis (expected spring-boot-starter-data-redis-reactive on the classpath)");
    }
    String secret = properties.getKeySecret();
    if (secret == null || secret.length() < 32) {
      problems.add(P + "key-secret: " + (secret == null || secret.isEmpty() ? "missing" : "too short")
          + " (expected at least 32 characters, since virtual keys are used)");
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException("Invalid Switchboard governance", problems);
    }
    KeyService service = new KeyService(store == null ? new InMemoryKeyStore() : store, new KeyHasher(secret),
        audit, clock);
    declare(service, properties, problems);
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException("Invalid Switchboard governance", problems);
    }
    this.keys = service;
  }

  private static void declare(KeyService service, GovernanceProperties properties, List<String> problems) {
    List<DeclaredTeam> teams = properties.getTeams();
    for (int i = 0; i < teams.size(); i++) {
      DeclaredTeam t = teams.get(i);
      String where = P + "teams[" + i + "]";
      try {
        Map<String, Team.Role> members = new HashMap<>();
        t.getMembers().forEach((u, r) -> members.put(u, Team.Role.parse(r)));
        service.saveTeam(Actor.CONFIG, new Team(String.valueOf(t.getId()), members, t.getModels(), t.getRoutes(),
            t.getLimits().toLimits()));
      } catch (GovernanceException e) {
        problems.add(where + ": " + e.getMessage());
      }
    }
    List<DeclaredKey> keys = properties.getKeys();
    for (int i = 0; i < keys.size(); i++) {
      DeclaredKey k = keys.get(i);
      String where = P + "keys[" + i + "]";
      String hash = k.getHash() == null ? "" : k.getHash().trim().toLowerCase(Locale.ROOT);
      if (!hash.matches("(sha256|hmac):[0-9a-f]{64}")) {
        problems.add(where + ".hash: malformed (expected sha256:<64 hex> or hmac:<64 hex>; never the key itself)");
        continue;
      }
      if (k.getId() == null) {
        problems.add(where + ".id: missing");
        continue;
      }
      try {
        Instant expires = k.getExpiresAt() == null ? null : Instant.parse(k.getExpiresAt());
        String lastFour = k.getLastFour().matches("[A-Za-z0-9?]{4}") ? k.getLastFour() : "????";
        service.declare(k.getId(), hash, lastFour, new KeySpec(k.getName(), k.getUser(), k.getTeam(), k.getModels(),
            k.getRoutes(), expires, k.getMetadata(), k.getLimits().toLimits()));
      } catch (DateTimeParseException e) {
        problems.add(where + ".expires-at: expected an ISO-8601 instant such as 2027-01-01T00:00:00Z");
      } catch (GovernanceException e) {
        problems.add(where + ": " + e.getMessage());
      }
    }
  }

  public @Nullable KeyService keys() {
    return keys;
  }

  /** Every audited change: keys, teams, budgets and credentials. */
  public AuditLog audit() {
    return audit;
  }

  public GovernanceProperties properties() {
    return properties;
  }

  /**
   * The actor an authenticated principal with these roles is: an admin ({@code principal:<name>}) when it holds one
   * of {@code ai.governance.admin-roles}, else a team admin of every team {@code <team-admin-role-prefix><team>}
   * names; {@code null} when it holds none of these.
   */
  public @Nullable Actor actor(String principalName, Collection<String> roles) {
    String id = "principal:" + printable(principalName);
    if (roles.stream().anyMatch(properties.getAdminRoles()::contains)) {
      return Actor.admin(id);
    }
    String prefix = properties.getTeamAdminRolePrefix();
    if (prefix == null || prefix.isEmpty() || keys == null) {
      return null;
    }
    Set<String> teams = new TreeSet<>();
    for (String role : roles) {
      if (role.startsWith(prefix) && role.length() > prefix.length()) {
        teams.add(role.substring(prefix.length()));
      }
    }
    return teams.isEmpty() ? null : new Actor(id, false, Set.copyOf(teams), null);
  }

  /** A principal's name as the audit log may show it: no control characters, at most 128 characters. */
  private static String printable(String name) {
    String clean = name.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > 128 ? clean.substring(0, 128) : clean;
  }

  /** The actor an admin credential names: an admin key, or a team admin's own virtual key; else null. */
  public @Nullable Actor actor(@Nullable String presented) {
    if (presented == null || presented.isBlank() || presented.length() > 256) {
      return null;
    }
    String hash = KeyHasher.sha256(presented.trim());
    String found = null;
    for (Map.Entry<String, String> e : adminHashes.entrySet()) {
      if (KeyHasher.sameHash(e.getKey(), hash)) {
        found = e.getValue();
      }
    }
    if (found != null) {
      return Actor.admin(found);
    }
    return keys == null ? null : keys.teamAdmin(presented.trim());
  }
}
