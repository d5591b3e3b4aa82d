package io.switchboard.ai.governance.keys;

import io.switchboard.ai.governance.audit.AuditLog;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A virtual client key. Holds only the key's hash ({@code hmac:<hex>} or, for keys declared in YAML,
 * {@code sha256:<hex>}), never the key. After a rotation the previous hash stays valid until
 * {@code previousValidUntil}. {@code AiAuth} puts the key that authenticated a request on the exchange under
 * {@link #ATTRIBUTE}, for rate limits and budgets to key on ({@link #id()}, {@link #team()}, {@link #limits()}).
 */
public record VirtualKey(String id, @Nullable String name, String prefix, String lastFour, @Nullable String user,
    @Nullable String team, List<String> models, List<String> routes, @Nullable Instant expiresAt,
    Map<String, String> metadata, KeyLimits limits, Status status, Instant createdAt, String createdBy,
    String hash, @Nullable String previousHash, @Nullable Instant previousValidUntil) {

  public static final String ATTRIBUTE = VirtualKey.class.getName();

  public enum Status { ACTIVE, REVOKED }

  public VirtualKey {
    models = List.copyOf(models);
    routes = List.copyOf(routes);
    metadata = Map.copyOf(metadata);
  }

  public boolean expired(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  /** Whether the key may ask for {@code model} (null: the request names none) on route {@code routeId}. */
  public boolean allows(@Nullable String model, @Nullable String routeId) {
    return (model == null || Globs.anyMatches(models, model)) && (routeId == null || Globs.anyMatches(routes, routeId));
  }

  /** What listings and the audit log show: no hash, the key only as prefix and last four characters. */
  public Map<String, Object> view() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("name", name == null ? null : AuditLog.redact(name));
    m.put("key", prefix + "…" + lastFour);
    m.put("user", user);
    m.put("team", team);
    m.put("models", models);
    m.put("routes", routes);
    m.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
    java.util.TreeMap<String, String> meta = new java.util.TreeMap<>();
    metadata.forEach((k, v) -> meta.put(k, AuditLog.redact(v)));
    m.put("metadata", meta);
    m.put("limits", limits.view());
    m.put("status", status.name().toLowerCase(java.util.Locale.ROOT));
    m.put("createdAt", createdAt.toString());
    m.put("createdBy", createdBy);
    m.put("previousKeyValidUntil", previousValidUntil == null ? null : previousValidUntil.toString());
    return m;
  }

  @Override
  public String toString() {
    return "VirtualKey[" + id + ", " + prefix + "…" + lastFour + ", " + status + "]";
  }
}
