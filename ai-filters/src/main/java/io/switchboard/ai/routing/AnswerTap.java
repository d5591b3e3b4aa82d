package io.switchboard.ai.routing;

import io.switchboard.ai.AiCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;

/**
 * Watches, and may rewrite or stop, one answer on its way to the client: the seam for filters that act on what
 * the provider said (response caching, output guardrails) without buffering streams. A route filter registers a
 * factory with {@link #register} before it calls the chain; when the answer's first output exists the factory is
 * asked for a tap (or {@code null} to leave this answer alone), and from then on every piece of the body passes
 * through {@link #onPiece} in order, on its way out.
 *
 * <p>A JSON answer is one piece. A stream's pieces are whole events in the client's dialect (one or more SSE events
 * per piece, never half an event). Throwing an {@link io.switchboard.ai.error.AiException} from {@code onPiece}
 * stops the answer: the upstream call is cancelled; a JSON answer becomes that error (with its status), a stream
 * that already started ends with that error as an event in the client's dialect.
 */
public interface AnswerTap {

  /** The exchange attribute holding the registered factories, in registration order. */
  String ATTRIBUTE = AnswerTap.class.getName();

  /**
   * What a tap knows about the answer when it starts.
   *
   * @param stream whether the answer is an event stream (the client's dialect is the exchange's
   *     {@code AiRequest}'s endpoint dialect)
   * @param call the accounting of the attempt that produced the answer
   * @param headers the response headers still to be written; a tap may add its own
   */
  record Start(boolean stream, AiCall call, Map<String, String> headers) {
  }

  /** Registers a tap factory for the exchange's answer. */
  static void register(ServerWebExchange exchange, Function<Start, @Nullable AnswerTap> factory) {
    List<Function<Start, @Nullable AnswerTap>> taps = exchange.getAttribute(ATTRIBUTE);
    if (taps == null) {
      taps = new ArrayList<>(2);
      exchange.getAttributes().put(ATTRIBUTE, taps);
    }
    taps.add(factory);
  }

  /** One piece of the body; returns what goes out instead (the same array when unchanged). */
  byte[] onPiece(byte[] piece);

  /** The whole answer reached the client and ended normally. */
  default void onComplete() {
  }

  /** The answer ended otherwise: a failure, a stop by a tap, or the client went away ({@code cancelled}). */
  default void onFailure(@Nullable Throwable error, boolean cancelled) {
  }
}
