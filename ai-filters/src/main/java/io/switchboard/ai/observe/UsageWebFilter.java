package io.switchboard.ai.observe;

import io.switchboard.ai.AiCall;
import io.switchboard.ai.request.Endpoint;
import io.switchboard.ai.routing.AnswerTap;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Makes the usage record of every AI request (recognised by its path, {@link Endpoint}): starts the request's
 * {@link RequestTimeline}, adds {@code x-switchboard-overhead-ms} and {@code x-switchboard-target} as the response
 * head goes out, and when the exchange ends (answered, failed, refused, or cancelled by the client) snapshots it and
 * queues the snapshot on the {@link UsagePublisher}. Nothing is serialised or parsed here.
 */
public final class UsageWebFilter implements WebFilter, Ordered {

  /** Response header: the gateway's own time before the answer's head went out, in milliseconds. */
  public static final String OVERHEAD_HEADER = "x-switchboard-overhead-ms";
  /** Response header: the {@code provider/model} that served the answer. */
  public static final String TARGET_HEADER = "x-switchboard-target";

  /** Runs outside everything that could refuse or answer an AI request (security, the gateway's handler). */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

  private final UsagePublisher publisher;
  private final UsageCapture.Settings settings;
  private final boolean headers;

  public UsageWebFilter(UsagePublisher publisher, ObservabilityProperties properties,
      @Nullable UsagePricer pricer) {
    this.publisher = publisher;
    ObservabilityProperties.Usage usage = properties.getUsage();
    this.settings = new UsageCapture.Settings(usage.getBodies().isEnabled(), usage.getBodies().getMaxChars(),
        usage.getTags().getMaxEntries(), usage.getTags().getMaxLength(), pricer);
    this.headers = properties.getHeaders().isEnabled();
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    Endpoint endpoint = Endpoint.of(exchange.getRequest().getPath().value());
    if (endpoint == null) {
      return chain.filter(exchange);
    }
    RequestTimeline timeline = new RequestTimeline(System.nanoTime(), Instant.now(), headers);
    exchange.getAttributes().put(RequestTimeline.ATTRIBUTE, timeline);
    BodyCapture body = settings.bodies() ? new BodyCapture(settings.maxBodyChars()) : null;
    if (body != null) {
      AnswerTap.register(exchange, start -> body);
    }
    exchange.getResponse().beforeCommit(() -> {
      long now = System.nanoTime();
      timeline.committed(now);
      if (headers) {
        decorate(exchange, timeline, now);
      }
      return Mono.empty();
    });
    Throwable[] escaped = {null};
    return chain.filter(exchange)
        .doOnError(e -> escaped[0] = e)
        .doFinally(signal -> publisher.offer(UsageCapture.of(exchange, endpoint, timeline, signal, escaped[0], body,
            settings, System.nanoTime())));
  }

  private static void decorate(ServerWebExchange exchange, RequestTimeline timeline, long now) {
    HttpHeaders headers = exchange.getResponse().getHeaders();
    headers.set(OVERHEAD_HEADER, millis(timeline.overheadNanos(now)));
    AiCall call = AiCall.of(exchange);
    HttpStatusCode status = exchange.getResponse().getStatusCode();
    if (call != null && (status == null || status.is2xxSuccessful())) {
      headers.set(TARGET_HEADER, call.providerId() + "/" + call.upstreamModel());
    }
  }

  /** Milliseconds with two decimals. */
  static String millis(long nanos) {
    long hundredths = (nanos + 5_000) / 10_000;
    long whole = hundredths / 100;
    long frac = hundredths % 100;
    return whole + (frac < 10 ? ".0" : ".") + frac;
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
