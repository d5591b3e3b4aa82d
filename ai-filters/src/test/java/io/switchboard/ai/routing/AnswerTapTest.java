package io.switchboard.ai.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.AiCall;
import io.switchboard.ai.error.AiException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Flux;

class AnswerTapTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static MockServerWebExchange exchange() {
    return MockServerWebExchange.from(MockServerHttpRequest.post("/v1/chat/completions"));
  }

  private static AnswerHead streamHead(AiCall call) {
    return new AnswerHead(true, new java.util.LinkedHashMap<>(Map.of("x-served-by", "p")), call, "p",
        e -> b("data: {\"error\":\"" + e.code() + "\"}\n\n"), null, null);
  }

  /** Records what it saw and upper-cases every piece. */
  static final class Recorder implements AnswerTap {
    final List<String> pieces = new CopyOnWriteArrayList<>();
    final List<String> ends = new CopyOnWriteArrayList<>();
    final String stopAt;

    Recorder(String stopAt) {
      this.stopAt = stopAt;
    }

    @Override
    public byte[] onPiece(byte[] piece) {
      String text = new String(piece, StandardCharsets.UTF_8);
      pieces.add(text);
      if (text.contains(stopAt)) {
        throw new AiException(400, "invalid_request_error", "policy_violation", null, "stopped", null);
      }
      return b(text.toUpperCase());
    }

    @Override
    public void onComplete() {
      ends.add("complete");
    }

    @Override
    public void onFailure(Throwable error, boolean cancelled) {
      ends.add(cancelled ? "cancelled" : "failure");
    }
  }

  @Test
  void aStreamPassesThroughTheTapInOrderAndTheTapMayAddHeaders() {
    MockServerWebExchange exchange = exchange();
    AiCall call = new AiCall("p", "m", "m", true);
    Recorder tap = new Recorder("never");
    AnswerTap.register(exchange, start -> {
      start.headers().put("x-tapped", String.valueOf(start.stream()));
      return tap;
    });
    Flux<Chunk> answer = Flux.just(Chunk.first(streamHead(call), b("data: a\n\n")), Chunk.next(b("data: b\n\n")));
    AnswerWriter.write(exchange, answer, null, Long.MAX_VALUE).block(Duration.ofSeconds(5));
    assertThat(exchange.getResponse().getBodyAsString().block()).isEqualTo("DATA: A\n\nDATA: B\n\n");
    assertThat(exchange.getResponse().getHeaders().getFirst("x-tapped")).isEqualTo("true");
    assertThat(tap.pieces).containsExactly("data: a\n\n", "data: b\n\n");
    assertThat(tap.ends).containsExactly("complete");
  }

  @Test
  void aTapStopsAStreamMidwayTheRestIsNeverReadAndTheClientGetsTheErrorEvent() {
    MockServerWebExchange exchange = exchange();
    AiCall call = new AiCall("p", "m", "m", true);
    Recorder tap = new Recorder("bad");
    AnswerTap.register(exchange, start -> tap);
    AtomicBoolean upstreamCancelled = new AtomicBoolean();
    Flux<Chunk> answer = Flux.just(Chunk.first(streamHead(call), b("data: ok\n\n")), Chunk.next(b("data: bad\n\n")))
        .concatWith(Flux.interval(Duration.ofMillis(5)).map(i -> Chunk.next(b("data: more\n\n"))))
        .doOnCancel(() -> upstreamCancelled.set(true));
    AnswerWriter.write(exchange, answer, null, Long.MAX_VALUE).block(Duration.ofSeconds(5));
    assertThat(exchange.getResponse().getBodyAsString().block())
        .isEqualTo("DATA: OK\n\ndata: {\"error\":\"policy_violation\"}\n\n");
    assertThat(upstreamCancelled).isTrue();
    assertThat(tap.pieces).doesNotContain("data: more\n\n");
    assertThat(tap.ends).containsExactly("failure");
    assertThat(call.outcome()).isEqualTo(AiCall.Outcome.UPSTREAM_ERROR);
  }

  @Test
  void aJsonAnswerIsOnePieceAndAStopBecomesTheErrorBeforeAnythingIsWritten() {
    MockServerWebExchange exchange = exchange();
    AiCall call = new AiCall("p", "m", "m", false);
    Recorder tap = new Recorder("secret");
    AnswerTap.register(exchange, start -> tap);
    Flux<Chunk> answer = Flux.just(Chunk.first(AnswerHead.json(Map.of(), call, "p"), b("{\"a\":\"secret\"}")));
    assertThatThrownBy(() -> AnswerWriter.write(exchange, answer, null, Long.MAX_VALUE).block(Duration.ofSeconds(5)))
        .isInstanceOf(AiException.class).hasMessageContaining("stopped");
    assertThat(exchange.getResponse().isCommitted()).isFalse();
    assertThat(tap.ends).containsExactly("failure");
  }

  @Test
  void aJsonAnswerMayBeRewrittenAndItsLengthFollows() {
    MockServerWebExchange exchange = exchange();
    AiCall call = new AiCall("p", "m", "m", false);
    AnswerTap.register(exchange, start -> piece -> b("{\"rewritten\":true}"));
    AnswerTap.register(exchange, start -> null); // a factory may leave an answer alone
    Flux<Chunk> answer = Flux.just(Chunk.first(AnswerHead.json(Map.of(), call, "p"), b("{}")));
    AnswerWriter.write(exchange, answer, null, Long.MAX_VALUE).block(Duration.ofSeconds(5));
    assertThat(exchange.getResponse().getBodyAsString().block()).isEqualTo("{\"rewritten\":true}");
    assertThat(exchange.getResponse().getHeaders().getContentLength()).isEqualTo(18);
  }

  @Test
  void withoutTapsNothingChanges() {
    MockServerWebExchange exchange = exchange();
    AiCall call = new AiCall("p", "m", "m", false);
    Flux<Chunk> answer = Flux.just(Chunk.first(AnswerHead.json(Map.of(), call, "p"), b("{}")));
    AnswerWriter.write(exchange, answer, null, Long.MAX_VALUE).block(Duration.ofSeconds(5));
    assertThat(exchange.getResponse().getBodyAsString().block()).isEqualTo("{}");
  }
}
