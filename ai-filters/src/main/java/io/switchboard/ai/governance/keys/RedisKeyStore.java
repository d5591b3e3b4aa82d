package io.switchboard.ai.governance.keys;

import io.switchboard.ai.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;

/**
 * Keys and teams shared by the instances of a gateway through Redis, answered from a local copy: the request path
 * reads only local memory. Changes are written to Redis hashes ({@code <prefix>:keys}, {@code <prefix>:teams}) and
 * announced on {@code <prefix>:changed}; every other instance re-reads the changed entry. Writes do not wait for Redis
 * (they run on the event loop); a lost write is logged. At startup the local copy is filled from Redis (bounded wait);
 * with Redis down the instance starts with what configuration declares.
 */
public final class RedisKeyStore implements KeyStore, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RedisKeyStore.class);

  private final ReactiveStringRedisTemplate redis;
  private final InMemoryKeyStore local = new InMemoryKeyStore();
  private final String keysHash;
  private final String teamsHash;
  private final String channel;
  private final String instance = UUID.randomUUID().toString();
  private final Disposable subscription;

  public RedisKeyStore(ReactiveStringRedisTemplate redis, String prefix, Duration startupTimeout) {
    this.redis = redis;
    this.keysHash = prefix + ":keys";
    this.teamsHash = prefix + ":teams";
    this.channel = prefix + ":changed";
    this.subscription = redis.listenToChannel(channel)
        .subscribe(message -> onChange(message.getMessage()), e -> LOG.warn("key change subscription ended: {}",
            e.toString()));
    try {
      redis.opsForHash().entries(teamsHash).doOnNext(e -> local.saveTeam(decodeTeam((String) e.getValue())))
          .then(redis.opsForHash().entries(keysHash).doOnNext(e -> local.save(decodeKey((String) e.getValue())))
              .then())
          .block(startupTimeout);
    } catch (RuntimeException e) {
      LOG.warn("could not load virtual keys from Redis at startup ({}); starting with the declared ones",
          e.getClass().getSimpleName());
    }
  }

  private void onChange(String message) {
    String[] parts = message.split(" ", 3);
    if (parts.length != 3 || parts[0].equals(instance)) {
      return;
    }
    String hash = parts[1].equals("team") ? teamsHash : keysHash;
    redis.<String, String>opsForHash().get(hash, parts[2]).subscribe(json -> {
      if (parts[1].equals("team")) {
        local.saveTeam(decodeTeam(json));
      } else {
        local.save(decodeKey(json));
      }
    }, e -> LOG.warn("could not re-read a changed {} from Redis: {}", parts[1], e.getClass().getSimpleName()));
  }

  @Override
  public @Nullable VirtualKey findByHash(String hash) {
    return local.findByHash(hash);
  }

  @Override
  public @Nullable VirtualKey findById(String id) {
    return local.findById(id);
  }

  @Override
  public Collection<VirtualKey> keys() {
    return local.keys();
  }

  @Override
  public void save(VirtualKey key) {
    local.save(key);
    publish(keysHash, "key", key.id(), encode(key));
  }

  @Override
  public @Nullable Team team(String id) {
    return local.team(id);
  }

  @Override
  public Collection<Team> teams() {
    return local.teams();
  }

  @Override
  public void saveTeam(Team team) {
    local.saveTeam(team);
    publish(teamsHash, "team", team.id(), encode(team));
  }

  private void publish(String hash, String kind, String id, String json) {
    redis.opsForHash().put(hash, id, json)
        .then(redis.convertAndSend(channel, instance + " " + kind + " " + id))
        .subscribe(null, e -> LOG.warn("could not store a {} change in Redis: {}", kind, e.getClass().getSimpleName()));
  }

  @Override
  public void close() {
    subscription.dispose();
  }

  // ---- encoding (the stored form has the key's hash, never the key) -----------------------------------------------

  static String encode(VirtualKey k) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", k.id());
    m.put("name", k.name());
    m.put("prefix", k.prefix());
    m.put("lastFour", k.lastFour());
    m.put("user", k.user());
    m.put("team", k.team());
    m.put("models", k.models());
    m.put("routes", k.routes());
    m.put("expiresAt", k.expiresAt() == null ? null : k.expiresAt().toString());
    m.put("metadata", k.metadata());
    m.put("limits", limits(k.limits()));
    m.put("status", k.status().name());
    m.put("createdAt", k.createdAt().toString());
    m.put("createdBy", k.createdBy());
    m.put("hash", k.hash());
    m.put("previousHash", k.previousHash());
    m.put("previousValidUntil", k.previousValidUntil() == null ? null : k.previousValidUntil().toString());
    return Json.MAPPER.writeValueAsString(m);
  }

  static String encode(Team t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    Map<String, String> members = new LinkedHashMap<>();
    t.members().forEach((u, r) -> members.put(u, r.name()));
    m.put("members", members);
    m.put("models", t.models());
    m.put("routes", t.routes());
    m.put("limits", limits(t.limits()));
    return Json.MAPPER.writeValueAsString(m);
  }

  static VirtualKey decodeKey(String json) {
    JsonNode n = Json.MAPPER.readTree(json);
    Map<String, String> metadata = new LinkedHashMap<>();
    n.path("metadata").properties().forEach(e -> metadata.put(e.getKey(), e.getValue().asString()));
    return new VirtualKey(n.path("id").asString(), text(n, "name"), n.path("prefix").asString(),
        n.path("lastFour").asString(), text(n, "user"), text(n, "team"), strings(n.path("models")),
        strings(n.path("routes")), instant(n, "expiresAt"), metadata, limits(n.path("limits")),
        VirtualKey.Status.valueOf(n.path("status").asString()), Instant.parse(n.path("createdAt").asString()),
        n.path("createdBy").asString(), n.path("hash").asString(), text(n, "previousHash"),
        instant(n, "previousValidUntil"));
  }

  static Team decodeTeam(String json) {
    JsonNode n = Json.MAPPER.readTree(json);
    Map<String, Team.Role> members = new LinkedHashMap<>();
    n.path("members").properties().forEach(e -> members.put(e.getKey(), Team.Role.valueOf(e.getValue().asString())));
    return new Team(n.path("id").asString(), members, strings(n.path("models")), strings(n.path("routes")),
        limits(n.path("limits")));
  }

  private static Map<String, Object> limits(KeyLimits l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("requestsPerMinute", l.requestsPerMinute());
    m.put("tokensPerMinute", l.tokensPerMinute());
    m.put("budgetUsd", l.budgetUsd());
    return m;
  }

  private static KeyLimits limits(JsonNode n) {
    return new KeyLimits(n.path("requestsPerMinute").isNumber() ? n.path("requestsPerMinute").asLong() : null,
        n.path("tokensPerMinute").isNumber() ? n.path("tokensPerMinute").asLong() : null,
        n.path("budgetUsd").isNumber() ? n.path("budgetUsd").asDouble() : null);
  }

  private static @Nullable String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isString() ? v.asString() : null;
  }

  private static @Nullable Instant instant(JsonNode n, String field) {
    String v = text(n, field);
    return v == null ? null : Instant.parse(v);
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.forEach(v -> out.add(v.asString()));
    return out;
  }
}
