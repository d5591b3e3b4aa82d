package io.switchboard.ai.governance.keys;

import io.switchboard.ai.governance.audit.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Virtual keys and teams: authentication on the request path (a hash lookup in local memory, then a constant-time
 * comparison) and the admin operations (create, update, rotate, revoke; teams), each audited. A key under a team
 * never exceeds the team's models, routes and limits, and a key minted by a team admin never exceeds the admin's
 * own key either.
 */
public final class KeyService {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
  private static final Pattern GLOB = Pattern.compile("[A-Za-z0-9._:/*@-]{1,128}");
  private static final Pattern ROUTE_GLOB = Pattern.compile("[A-Za-z0-9._:*@-]{1,128}");
  private static final int MAX_METADATA = 32;
  private static final int MAX_LIST = 64;

  private final KeyStore store;
  private final KeyHasher hasher;
  private final AuditLog audit;
  private final Clock clock;

  public KeyService(KeyStore store, KeyHasher hasher, AuditLog audit, Clock clock) {
    this.store = store;
    this.hasher = hasher;
    this.audit = audit;
    this.clock = clock;
  }

  public KeyStore store() {
    return store;
  }

  public AuditLog audit() {
    return audit;
  }

  // ---- request path ---------------------------------------------------------------------------------------------

  /**
   * The active, unexpired key presented, or {@code null} for a wrong, expired or revoked key (the caller answers
   * all of these alike). A rotated key's previous value is accepted until its grace period ends.
   */
  public @Nullable VirtualKey authenticate(String presented) {
    if (presented.length() > 256) {
      return null;
    }
    Instant now = clock.instant();
    VirtualKey found = check(hasher.hmac(presented), now);
    return found != null ? found : check(KeyHasher.sha256(presented), now);
  }

  private @Nullable VirtualKey check(String hash, Instant now) {
    VirtualKey key = store.findByHash(hash);
    if (key == null || key.status() != VirtualKey.Status.ACTIVE || key.expired(now)) {
      return null;
    }
    if (KeyHasher.sameHash(key.hash(), hash)) {
      return key;
    }
    boolean previous = key.previousHash() != null && KeyHasher.sameHash(key.previousHash(), hash);
    return previous && key.previousValidUntil() != null && now.isBefore(key.previousValidUntil()) ? key : null;
  }

  /** Whether the key (and its team, as it is now) allows this model and route. */
  public boolean allows(VirtualKey key, @Nullable String model, @Nullable String routeId) {
    if (!key.allows(model, routeId)) {
      return false;
    }
    if (key.team() == null) {
      return true;
    }
    Team team = store.team(key.team());
    return team != null && (model == null || Globs.anyMatches(team.models(), model))
        && (routeId == null || Globs.anyMatches(team.routes(), routeId));
  }

  // ---- admin operations -----------------------------------------------------------------------------------------

  /** A newly minted key: the plaintext is returned here once and never stored. */
  public record Minted(VirtualKey key, String plaintext) {
  }

  public Minted create(Actor actor, KeySpec spec) {
    return create(actor, null, spec);
  }

  /** Creates a key with a given id (YAML declarations use their own); {@code null} picks one. */
  public synchronized Minted create(Actor actor, @Nullable String id, KeySpec spec) {
    String keyId = id == null ? "key-" + UUID.randomUUID().toString().substring(0, 12) : checkId("id", id);
    if (store.findById(keyId) != null) {
      throw GovernanceException.badRequest("field 'id': already exists");
    }
    String plaintext = hasher.newKey();
    Instant now = clock.instant();
    VirtualKey draft = new VirtualKey(keyId, null, KeyHasher.prefixOf(plaintext), KeyHasher.lastFourOf(plaintext),
        null, null, List.of(), List.of(), null, Map.of(), KeyLimits.NONE, VirtualKey.Status.ACTIVE, now, actor.id(),
        hasher.hmac(plaintext), null, null);
    VirtualKey key = apply(actor, draft, spec, true);
    store.save(key);
    audit.record(actor.id(), "key.create", "key:" + key.id(), null, key.view());
    return new Minted(key, plaintext);
  }

  /** Registers a key declared in configuration by its hash ({@code hmac:} or {@code sha256:} form). */
  public synchronized VirtualKey declare(String id, String hash, String lastFour, KeySpec spec) {
    checkId("id", id);
    Instant now = clock.instant();
    VirtualKey draft = new VirtualKey(id, null, "(declared)", lastFour, null, null, List.of(), List.of(), null,
        Map.of(), KeyLimits.NONE, VirtualKey.Status.ACTIVE, now, Actor.CONFIG.id(), hash, null, null);
    VirtualKey key = apply(Actor.CONFIG, draft, spec, true);
    store.save(key);
    audit.record(Actor.CONFIG.id(), "key.declare", "key:" + id, null, key.view());
    return key;
  }

  public synchronized VirtualKey update(Actor actor, String id, KeySpec spec) {
    VirtualKey before = manageable(actor, id);
    VirtualKey after = apply(actor, before, spec, false);
    store.save(after);
    audit.record(actor.id(), "key.update", "key:" + id, before.view(), after.view());
    return after;
  }

  /** A new key value; the old one stays valid for {@code grace} (zero: not at all). */
  public synchronized Minted rotate(Actor actor, String id, Duration grace) {
    if (grace.isNegative() || grace.compareTo(Duration.ofDays(30)) > 0) {
      throw GovernanceException.badRequest("field 'graceSeconds': expected 0 to 30 days");
    }
    VirtualKey before = manageable(actor, id);
    if (before.status() != VirtualKey.Status.ACTIVE) {
      throw GovernanceException.badRequest("key is revoked");
    }
    String plaintext = hasher.newKey();
    Instant until = clock.instant().plus(grace);
    VirtualKey after = new VirtualKey(before.id(), before.name(), KeyHasher.prefixOf(plaintext),
        KeyHasher.lastFourOf(plaintext), before.user(), before.team(), before.models(), before.routes(),
        before.expiresAt(), before.metadata(), before.limits(), before.status(), before.createdAt(),
        before.createdBy(), hasher.hmac(plaintext), grace.isZero() ? null : before.hash(),
        grace.isZero() ? null : until);
    store.save(after);
    audit.record(actor.id(), "key.rotate", "key:" + id, before.view(), after.view());
    return new Minted(after, plaintext);
  }

  public synchronized VirtualKey revoke(Actor actor, String id) {
    VirtualKey before = manageable(actor, id);
    VirtualKey after = new VirtualKey(before.id(), before.name(), before.prefix(), before.lastFour(), before.user(),
        before.team(), before.models(), before.routes(), before.expiresAt(), before.metadata(), before.limits(),
        VirtualKey.Status.REVOKED, before.createdAt(), before.createdBy(), before.hash(), null, null);
    store.save(after);
    audit.record(actor.id(), "key.revoke", "key:" + id, before.view(), after.view());
    return after;
  }

  /** The keys an actor may see: all for an admin key, those of their teams for a team admin. */
  public List<VirtualKey> visible(Actor actor) {
    return store.keys().stream()
        .filter(k -> actor.superAdmin() || (k.team() != null && actor.adminTeams().contains(k.team())))
        .toList();
  }

  public VirtualKey get(Actor actor, String id) {
    return manageable(actor, id);
  }

  /** Creates or replaces a team; only admin keys (and configuration) may. */
  public synchronized Team saveTeam(Actor actor, Team team) {
    if (!actor.superAdmin()) {
      throw GovernanceException.forbidden("only an admin key may change teams");
    }
    checkId("id", team.id());
    team.members().keySet().forEach(u -> checkId("members", u));
    checkGlobs("models", team.models());
    checkGlobs("routes", team.routes(), ROUTE_GLOB);
    team.limits().boundedBy(KeyLimits.NONE, "");
    Team before = store.team(team.id());
    store.saveTeam(team);
    audit.record(actor.id(), before == null ? "team.create" : "team.update", "team:" + team.id(),
        before == null ? null : before.view(), team.view());
    return team;
  }

  // ---- bounds ---------------------------------------------------------------------------------------------------

  private VirtualKey manageable(Actor actor, String id) {
    VirtualKey key = ID.matcher(id).matches() ? store.findById(id) : null;
    if (key == null || !(actor.superAdmin() || (key.team() != null && actor.adminTeams().contains(key.team())))) {
      throw GovernanceException.notFound("key"); // the same answer for keys the actor may not see
    }
    return key;
  }

  private VirtualKey apply(Actor actor, VirtualKey base, KeySpec spec, boolean creating) {
    String name = spec.name() != null ? checkText("name", spec.name()) : base.name();
    String user = spec.user() != null ? checkId("user", spec.user()) : base.user();
    String teamId = base.team();
    if (spec.team() != null) {
      if (!creating && !spec.team().equals(base.team())) {
        throw GovernanceException.badRequest("field 'team': a key cannot change teams");
      }
      teamId = checkId("team", spec.team());
    }
    List<String> models = spec.models() != null ? checkGlobs("models", spec.models()) : base.models();
    List<String> routes = spec.routes() != null ? checkGlobs("routes", spec.routes(), ROUTE_GLOB) : base.routes();
    Instant expiresAt = spec.expiresAt() != null ? spec.expiresAt() : base.expiresAt();
    Map<String, String> metadata = spec.metadata() != null ? checkMetadata(spec.metadata()) : base.metadata();
    KeyLimits limits = spec.limits() != null ? spec.limits() : base.limits();
    limits = limits.boundedBy(KeyLimits.NONE, "");

    if (!actor.superAdmin()) {
      if (teamId == null || !actor.adminTeams().contains(teamId)) {
        throw GovernanceException.forbidden("field 'team': a team admin can only manage keys of their teams");
      }
    }
    // The creator's own key first (an empty list inherits it), then the team, as it is now.
    VirtualKey creator = actor.key();
    if (creator != null) {
      models = bound("models", models, creator.models(), "your own key");
      routes = bound("routes", routes, creator.routes(), "your own key");
      limits = limits.boundedBy(creator.limits(), "your own key");
      if (creator.expiresAt() != null && (expiresAt == null || expiresAt.isAfter(creator.expiresAt()))) {
        expiresAt = creator.expiresAt();
      }
    }
    if (teamId != null) {
      Team team = store.team(teamId);
      if (team == null) {
        throw GovernanceException.badRequest("field 'team': no such team");
      }
      if (user != null && !actor.superAdmin() && !team.members().containsKey(user)) {
        throw GovernanceException.forbidden("field 'user': not a member of the team");
      }
      models = bound("models", models, team.models(), "the team");
      routes = bound("routes", routes, team.routes(), "the team");
      limits = limits.boundedBy(team.limits(), "the team");
    }
    return new VirtualKey(base.id(), name, base.prefix(), base.lastFour(), user, teamId, models, routes, expiresAt,
        metadata, limits, base.status(), base.createdAt(), base.createdBy(), base.hash(), base.previousHash(),
        base.previousValidUntil());
  }

  /** The key's globs bounded by {@code outer}: inherited when empty, else each must lie within. */
  private static List<String> bound(String field, List<String> globs, List<String> outer, String by) {
    if (outer.isEmpty()) {
      return globs;
    }
    if (globs.isEmpty()) {
      return outer;
    }
    for (String g : globs) {
      if (!Globs.within(g, outer)) {
        throw GovernanceException.forbidden("field '" + field + "': exceeds what " + by + " allows");
      }
    }
    return globs;
  }

  private static String checkId(String field, String value) {
    if (!ID.matcher(value).matches()) {
      throw GovernanceException.badRequest("field '" + field + "': expected 1-64 of A-Z a-z 0-9 . _ @ -");
    }
    return value;
  }

  private static String checkText(String field, String value) {
    if (value.length() > 256 || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw GovernanceException.badRequest("field '" + field + "': at most 256 characters, no control characters");
    }
    if (!AuditLog.redact(value).equals(value)) {
      throw GovernanceException.badRequest("field '" + field + "': looks like a key or hash; secrets do not belong here");
    }
    return value;
  }

  private static List<String> checkGlobs(String field, List<String> globs) {
    return checkGlobs(field, globs, GLOB);
  }

  private static List<String> checkGlobs(String field, List<String> globs, Pattern pattern) {
    if (globs.size() > MAX_LIST) {
      throw GovernanceException.badRequest("field '" + field + "': at most " + MAX_LIST + " entries");
    }
    for (Object g : globs) {
      if (!(g instanceof String s) || !pattern.matcher(s).matches()) {
        throw GovernanceException.badRequest("field '" + field + "': expected globs of A-Z a-z 0-9 . _ : @ - and *"
            + (pattern == GLOB ? " (and / for models)" : ""));
      }
    }
    return List.copyOf(globs);
  }

  private static Map<String, String> checkMetadata(Map<String, ?> metadata) {
    if (metadata.size() > MAX_METADATA) {
      throw GovernanceException.badRequest("field 'metadata': at most " + MAX_METADATA + " entries");
    }
    Map<String, String> out = new HashMap<>();
    metadata.forEach((k, v) -> {
      checkId("metadata", k);
      if (!(v instanceof String s)) {
        throw GovernanceException.badRequest("field 'metadata': values must be strings");
      }
      out.put(k, checkText("metadata", s));
    });
    return out;
  }

  /** The actor a presented admin credential names when it is a team admin's own virtual key, else null. */
  public @Nullable Actor teamAdmin(String presented) {
    VirtualKey key = authenticate(presented);
    if (key == null || key.user() == null) {
      return null;
    }
    List<String> teams = new ArrayList<>();
    for (Team t : store.teams()) {
      if (t.isAdmin(key.user())) {
        teams.add(t.id());
      }
    }
    return teams.isEmpty() ? null : new Actor("user:" + key.user() + " (key " + key.id() + ")", false,
        Set.copyOf(teams), key);
  }
}
