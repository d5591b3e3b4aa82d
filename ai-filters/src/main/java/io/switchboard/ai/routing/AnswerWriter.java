package io.switchboard.ai.routing;

import io.switchboard.ai.AiCall;
import io.switchboard.ai.catalog.TokenEstimator;
import io.switchboard.ai.error.AiErrors;
import io.switchboard.ai.error.AiException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Writes an answer to the client. The response head is held until the answer's first chunk exists: an answer that
 * fails before that is returned as an error (to be failed over, or answered in the client's dialect with a proper
 * status). Once the head is out, a failure ends the stream with an error event in the client's dialect, never a
 * clean finish; JSON answers are one chunk. Streams are flushed chunk by chunk; during a silence longer than the
 * keep-alive interval an SSE comment goes out so proxies do not cut the connection.
 */
final class AnswerWriter {

  private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

  private AnswerWriter() {
  }

  /**
   * @param keepAlive interval of SSE comments during silences, or {@code null} for none
   * @param deadline when the whole exchange must be over ({@link System#nanoTime} scale), or {@code Long.MAX_VALUE}
   */
  static Mono<Void> write(ServerWebExchange exchange, Flux<Chunk> answer, @Nullable Duration keepAlive,
      long deadline) {
    return answer.switchOnFirst((first, all) -> {
      if (first.isOnError()) {
        return Mono.error(first.getThrowable());
      }
      if (!first.hasValue()) {
        return Mono.error(new AiException(500, "server_error", "empty_answer", null,
            "The gateway produced no answer.", null));
      }
      AnswerHead head = first.get().head();
      if (head == null) {
        return Mono.error(new IllegalStateException("an answer's first chunk must carry its head"));
      }
      List<AnswerTap> taps = taps(exchange, head);
      if (!head.stream() && !taps.isEmpty()) {
        // A JSON answer is its first chunk: a tap that stops it turns it into an error with its own status.
        try {
          Chunk original = first.get();
          byte[] json = original.bytes();
          for (AnswerTap tap : taps) {
            json = tap.onPiece(json);
          }
          Chunk checked = Chunk.first(head, json);
          // Still subscribe to the answer, so the attempt completes (not cancelled) in the engine's books.
          return writeJson(exchange, head, all.map(c -> c == original ? checked : c), taps);
        } catch (RuntimeException e) {
          taps.forEach(tap -> tap.onFailure(e, false));
          return Mono.error(e);
        }
      }
      ServerHttpResponse response = exchange.getResponse();
      response.setStatusCode(HttpStatus.OK);
      HttpHeaders headers = response.getHeaders();
      head.headers().forEach(headers::set);
      if (!head.stream()) {
        return writeJson(exchange, head, all, taps);
      }
      headers.setContentType(MediaType.TEXT_EVENT_STREAM);
      headers.setCacheControl("no-cache");
      headers.set("x-accel-buffering", "no");
      PartialOutput partial = head.client() == null ? null : new PartialOutput();
      Flux<byte[]> pieces = all.map(Chunk::bytes);
      for (AnswerTap tap : taps) {
        pieces = pieces.map(tap::onPiece);
      }
      Flux<byte[]> body = withDeadline(pieces, deadline, head.call());
      if (partial != null) {
        body = body.doOnNext(partial::add);
      }
      if (keepAlive != null && !keepAlive.isZero()) {
        body = withKeepAlive(body, keepAlive);
      }
      Flux<DataBuffer> guarded = body
          .onErrorResume(e -> {
            AiException error = AiErrors.fromThrowable(e, head.providerId());
            exchange.getAttributes().put(io.switchboard.ai.error.AiErrorResponder.ERROR_ATTRIBUTE, error);
            if (head.usage() != null) {
              head.call().recordUsage(head.usage().get());
            }
            if (partial != null) {
              String text = partial.text(head.client());
              head.call().recordPartialOutput(text, TokenEstimator.countO200k(text));
            }
            head.call().recordOutcome(AiCall.Outcome.UPSTREAM_ERROR, 200);
            return head.errorEvent() == null ? Mono.empty() : Mono.just(head.errorEvent().apply(error));
          })
          .map(bytes -> response.bufferFactory().wrap(bytes));
      return watched(response.writeAndFlushWith(guarded.map(Mono::just)), taps, head);
    }).then();
  }

  private static Mono<Void> writeJson(ServerWebExchange exchange, AnswerHead head, Flux<Chunk> all,
      List<AnswerTap> taps) {
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(HttpStatus.OK);
    HttpHeaders headers = response.getHeaders();
    head.headers().forEach(headers::set);
    headers.setContentType(MediaType.APPLICATION_JSON);
    return watched(response.writeWith(all.map(chunk -> {
      headers.setContentLength(chunk.bytes().length);
      return response.bufferFactory().wrap(chunk.bytes());
    })), taps, head);
  }

  /** The taps that want to watch this answer, asked in registration order; they may add headers. */
  private static List<AnswerTap> taps(ServerWebExchange exchange, AnswerHead head) {
    List<Function<AnswerTap.Start, @Nullable AnswerTap>> factories = exchange.getAttribute(AnswerTap.ATTRIBUTE);
    if (factories == null || factories.isEmpty()) {
      return List.of();
    }
    AnswerTap.Start start = new AnswerTap.Start(head.stream(), head.call(), head.headers());
    List<AnswerTap> taps = new ArrayList<>(factories.size());
    for (Function<AnswerTap.Start, @Nullable AnswerTap> factory : factories) {
      AnswerTap tap = factory.apply(start);
      if (tap != null) {
        taps.add(tap);
      }
    }
    return taps;
  }

  /**
   * Tells the taps how the written answer ended. A stream that broke after its head still completes the write
   * (with an error event), so its outcome is read from the call.
   */
  private static Mono<Void> watched(Mono<Void> write, List<AnswerTap> taps, AnswerHead head) {
    if (taps.isEmpty()) {
      return write;
    }
    return write
        .doOnSuccess(x -> {
          boolean broke = head.call().outcome() == AiCall.Outcome.UPSTREAM_ERROR;
          taps.forEach(tap -> {
            if (broke) {
              tap.onFailure(null, false);
            } else {
              tap.onComplete();
            }
          });
        })
        .doOnError(e -> taps.forEach(tap -> tap.onFailure(e, false)))
        .doOnCancel(() -> taps.forEach(tap -> tap.onFailure(null, true)));
  }

  /** Ends the stream with a timeout once the deadline passes (the upstream call is cancelled). */
  static Flux<byte[]> withDeadline(Flux<byte[]> body, long deadline, AiCall call) {
    return withDeadline(body, deadline, "The request exceeded its total timeout.",
        () -> call.recordOutcome(AiCall.Outcome.UPSTREAM_ERROR, 200));
  }

  /**
   * Ends {@code body} with a timeout error saying {@code message} once the deadline passes, cancelling it.
   * {@code onExpiry} runs first, before the cancel: a call cut by a timeout is a broken answer, not a client that
   * went away, and must be recorded so before the cancel records it as cancelled.
   */
  static <T> Flux<T> withDeadline(Flux<T> body, long deadline, String message, Runnable onExpiry) {
    if (deadline == Long.MAX_VALUE) {
      return body;
    }
    return Flux.defer(() -> {
      long left = deadline - System.nanoTime();
      boolean[] expired = {false};
      return body.takeUntilOther(Mono.delay(Duration.ofNanos(Math.max(0, left))).doOnNext(x -> {
            expired[0] = true;
            onExpiry.run();
          }))
          .concatWith(Mono.defer(() -> expired[0] ? Mono.error(AiException.timeout(message)) : Mono.empty()));
    });
  }

  /**
   * Interleaves an SSE comment whenever {@code interval} passes without output. One periodic timer per stream looks
   * at the time of the last chunk (chunks cost a volatile write, not a timer each). The body's chunks, the comments
   * and the body's end go through one serialized sink, in order: nothing the body sent is lost before its error,
   * and demand is passed to the body as the client reads (backpressure).
   */
  static Flux<byte[]> withKeepAlive(Flux<byte[]> body, Duration interval) {
    return Flux.create(sink -> {
      AtomicLong last = new AtomicLong(System.nanoTime());
      long quiet = interval.toNanos() * 9 / 10; // a tick may come a little early
      Disposable timer = Schedulers.parallel().schedulePeriodically(() -> {
        if (System.nanoTime() - last.get() >= quiet) {
          last.set(System.nanoTime());
          sink.next(KEEP_ALIVE);
        }
      }, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
      BaseSubscriber<byte[]> relay = new BaseSubscriber<>() {
        @Override
        protected void hookOnSubscribe(Subscription subscription) {
          // No request here: the sink's demand is passed on below.
        }

        @Override
        protected void hookOnNext(byte[] chunk) {
          last.set(System.nanoTime());
          sink.next(chunk);
        }

        @Override
        protected void hookOnComplete() {
          timer.dispose();
          sink.complete();
        }

        @Override
        protected void hookOnError(Throwable error) {
          timer.dispose();
          sink.error(error);
        }
      };
      sink.onDispose(() -> {
        timer.dispose();
        relay.dispose();
      });
      body.subscribe(relay);
      sink.onRequest(relay::request);
    }, FluxSink.OverflowStrategy.BUFFER);
  }
}
