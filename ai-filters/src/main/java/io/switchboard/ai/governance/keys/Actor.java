package io.switchboard.ai.governance.keys;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who performs an admin operation: an operator holding an admin key ({@code superAdmin}), or a team admin
 * authenticated by their own virtual key, who may manage keys only in {@code adminTeams} and never grant more than
 * that key holds.
 */
public record Actor(String id, boolean superAdmin, Set<String> adminTeams, @Nullable VirtualKey key) {

  public static final Actor CONFIG = new Actor("config", true, Set.of(), null);

  public static Actor admin(String id) {
    return new Actor(id, true, Set.of(), null);
  }
}
