package io.switchboard.ai.governance.keys;

import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * Where virtual keys and teams live. Implementations must answer {@link #findByHash} from local memory (the request
 * path calls it); a shared implementation keeps a local copy and invalidates it on change.
 */
public interface KeyStore {

  /** The key whose current or previous hash is {@code hash} (the stored form, e.g. {@code hmac:<hex>}). */
  @Nullable VirtualKey findByHash(String hash);

  @Nullable VirtualKey findById(String id);

  Collection<VirtualKey> keys();

  /** Stores (or replaces, by id) a key and re-indexes its hashes. */
  void save(VirtualKey key);

  @Nullable Team team(String id);

  Collection<Team> teams();

  void saveTeam(Team team);
}
