package io.switchboard.ai.routing;

import io.switchboard.ai.AiCall;
import io.switchboard.ai.error.AiErrors;
import io.switchboard.ai.error.AiException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

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
      ServerHttpResponse response = exchange.getResponse();
      response.setStatusCode(HttpStatus.OK);
      HttpHeaders headers = response.getHeaders();
      head.headers().forEach(headers::set);
      if (!head.stream()) {
        headers.setContentType(MediaType.APPLICATION_JSON);
        return response.writeWith(all.map(chunk -> {
          headers.setContentLength(chunk.bytes().length);
          return response.bufferFactory().wrap(chunk.bytes());
        }));
      }
      headers.setContentType(MediaType.TEXT_EVENT_STREAM);
      headers.setCacheControl("no-cache");
      headers.set("x-accel-buffering", "no");
      Flux<byte[]> body = withDeadline(all.map(Chunk::bytes), deadline);
      if (keepAlive != null && !keepAlive.isZero()) {
        body = withKeepAlive(body, keepAlive);
      }
      Flux<DataBuffer> guarded = body
          .onErrorResume(e -> {
            AiException error = AiErrors.fromThrowable(e, head.providerId());
            if (head.usage() != null) {
              head.call().recordUsage(head.usage().get());
            }
            head.call().recordOutcome(AiCall.Outcome.UPSTREAM_ERROR, 200);
            return head.errorEvent() == null ? Mono.empty() : Mono.just(head.errorEvent().apply(error));
          })
          .map(bytes -> response.bufferFactory().wrap(bytes));
      return response.writeAndFlushWith(guarded.map(Mono::just));
    }).then();
  }

  /** Ends the stream with a timeout once the deadline passes (the upstream call is cancelled). */
  static Flux<byte[]> withDeadline(Flux<byte[]> body, long deadline) {
    if (deadline == Long.MAX_VALUE) {
      return body;
    }
    return Flux.defer(() -> {
      long left = deadline - System.nanoTime();
      boolean[] expired = {false};
      return body.takeUntilOther(Mono.delay(Duration.ofNanos(Math.max(0, left))).doOnNext(x -> expired[0] = true))
          .concatWith(Mono.defer(() -> expired[0]
              ? Mono.error(AiException.timeout("The request exceeded its total timeout."))
              : Mono.empty()));
    });
  }

  /** Interleaves an SSE comment whenever {@code interval} passes without output. */
  static Flux<byte[]> withKeepAlive(Flux<byte[]> body, Duration interval) {
    // The heartbeat branch only watches the body: the body's own branch carries its error, once.
    return body.publish(shared -> Flux.merge(shared,
        shared.map(x -> 0L).startWith(0L).onErrorResume(e -> Flux.empty())
            .switchMap(x -> Flux.interval(interval, interval).map(tick -> KEEP_ALIVE))
            .takeUntilOther(shared.ignoreElements().onErrorResume(e -> Mono.empty()).then(Mono.just(0L)))));
  }
}
