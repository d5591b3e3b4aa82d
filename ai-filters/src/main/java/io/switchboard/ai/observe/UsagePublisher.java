package io.switchboard.ai.observe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Hands usage records to the {@link UsageSink}s off the request path. Requests {@link #offer} what their record is
 * built from (a cheap snapshot); one daemon thread builds the records, feeds the listeners (metrics) and passes
 * batches to every sink. The queue is bounded and lock-free: an offer never blocks, and when the queue is full the
 * record is dropped and counted ({@code queue_full}). A sink that throws loses that batch for itself only
 * ({@code sink_error}). Stopping drains the queue, then flushes every sink, within the shutdown timeout.
 */
public final class UsagePublisher implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(UsagePublisher.class);

  private final List<UsageSink> sinks;
  private final List<Consumer<UsageRecord>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final int capacity;
  private final int batchSize;
  private final Duration shutdownTimeout;
  private final ConcurrentLinkedQueue<Supplier<UsageRecord>> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicLong droppedQueueFull = new AtomicLong();
  private final AtomicLong buildErrors = new AtomicLong();
  private final AtomicLong processed = new AtomicLong();
  private final Map<String, AtomicLong> delivered = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> sinkErrors = new ConcurrentHashMap<>();
  private final Map<String, Long> lastWarned = new ConcurrentHashMap<>();
  private volatile boolean stopping;
  private volatile boolean running;
  private volatile Thread thread;

  public UsagePublisher(List<UsageSink> sinks, List<Consumer<UsageRecord>> listeners, int capacity, int batchSize,
      Duration shutdownTimeout) {
    this.sinks = List.copyOf(sinks);
    this.listeners.addAll(listeners);
    this.capacity = Math.max(1, capacity);
    this.batchSize = Math.max(1, batchSize);
    this.shutdownTimeout = shutdownTimeout;
    for (UsageSink sink : this.sinks) {
      delivered.put(sink.name(), new AtomicLong());
      sinkErrors.put(sink.name(), new AtomicLong());
    }
  }

  /** Queues a record (built later, on the publisher's thread); false when the queue was full and it was dropped. */
  public boolean offer(Supplier<UsageRecord> record) {
    if (stopping && !running) {
      droppedQueueFull.incrementAndGet();
      return false;
    }
    int now = size.incrementAndGet();
    if (now > capacity) {
      size.decrementAndGet();
      droppedQueueFull.incrementAndGet();
      return false;
    }
    queue.offer(record);
    Thread t = thread;
    if (now == 1 && t != null) {
      LockSupport.unpark(t);
    }
    return true;
  }

  /** Adds a listener (metrics) that sees every record before the sinks; add before {@link #start()}. */
  public void addListener(Consumer<UsageRecord> listener) {
    listeners.add(listener);
  }

  /** Queues a record that is already built. */
  public boolean offer(UsageRecord record) {
    return offer(() -> record);
  }

  public List<UsageSink> sinks() {
    return sinks;
  }

  /** Records dropped because the queue was full. */
  public long droppedQueueFull() {
    return droppedQueueFull.get();
  }

  /** Records that could not be built (a bug; logged). */
  public long buildErrors() {
    return buildErrors.get();
  }

  /** Records a sink lost because it threw. */
  public long sinkErrors(String sink) {
    AtomicLong n = sinkErrors.get(sink);
    return n == null ? 0 : n.get();
  }

  /** Records a sink took. */
  public long delivered(String sink) {
    AtomicLong n = delivered.get(sink);
    return n == null ? 0 : n.get();
  }

  /** Records built and handed on (whether or not every sink took them). */
  public long processed() {
    return processed.get();
  }

  /** Records waiting in the queue. */
  public int queued() {
    return size.get();
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    stopping = false;
    running = true;
    Thread t = new Thread(this::loop, "switchboard-usage-publisher");
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  @Override
  public void stop() {
    Thread t;
    synchronized (this) {
      if (!running) {
        return;
      }
      stopping = true;
      t = thread;
    }
    LockSupport.unpark(t);
    try {
      t.join(shutdownTimeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (t.isAlive()) {
      log.warn("Usage publisher did not drain within {}; {} records not published", shutdownTimeout, size.get());
      t.interrupt();
    }
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    // Starts before and stops after the web server (Boot's web server lifecycles are DEFAULT_PHASE - 1024/2048):
    // the records of requests that finish during a graceful shutdown are still published.
    return SmartLifecycle.DEFAULT_PHASE - 4096;
  }

  private void loop() {
    List<Supplier<UsageRecord>> pending = new ArrayList<>(batchSize);
    List<UsageRecord> batch = new ArrayList<>(batchSize);
    while (true) {
      Supplier<UsageRecord> next = queue.poll();
      if (next == null) {
        if (stopping) {
          break;
        }
        LockSupport.parkNanos(this, 100_000_000L);
        continue;
      }
      pending.add(next);
      while (pending.size() < batchSize && (next = queue.poll()) != null) {
        pending.add(next);
      }
      size.addAndGet(-pending.size());
      publish(pending, batch);
      pending.clear();
      batch.clear();
    }
    for (UsageSink sink : sinks) {
      try {
        sink.flush();
      } catch (Exception e) {
        log.warn("Usage sink '{}' failed to flush: {}", sink.name(), e.toString());
      } catch (Error e) {
        log.warn("Usage sink '{}' failed to flush", sink.name(), e);
      }
    }
  }

  private void publish(List<Supplier<UsageRecord>> pending, List<UsageRecord> batch) {
    for (Supplier<UsageRecord> p : pending) {
      try {
        batch.add(p.get());
      } catch (RuntimeException e) {
        buildErrors.incrementAndGet();
        warn("build", "Usage record could not be built", e);
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    for (Consumer<UsageRecord> listener : listeners) {
      for (UsageRecord record : batch) {
        try {
          listener.accept(record);
        } catch (RuntimeException e) {
          warn("listener", "Usage listener failed", e);
        }
      }
    }
    List<UsageRecord> view = java.util.Collections.unmodifiableList(batch);
    for (UsageSink sink : sinks) {
      try {
        sink.accept(view);
        delivered.get(sink.name()).addAndGet(batch.size());
      } catch (Exception | LinkageError e) {
        sinkErrors.get(sink.name()).addAndGet(batch.size());
        warn(sink.name(), "Usage sink '" + sink.name() + "' failed; " + batch.size() + " records lost for it", e);
      }
    }
    processed.addAndGet(batch.size());
  }

  /** Logs a failure at most once a minute per source, so a broken sink cannot flood the log. */
  private void warn(String source, String message, Throwable e) {
    long now = System.nanoTime();
    Long last = lastWarned.get(source);
    if (last == null || now - last > 60_000_000_000L) {
      lastWarned.put(source, now);
      log.warn("{}: {}", message, e.toString());
    }
  }
}
