package io.switchboard.ai.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UsagePublisherTest {

  static UsageRecord record(String id) {
    return new UsageRecord(id, Instant.EPOCH, "r", "openai", "chat", null, null, null, "m", "p", "m", List.of(),
        200, "success", null, false, new UsageRecord.Latency(1, null, 1, 0), UsageRecord.Tokens.NONE,
        BigDecimal.ONE, null, Map.of());
  }

  static class Collecting implements UsageSink {
    final String name;
    final List<UsageRecord> records = new CopyOnWriteArrayList<>();
    volatile boolean flushed;

    Collecting(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void accept(List<UsageRecord> batch) {
      records.addAll(batch);
    }

    @Override
    public void flush() {
      flushed = true;
    }
  }

  @Test
  void aFullQueueDropsAndCountsWithoutBlocking() {
    Collecting sink = new Collecting("c");
    UsagePublisher publisher = new UsagePublisher(List.of(sink), List.of(), 3, 10, Duration.ofSeconds(5));
    // Not started: nothing drains, so the fourth and fifth offers find the queue full.
    long start = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      publisher.offer(record("r" + i));
    }
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(1));
    assertThat(publisher.droppedQueueFull()).isEqualTo(2);
    assertThat(publisher.queued()).isEqualTo(3);
    publisher.start();
    publisher.stop();
    assertThat(sink.records).extracting(UsageRecord::requestId).containsExactly("r0", "r1", "r2");
    assertThat(publisher.delivered("c")).isEqualTo(3);
  }

  @Test
  void aSinkThatThrowsIsCountedAndDoesNotStopTheOthers() throws Exception {
    Collecting good = new Collecting("good");
    UsageSink bad = new UsageSink() {
      @Override
      public String name() {
        return "bad";
      }

      @Override
      public void accept(List<UsageRecord> batch) {
        throw new IllegalStateException("down");
      }
    };
    List<UsageRecord> seen = new CopyOnWriteArrayList<>();
    UsagePublisher publisher = new UsagePublisher(List.of(bad, good), List.of(seen::add), 100, 2,
        Duration.ofSeconds(5));
    publisher.start();
    for (int i = 0; i < 5; i++) {
      publisher.offer(record("r" + i));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (good.records.size() < 5 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    publisher.stop();
    assertThat(good.records).hasSize(5);
    assertThat(seen).hasSize(5);
    assertThat(publisher.sinkErrors("bad")).isEqualTo(5);
    assertThat(publisher.sinkErrors("good")).isZero();
    assertThat(publisher.delivered("good")).isEqualTo(5);
  }

  @Test
  void shutdownDrainsTheQueueAndFlushesEverySink() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Collecting slow = new Collecting("slow") {
      @Override
      public void accept(List<UsageRecord> batch) {
        try {
          release.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        super.accept(batch);
      }
    };
    UsagePublisher publisher = new UsagePublisher(List.of(slow), List.of(), 1000, 50, Duration.ofSeconds(10));
    publisher.start();
    for (int i = 0; i < 200; i++) {
      publisher.offer(record("r" + i));
    }
    new Thread(() -> {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
      release.countDown();
    }).start();
    publisher.stop();
    assertThat(slow.records).hasSize(200);
    assertThat(slow.flushed).isTrue();
    assertThat(publisher.isRunning()).isFalse();
  }

  @Test
  void shutdownIsBoundedByItsTimeout() {
    UsageSink stuck = new UsageSink() {
      @Override
      public String name() {
        return "stuck";
      }

      @Override
      public void accept(List<UsageRecord> batch) throws Exception {
        Thread.sleep(60_000);
      }
    };
    UsagePublisher publisher = new UsagePublisher(List.of(stuck), List.of(), 10, 1, Duration.ofMillis(300));
    publisher.start();
    publisher.offer(record("r"));
    long start = System.nanoTime();
    publisher.stop();
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(3));
  }
}
