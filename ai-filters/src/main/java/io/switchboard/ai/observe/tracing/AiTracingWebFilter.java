package io.switchboard.ai.observe.tracing;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * Captures the OpenTelemetry context current when a request arrives (under the Java agent: its server span, which
 * is reliable here, on the thread that runs the first filter, and not after the body was read) and puts an
 * {@link AiTrace} on the exchange for the routing engine; when the exchange ends, adds the answer's GenAI attributes
 * and ends the server span if the trace had to start its own.
 *
 * <p>The {@link OpenTelemetry} is the application's bean if it has one, else {@link GlobalOpenTelemetry} (the agent
 * installs it), resolved at the first request; without either everything is a no-op and the client's own trace
 * context is forwarded.
 */
public final class AiTracingWebFilter implements WebFilter, Ordered {

  private static final String INSTRUMENTATION = "io.switchboard.ai";
  /** Looked up once: a failed class lookup per request would cost an exception each time. */
  private static final boolean AGENT = agentPresent();

  private final Supplier<@Nullable OpenTelemetry> bean;
  private final boolean ownServerSpan;
  private volatile @Nullable OpenTelemetry resolved;

  /**
   * @param bean the application's {@link OpenTelemetry}, or null
   * @param ownServerSpan whether to start a server span for AI requests when none is current
   */
  public AiTracingWebFilter(Supplier<@Nullable OpenTelemetry> bean, boolean ownServerSpan) {
    this.bean = bean;
    this.ownServerSpan = ownServerSpan;
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 5;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (io.switchboard.ai.request.Endpoint.of(exchange.getRequest().getPath().value()) == null) {
      return chain.filter(exchange); // not an AI request
    }
    OpenTelemetry otel = openTelemetry();
    long now = System.currentTimeMillis() * 1_000_000L;
    OtelAiTrace trace = new OtelAiTrace(exchange, otel.getTracer(INSTRUMENTATION), otel.getPropagators(),
        Context.current(), now, ownServerSpan);
    exchange.getAttributes().put(AiTrace.ATTRIBUTE, trace);
    return chain.filter(exchange).doFinally(signal -> trace.finish(signal == SignalType.CANCEL));
  }

  private OpenTelemetry openTelemetry() {
    OpenTelemetry otel = resolved;
    if (otel != null) {
      return otel;
    }
    otel = bean.get();
    if (otel == null) {
      // get() would register a no-op for good when nothing is set yet, so an SDK registered later could not be:
      // ask for it only when something (an SDK, the agent) has set it.
      otel = GlobalOpenTelemetry.isSet() || AGENT ? GlobalOpenTelemetry.get() : null;
    }
    if (otel == null) {
      return OpenTelemetry.noop(); // not cached: an SDK may still be registered
    }
    resolved = otel;
    return otel;
  }

  private static boolean agentPresent() {
    try {
      Class.forName("io.opentelemetry.javaagent.bootstrap.AgentInitializer", false, null);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
