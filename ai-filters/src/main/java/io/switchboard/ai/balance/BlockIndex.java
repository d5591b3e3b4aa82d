package io.switchboard.ai.balance;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Which replica was recently sent which block hashes: the router's picture of each replica's KV cache, since the
 * engines do not tell. One bounded LRU set of hashes per replica key; at most {@code maxReplicas} replicas, the
 * one least recently recorded forgotten first.
 *
 * <p>Thread-safe. Each replica has its own read/write lock, taken once per call rather than once per block:
 * matching (read) runs concurrently, recording (write) excludes only that replica's readers for the few
 * microseconds of the insert. Matching does not refresh recency: only being sent a prompt does, as in the engine.
 * A remembered block costs about 100 bytes (a boxed key in a linked hash map).
 */
final class BlockIndex {

  private final int capacity;
  private final int maxReplicas;
  private final Map<String, Replica> replicas = new ConcurrentHashMap<>();
  private final AtomicLong clock = new AtomicLong();

  BlockIndex(int capacity, int maxReplicas) {
    this.capacity = capacity;
    this.maxReplicas = maxReplicas;
  }

  /** How many leading blocks of {@code prompt} {@code key} holds: matching stops at the first block it lacks. */
  int matched(String key, BlockHashes prompt) {
    Replica replica = replicas.get(key);
    return replica == null || prompt.isEmpty() ? 0 : replica.matched(prompt);
  }

  /** Remembers that {@code key} was sent {@code prompt}: its blocks become the most recently used. */
  void record(String key, BlockHashes prompt) {
    Replica replica = replicas.computeIfAbsent(key, k -> new Replica(capacity));
    replica.lastRecorded = clock.incrementAndGet();
    replica.record(prompt);
    if (replicas.size() > maxReplicas) {
      replicas.entrySet().stream().filter(e -> !e.getKey().equals(key))
          .min(Comparator.comparingLong(e -> e.getValue().lastRecorded))
          .ifPresent(oldest -> replicas.remove(oldest.getKey(), oldest.getValue()));
    }
  }

  /** Forgets everything about {@code key} (a replica that left, or restarted with an empty cache). */
  void forget(String key) {
    replicas.remove(key);
  }

  /** Blocks remembered for {@code key}. */
  int size(String key) {
    Replica replica = replicas.get(key);
    return replica == null ? 0 : replica.size();
  }

  private static final class Replica {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final LinkedHashMap<Long, Boolean> blocks;
    volatile long lastRecorded;

    Replica(int capacity) {
      blocks = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
          return size() > capacity;
        }
      };
    }

    int matched(BlockHashes prompt) {
      lock.readLock().lock();
      try {
        int n = 0;
        // containsKey does not reorder an access-ordered LinkedHashMap, so readers may share the lock.
        while (n < prompt.size() && blocks.containsKey(prompt.get(n))) {
          n++;
        }
        return n;
      } finally {
        lock.readLock().unlock();
      }
    }

    void record(BlockHashes prompt) {
      lock.writeLock().lock();
      try {
        // Last block first, so the first blocks end up most recent and the tail is evicted first, as vLLM frees
        // blocks: evicting block 0 would make every later block of the chain unreachable.
        for (int i = prompt.size() - 1; i >= 0; i--) {
          blocks.put(prompt.get(i), Boolean.TRUE);
        }
      } finally {
        lock.writeLock().unlock();
      }
    }

    int size() {
      lock.readLock().lock();
      try {
        return blocks.size();
      } finally {
        lock.readLock().unlock();
      }
    }
  }
}
