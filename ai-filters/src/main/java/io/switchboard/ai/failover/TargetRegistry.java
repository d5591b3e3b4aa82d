package io.switchboard.ai.failover;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state of every failover target, keyed by {@code provider/model} and shared by all routes: a provider that
 * fails for one route is known to fail for all. One per gateway (a Spring bean).
 */
public final class TargetRegistry {

  private final CircuitSettings settings;
  private final Map<String, TargetState> states = new ConcurrentHashMap<>();

  public TargetRegistry(CircuitSettings settings) {
    this.settings = settings;
  }

  public TargetState state(String providerId, String model) {
    return states.computeIfAbsent(providerId + "/" + model, key -> new TargetState(key, settings));
  }

  /**
   * Forgets what is known about every target, or about one ({@code provider/model}): circuits close, counters and
   * latencies start over. For operators after fixing a target's credentials; returns how many were forgotten.
   */
  public int reset(@org.jspecify.annotations.Nullable String key) {
    int n = 0;
    for (TargetState state : states.values()) {
      if (key == null || state.key().equals(key)) {
        state.reset();
        n++;
      }
    }
    return n;
  }

  public Collection<TargetState> all() {
    return states.values();
  }
}
