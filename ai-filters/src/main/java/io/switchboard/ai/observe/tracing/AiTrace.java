package io.switchboard.ai.observe.tracing;

import io.switchboard.ai.AiCall;
import io.switchboard.ai.provider.Provider;
import io.switchboard.ai.request.AiRequest;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import reactor.util.context.ContextView;

/**
 * The routing engine's view of tracing, free of OpenTelemetry types so the engine runs without the API: what an
 * exchange's trace is told when AI routing starts and per upstream attempt. {@link AiTracingWebFilter} puts an
 * OpenTelemetry-backed one on every exchange when the API is on the classpath; otherwise {@link #NONE}, which only
 * forwards a client's W3C trace context to the provider so traces still join.
 *
 * <p>Nothing here ever carries keys, prompts or completions: models, provider, operation, token counts, outcomes.
 */
public interface AiTrace {

  /** Exchange attribute holding the exchange's trace. */
  String ATTRIBUTE = AiTrace.class.getName();

  AiTrace NONE = new AiTrace() {
  };

  static AiTrace of(ServerWebExchange exchange) {
    AiTrace trace = exchange.getAttribute(ATTRIBUTE);
    return trace == null ? NONE : trace;
  }

  /** AI routing starts for {@code request}; {@code provider} is the first target's. */
  default void routing(AiRequest request, Provider provider) {
  }

  /**
   * An upstream attempt starts ({@code model}: asked of {@code provider}); the engine puts it in the Reactor context
   * under {@link Attempt#KEY} so the HTTP call injects its context, and ends it when the attempt ends.
   */
  default Attempt attempt(AiRequest request, Provider provider, String model, boolean hedge) {
    return Attempt.NONE;
  }

  /** One upstream attempt's span. */
  interface Attempt {

    /** Reactor context key of the current attempt. */
    String KEY = Attempt.class.getName();

    Attempt NONE = new Attempt() {
    };

    /** Sets the trace context headers of the upstream request ({@code traceparent}, {@code tracestate}). */
    default void inject(ServerHttpRequest client, BiConsumer<String, String> headers) {
      forwardClientContext(client, headers);
    }

    /** The attempt produced the answer's first output; {@code call} fills in as the answer goes out. */
    default void served(AiCall call) {
    }

    /**
     * The attempt ended: {@code outcome} is {@code ok}, {@code cancelled} (lost a hedge race, or the client left),
     * or an error class ({@code rate-limited}, {@code server-error}, {@code broken-stream} …).
     */
    default void end(@Nullable String outcome) {
    }
  }

  /** Sets the trace headers of the attempt in the Reactor context, or forwards the client's. */
  static void inject(ContextView context, ServerHttpRequest client, BiConsumer<String, String> headers) {
    Attempt attempt = context.getOrDefault(Attempt.KEY, null);
    (attempt == null ? Attempt.NONE : attempt).inject(client, headers);
  }

  /** W3C {@code traceparent}, version 00 or a later one of the same prefix. */
  Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}(-.*)?");

  /** Forwards the client's {@code traceparent} and {@code tracestate} unchanged, when well-formed. */
  static void forwardClientContext(ServerHttpRequest client, BiConsumer<String, String> headers) {
    String parent = client.getHeaders().getFirst("traceparent");
    if (parent == null || parent.length() > 512 || !TRACEPARENT.matcher(parent.trim()).matches()) {
      return;
    }
    headers.accept("traceparent", parent.trim());
    String state = client.getHeaders().getFirst("tracestate");
    if (state != null && state.length() <= 512) {
      headers.accept("tracestate", state.trim());
    }
  }
}
