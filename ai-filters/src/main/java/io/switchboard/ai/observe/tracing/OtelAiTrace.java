package io.switchboard.ai.observe.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.switchboard.ai.AiCall;
import io.switchboard.ai.provider.Provider;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.request.AiRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * One exchange's trace on OpenTelemetry. The server span is the one that was current when the request arrived (the
 * agent's, or any HTTP server instrumentation's); without one, and unless switched off, the trace starts its own
 * SERVER span for AI requests, parented on the client's propagated context. GenAI attributes go on the server span
 * when routing starts and when the exchange ends; every upstream attempt is a CLIENT child span.
 */
final class OtelAiTrace implements AiTrace {

  private static final TextMapGetter<HttpHeaders> GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(HttpHeaders carrier) {
      return new ArrayList<>(carrier.headerNames());
    }

    @Override
    public @Nullable String get(@Nullable HttpHeaders carrier, String key) {
      return carrier == null ? null : carrier.getFirst(key);
    }
  };

  private final ServerWebExchange exchange;
  private final Tracer tracer;
  private final ContextPropagators propagators;
  private final Context arrival;
  private final long arrivalEpochNanos;
  private final boolean ownServerSpan;
  private @Nullable Span server;
  private Context serverContext = Context.root();
  private boolean owned;

  OtelAiTrace(ServerWebExchange exchange, Tracer tracer, ContextPropagators propagators, Context arrival,
      long arrivalEpochNanos, boolean ownServerSpan) {
    this.exchange = exchange;
    this.tracer = tracer;
    this.propagators = propagators;
    this.arrival = arrival;
    this.arrivalEpochNanos = arrivalEpochNanos;
    this.ownServerSpan = ownServerSpan;
  }

  @Override
  public synchronized void routing(AiRequest request, Provider provider) {
    Span span = server();
    span.setAttribute(GenAi.OPERATION_NAME, GenAi.operation(request));
    if (request.model() != null) {
      span.setAttribute(GenAi.REQUEST_MODEL, request.model());
    }
    span.setAttribute(GenAi.PROVIDER_NAME, GenAi.provider(provider));
    Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
    if (route != null) {
      span.setAttribute(GenAi.ROUTE_ID, route.getId());
    }
  }

  @Override
  public synchronized Attempt attempt(AiRequest request, Provider provider, String model, boolean hedge) {
    server();
    String operation = GenAi.operation(request);
    Span span = tracer.spanBuilder(operation + " " + model)
        .setParent(serverContext)
        .setSpanKind(SpanKind.CLIENT)
        .setAttribute(GenAi.OPERATION_NAME, operation)
        .setAttribute(GenAi.PROVIDER_NAME, GenAi.provider(provider))
        .setAttribute(GenAi.PROVIDER_ID, provider.id())
        .setAttribute(GenAi.REQUEST_MODEL, model)
        .setAttribute(AttributeKey.booleanKey(GenAi.HEDGE), hedge)
        .startSpan();
    return new OtelAttempt(span, serverContext.with(span), propagators);
  }

  /** The server span, found or started at the first call. */
  private Span server() {
    if (server != null) {
      return server;
    }
    Span current = Span.fromContext(arrival);
    if (current.getSpanContext().isValid()) {
      server = current;
      serverContext = arrival;
    } else if (ownServerSpan) {
      ServerHttpRequest request = exchange.getRequest();
      Context parent = propagators.getTextMapPropagator().extract(Context.root(), request.getHeaders(), GETTER);
      String method = request.getMethod().name();
      server = tracer.spanBuilder(method + " " + request.getPath().value())
          .setParent(parent)
          .setSpanKind(SpanKind.SERVER)
          .setStartTimestamp(arrivalEpochNanos, TimeUnit.NANOSECONDS)
          .setAttribute("http.request.method", method)
          .setAttribute("url.path", request.getPath().value())
          .startSpan();
      serverContext = parent.with(server);
      owned = true;
    } else {
      server = Span.getInvalid();
      serverContext = arrival;
    }
    return server;
  }

  /** The exchange ended: the answer's provider, model and tokens; the own server span ends. */
  synchronized void finish(boolean cancelled) {
    Span span = server;
    if (span == null) {
      return; // not an AI request
    }
    AiCall call = AiCall.of(exchange);
    if (call != null) {
      span.setAttribute(GenAi.PROVIDER_ID, call.providerId());
      span.setAttribute(GenAi.RESPONSE_MODEL, call.upstreamModel());
      tokens(span, call);
    }
    if (owned) {
      var status = exchange.getResponse().getStatusCode();
      if (status != null) {
        span.setAttribute(AttributeKey.longKey("http.response.status_code"), status.value());
        if (status.value() >= 500) {
          span.setStatus(StatusCode.ERROR);
          span.setAttribute(GenAi.ERROR_TYPE, Integer.toString(status.value()));
        }
      }
      if (cancelled) {
        span.setAttribute(GenAi.OUTCOME, "cancelled");
      }
      span.end();
    }
  }

  static void tokens(Span span, AiCall call) {
    TokenUsage usage = call.usage();
    span.setAttribute(AttributeKey.longKey(GenAi.INPUT_TOKENS), usage.promptTokens());
    span.setAttribute(AttributeKey.longKey(GenAi.OUTPUT_TOKENS),
        Math.max(usage.completionTokens(), call.partialOutputTokens()));
  }

  private static final class OtelAttempt implements Attempt {
    private final Span span;
    private final Context context;
    private final ContextPropagators propagators;
    private volatile @Nullable AiCall call;

    OtelAttempt(Span span, Context context, ContextPropagators propagators) {
      this.span = span;
      this.context = context;
      this.propagators = propagators;
    }

    @Override
    public void inject(ServerHttpRequest client, BiConsumer<String, String> headers) {
      if (!span.getSpanContext().isValid()) {
        AiTrace.forwardClientContext(client, headers);
        return;
      }
      List<String[]> out = new ArrayList<>(2);
      propagators.getTextMapPropagator().inject(context, out, (carrier, k, v) -> carrier.add(new String[] {k, v}));
      boolean any = false;
      for (String[] kv : out) {
        headers.accept(kv[0], kv[1]);
        any |= kv[0].equalsIgnoreCase("traceparent");
      }
      if (!any) {
        AiTrace.forwardClientContext(client, headers); // no W3C propagator configured
      }
    }

    @Override
    public void served(AiCall call) {
      this.call = call;
    }

    @Override
    public void end(@Nullable String outcome) {
      AiCall served = call;
      if (served != null) {
        span.setAttribute(GenAi.RESPONSE_MODEL, served.upstreamModel());
        tokens(span, served);
      }
      if (outcome != null) {
        span.setAttribute(GenAi.OUTCOME, outcome);
        if (!outcome.equals("ok") && !outcome.equals("cancelled") && !outcome.equals("pending")) {
          span.setAttribute(GenAi.ERROR_TYPE, outcome);
          span.setStatus(StatusCode.ERROR);
        }
      }
      span.end();
    }
  }
}
