package io.switchboard.ai.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class KeepAliveTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> texts(List<byte[]> chunks) {
    return chunks.stream().map(c -> new String(c, StandardCharsets.UTF_8)).toList();
  }

  @Test
  void everyChunkArrivesBeforeTheBodysErrorInOrder() {
    for (int run = 0; run < 200; run++) {
      List<String> seen = new CopyOnWriteArrayList<>();
      AtomicReference<Throwable> error = new AtomicReference<>();
      AnswerWriter.withKeepAlive(Flux.just(b("a"), b("b"), b("c")).concatWith(Flux.error(new IllegalStateException("cut"))),
              Duration.ofSeconds(5))
          .doOnNext(chunk -> seen.add(new String(chunk, StandardCharsets.UTF_8)))
          .onErrorResume(e -> {
            error.set(e);
            return Mono.empty();
          })
          .blockLast(Duration.ofSeconds(5));
      assertThat(seen).containsExactly("a", "b", "c");
      assertThat(error.get()).hasMessage("cut");
    }
  }

  @Test
  void commentsFillTheSilencesAndStopWithTheBody() throws Exception {
    Flux<byte[]> body = Flux.just(b("a")).concatWith(Mono.delay(Duration.ofMillis(450)).map(x -> b("b")));
    List<String> seen = texts(AnswerWriter.withKeepAlive(body, Duration.ofMillis(100)).collectList()
        .block(Duration.ofSeconds(5)));
    assertThat(seen.get(0)).isEqualTo("a");
    assertThat(seen.get(seen.size() - 1)).isEqualTo("b");
    assertThat(seen.subList(1, seen.size() - 1)).hasSizeBetween(2, 5).allMatch(s -> s.equals(": keep-alive\n\n"));
    // Nothing after the end.
    Thread.sleep(250);
  }

  @Test
  void noCommentWhileTheBodyKeepsTalking() {
    // A chunk every 20 ms for a second, against a 300 ms keep-alive: the timer ticks three times and must stay
    // quiet (the margin is wide so a loaded machine's scheduling delays do not count as silences).
    Flux<byte[]> body = Flux.interval(Duration.ofMillis(20)).take(50).map(i -> b("x" + i));
    List<String> seen = texts(AnswerWriter.withKeepAlive(body, Duration.ofMillis(300)).collectList()
        .block(Duration.ofSeconds(10)));
    assertThat(seen).hasSize(50).noneMatch(s -> s.startsWith(":"));
  }

  @Test
  void theBodyIsReadOnlyAsFastAsTheClientAsks() throws Exception {
    List<Long> requested = new CopyOnWriteArrayList<>();
    Flux<byte[]> body = Flux.range(0, 100).map(i -> b("c" + i)).doOnRequest(requested::add);
    CountDownLatch got = new CountDownLatch(2);
    AnswerWriter.withKeepAlive(body, Duration.ofSeconds(5)).subscribe(new BaseSubscriber<>() {
      @Override
      protected void hookOnSubscribe(Subscription subscription) {
        request(2);
      }

      @Override
      protected void hookOnNext(byte[] value) {
        got.countDown();
      }
    });
    assertThat(got.await(2, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(50);
    assertThat(requested.stream().mapToLong(Long::longValue).sum()).isEqualTo(2);
  }

  @Test
  void cancellingTheAnswerCancelsTheBody() throws Exception {
    CountDownLatch cancelled = new CountDownLatch(1);
    Flux<byte[]> body = Flux.<byte[]>never().doOnCancel(cancelled::countDown);
    AnswerWriter.withKeepAlive(body, Duration.ofMillis(50)).subscribe().dispose();
    assertThat(cancelled.await(2, TimeUnit.SECONDS)).isTrue();
  }
}
