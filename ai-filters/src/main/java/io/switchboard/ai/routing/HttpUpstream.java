package io.switchboard.ai.routing;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.switchboard.ai.provider.Provider;
import io.switchboard.ai.provider.bedrock.SigV4Signer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Sends upstream calls with Reactor Netty, on the gateway's own {@link HttpClient} (its pool, TLS and proxy
 * settings), with each provider's connect and response timeouts. The response body is handed on as it arrives:
 * cancelling it (a client that went away) closes the upstream connection.
 *
 * <p>Some providers authenticate per request rather than by a configured key: Bedrock requests are signed with SigV4
 * just before sending; Vertex AI requests carry a Google access token, and Azure OpenAI requests with an Entra ID
 * client-credentials grant an Entra access token ({@link AccessTokens}), obtained without blocking before the call
 * is made. Either overrides a configured {@code Authorization} header.
 */
final class HttpUpstream {

  /** Where providers put the id of a request (Anthropic, then OpenAI and most others). */
  private static final String[] REQUEST_ID_HEADERS = {"request-id", "x-request-id"};

  private final HttpClient base;
  /** One configured client per provider and timeout pair (failover targets may override the provider's). */
  private final Map<ClientKey, HttpClient> clients = new ConcurrentHashMap<>();
  private final AccessTokens accessTokens;

  private record ClientKey(String providerId, Duration connect, Duration idle) {
  }

  /** @param clock tells the token cache when tokens expire */
  HttpUpstream(HttpClient base, Clock clock) {
    this.base = base;
    this.accessTokens = new AccessTokens(base, clock);
  }

  /**
   * SigV4 headers for providers that authenticate by request signature (Bedrock). Signed just before sending, over
   * exactly the host, path, query and headers that go out.
   */
  private static Map<String, String> signature(Provider provider, UpstreamCall call) {
    Provider.AwsSigning aws = provider.aws();
    if (aws == null) {
      return Map.of();
    }
    java.util.Map<String, java.util.List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    call.headers().forEach((name, value) -> headers.put(name, java.util.List.of(value)));
    headers.put("host", java.util.List.of(call.uri().getRawAuthority()));
    String target = call.uri().getRawPath() + (call.uri().getRawQuery() == null ? "" : "?" + call.uri().getRawQuery());
    return SigV4Signer.forBedrock(aws.region()).sign(new SigV4Signer.Request("POST", target, headers, call.body()),
        new SigV4Signer.Credentials(aws.accessKeyId(), aws.secretAccessKey(), aws.sessionToken()),
        java.time.Instant.now());
  }

  /**
   * The provider's requested wait in milliseconds: {@code retry-after-ms}; else a {@code Retry-After} given as an HTTP
   * date, until then; else, for a 429 without Retry-After, the time until its rate-limit window resets: OpenAI's
   * {@code x-ratelimit-reset-requests} / {@code -tokens} ({@code 1s}, {@code 6m0s}) or Anthropic's
   * {@code anthropic-ratelimit-requests-reset} / {@code -tokens-reset} (an RFC 3339 time): the reset of the limit
   * whose remaining count is 0, or when none says so, the soonest reset. Null when none applies (a Retry-After in
   * seconds is read from that header). Reset headers come with every answer, so they count only for a 429.
   */
  static @Nullable String retryAfterMs(io.netty.handler.codec.http.HttpHeaders headers, int status) {
    String ms = headers.get("retry-after-ms");
    if (ms != null) {
      return ms;
    }
    String retryAfter = headers.get(HttpHeaderNames.RETRY_AFTER);
    if (retryAfter != null) {
      long untilDate = httpDateMillis(retryAfter, java.time.Instant.now());
      return untilDate < 0 ? null : Long.toString(untilDate);
    }
    if (status != 429) {
      return null;
    }
    // The reset of an exhausted limit (remaining 0) is the wait; if none says it is exhausted, the soonest reset.
    long exhausted = -1;
    long soonest = Long.MAX_VALUE;
    String[][] limits = {
        {"x-ratelimit-reset-requests", "x-ratelimit-remaining-requests"},
        {"x-ratelimit-reset-tokens", "x-ratelimit-remaining-tokens"},
        {"anthropic-ratelimit-requests-reset", "anthropic-ratelimit-requests-remaining"},
        {"anthropic-ratelimit-tokens-reset", "anthropic-ratelimit-tokens-remaining"}};
    for (String[] limit : limits) {
      long reset = resetMillis(headers.get(limit[0]));
      if (reset < 0) {
        continue;
      }
      soonest = Math.min(soonest, reset);
      if ("0".equals(headers.get(limit[1]))) {
        exhausted = Math.max(exhausted, reset);
      }
    }
    long wait = exhausted >= 0 ? exhausted : soonest == Long.MAX_VALUE ? -1 : soonest;
    return wait < 0 ? null : Long.toString(wait);
  }

  /** Millis from {@code now} until a {@code Retry-After} HTTP date (RFC 9110), 0 if past; -1 when not a date. */
  static long httpDateMillis(String value, java.time.Instant now) {
    try {
      java.time.Instant at = java.time.ZonedDateTime.parse(value.trim(),
          java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Math.max(0, Duration.between(now, at).toMillis());
    } catch (java.time.format.DateTimeParseException e) {
      return -1;
    }
  }

  /** Millis until a reset given as a duration ({@code 6m0s}) or an RFC 3339 time; -1 when absent or unreadable. */
  private static long resetMillis(@Nullable String value) {
    if (value == null) {
      return -1;
    }
    Duration d = io.switchboard.ai.failover.Backoff.parseRetryAfter(value);
    if (d != null) {
      return d.toMillis();
    }
    try {
      return Math.max(0, Duration.between(java.time.Instant.now(),
          java.time.OffsetDateTime.parse(value.trim()).toInstant()).toMillis());
    } catch (java.time.format.DateTimeParseException e) {
      return -1;
    }
  }

  private static @Nullable String requestIdHeader(io.netty.handler.codec.http.HttpHeaders headers) {
    for (String name : REQUEST_ID_HEADERS) {
      if (headers.contains(name)) {
        return name;
      }
    }
    return null;
  }

  private static @Nullable String requestId(io.netty.handler.codec.http.HttpHeaders headers) {
    String name = requestIdHeader(headers);
    return name == null ? null : headers.get(name);
  }

  <T> Flux<T> call(ReplyRelay.Exchange ex, UpstreamCall call,
      Function<UpstreamReply, ? extends Publisher<T>> handler) {
    Provider provider = ex.provider();
    if (AccessTokens.uses(provider)) {
      return accessTokens.token(provider).flatMapMany(token -> send(ex, call,
          Map.of(HttpHeaderNames.AUTHORIZATION.toString(), "Bearer " + token), reply -> {
            if (reply.status() == 401) {
              accessTokens.refused(provider, token);
            }
            return handler.apply(reply);
          }));
    }
    return send(ex, call, signature(provider, call), handler);
  }

  /**
   * Sends the call with the target's extra headers over the configured ones, and {@code authentication} headers
   * set last, over any header of the same name.
   */
  private <T> Flux<T> send(ReplyRelay.Exchange ex, UpstreamCall call, Map<String, String> authentication,
      Function<UpstreamReply, ? extends Publisher<T>> handler) {
    Provider provider = ex.provider();
    TargetOptions options = ex.options();
    Duration connect = options.connectTimeout() != null ? options.connectTimeout() : provider.connectTimeout();
    Duration idle = options.idleTimeout() != null ? options.idleTimeout() : provider.responseTimeout();
    HttpClient client = clients.computeIfAbsent(new ClientKey(provider.id(), connect, idle), key -> base
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connect.toMillis())
        .responseTimeout(idle));
    return Flux.deferContextual(trace -> client
        .headers(h -> {
          call.headers().forEach(h::set);
          options.headers().forEach(h::set);
          io.switchboard.ai.observe.tracing.AiTrace.inject(trace, ex.web().getRequest(), h::set);
          authentication.forEach(h::set);
          h.set(HttpHeaderNames.CONTENT_LENGTH, call.body().length);
        })
        .post()
        .uri(call.uri())
        .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(call.body())))
        .responseConnection((response, connection) -> handler.apply(new UpstreamReply(
            response.status().code(),
            response.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE),
            response.responseHeaders().get(HttpHeaderNames.RETRY_AFTER),
            retryAfterMs(response.responseHeaders(), response.status().code()),
            requestIdHeader(response.responseHeaders()),
            requestId(response.responseHeaders()),
            connection.inbound().receive().asByteArray()))));
  }
}
