package io.switchboard.ai.governance.keys;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** Keys and teams of one gateway instance, in memory. Changes made through the actuator are lost on restart. */
public final class InMemoryKeyStore implements KeyStore {

  private final Map<String, VirtualKey> byId = new ConcurrentHashMap<>();
  private final Map<String, String> idByHash = new ConcurrentHashMap<>();
  private final Map<String, Team> teams = new ConcurrentHashMap<>();

  @Override
  public @Nullable VirtualKey findByHash(String hash) {
    String id = idByHash.get(hash);
    return id == null ? null : byId.get(id);
  }

  @Override
  public @Nullable VirtualKey findById(String id) {
    return byId.get(id);
  }

  @Override
  public Collection<VirtualKey> keys() {
    ArrayList<VirtualKey> all = new ArrayList<>(byId.values());
    all.sort(Comparator.comparing(VirtualKey::createdAt).thenComparing(VirtualKey::id));
    return all;
  }

  @Override
  public synchronized void save(VirtualKey key) {
    VirtualKey old = byId.put(key.id(), key);
    if (old != null) {
      idByHash.remove(old.hash(), old.id());
      if (old.previousHash() != null) {
        idByHash.remove(old.previousHash(), old.id());
      }
    }
    idByHash.put(key.hash(), key.id());
    if (key.previousHash() != null) {
      idByHash.put(key.previousHash(), key.id());
    }
  }

  @Override
  public @Nullable Team team(String id) {
    return teams.get(id);
  }

  @Override
  public Collection<Team> teams() {
    ArrayList<Team> all = new ArrayList<>(teams.values());
    all.sort(Comparator.comparing(Team::id));
    return all;
  }

  @Override
  public void saveTeam(Team team) {
    teams.put(team.id(), team);
  }
}
