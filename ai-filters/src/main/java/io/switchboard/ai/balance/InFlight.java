package io.switchboard.ai.balance;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests in flight per key, counted by the gateway itself. Keys at zero are removed, so the map holds only keys
 * that are busy right now. Thread-safe; each update is one atomic map operation.
 */
final class InFlight {

  private final Map<String, Integer> counts = new ConcurrentHashMap<>();

  void start(String key) {
    counts.merge(key, 1, Integer::sum);
  }

  void finish(String key) {
    counts.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
  }

  int get(String key) {
    return counts.getOrDefault(key, 0);
  }
}
