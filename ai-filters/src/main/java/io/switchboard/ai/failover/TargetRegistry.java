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

  public Collection<TargetState> all() {
    return states.values();
  }
}
