package io.switchboard.ai.governance.audit;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory audit log of key, team, budget and credential changes: the newest {@code maxEntries} entries. Each
 * entry is also logged (logger {@code io.switchboard.ai.audit}) without its before/after. Values are redacted: any
 * string that looks like a key ({@code sk-…}) or a hash ({@code hmac:}/{@code sha256:}) is replaced.
 */
public final class AuditLog {

  private static final Logger LOG = LoggerFactory.getLogger("io.switchboard.ai.audit");
  private static final Pattern SECRET = Pattern.compile(
      "(sk-[A-Za-z0-9_\\-]{8,}|(?i:hmac|sha256):[0-9a-fA-F]{16,})");

  private final int maxEntries;
  private final Clock clock;
  private final ArrayDeque<AuditEntry> entries = new ArrayDeque<>();
  private long seq;

  public AuditLog(int maxEntries, Clock clock) {
    this.maxEntries = Math.max(1, maxEntries);
    this.clock = clock;
  }

  public synchronized AuditEntry record(String actor, String action, String target,
      @Nullable Map<String, Object> before, @Nullable Map<String, Object> after) {
    AuditEntry entry = new AuditEntry(++seq, clock.instant(), redact(actor), action, redact(target),
        redactMap(before), redactMap(after));
    entries.addLast(entry);
    while (entries.size() > maxEntries) {
      entries.removeFirst();
    }
    LOG.info("audit #{} {} {} by {}", entry.seq(), entry.action(), entry.target(), entry.actor());
    return entry;
  }

  /** Entries oldest first, filtered by target (exact, e.g. {@code key:k1}) and/or actor when given. */
  public synchronized List<AuditEntry> query(@Nullable String target, @Nullable String actor, int limit) {
    List<AuditEntry> out = new ArrayList<>();
    for (AuditEntry e : entries) {
      if ((target == null || e.target().equals(target)) && (actor == null || e.actor().equals(actor))) {
        out.add(e);
      }
    }
    return out.size() > limit ? out.subList(out.size() - limit, out.size()) : out;
  }

  public static String redact(String s) {
    return SECRET.matcher(s).replaceAll("[redacted]");
  }

  private static @Nullable Map<String, Object> redactMap(@Nullable Map<String, Object> map) {
    if (map == null) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, redactValue(v)));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static @Nullable Object redactValue(@Nullable Object v) {
    if (v instanceof String s) {
      return redact(s);
    }
    if (v instanceof Map<?, ?> m) {
      return redactMap((Map<String, Object>) m);
    }
    if (v instanceof Collection<?> c) {
      return c.stream().map(AuditLog::redactValue).toList();
    }
    return v;
  }
}
