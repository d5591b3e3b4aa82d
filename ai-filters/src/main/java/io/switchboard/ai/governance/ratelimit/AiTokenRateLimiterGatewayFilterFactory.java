package io.switchboard.ai.governance.ratelimit;

import io.switchboard.ai.AiCall;
import io.switchboard.ai.catalog.PromptTokens;
import io.switchboard.ai.error.AiErrorResponder;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.governance.keys.KeyLimits;
import io.switchboard.ai.governance.keys.VirtualKey;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.request.AiRequest;
import io.switchboard.ai.request.AiRequestReader;
import io.switchboard.ai.request.Operation;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code AiTokenRateLimiter}: requests per minute, tokens per minute / hour / day and concurrent requests per
 * subject (see {@link KeyResolvers}). Before the call it takes one request and a token reservation (the prompt
 * estimate plus {@code max_tokens}, or {@code default-max-tokens}); when the chain completes (a stream when it has
 * ended) it corrects the reservation to the usage the call reported ({@link AiCall#usage()}), giving back what
 * was not used or taking what was used beyond it. A refused request gets 429 in the client's dialect with
 * {@code Retry-After}; every answer carries {@code x-ratelimit-*} headers (OpenAI's names).
 */
public class AiTokenRateLimiterGatewayFilterFactory
    extends AbstractGatewayFilterFactory<AiTokenRateLimiterGatewayFilterFactory.Config> {

  /** After the positional route filters and {@code AiSemanticCache} (4000), before {@code AiBudget} (5000). */
  public static final int ORDER = 4_500;

  public static final String DEGRADED_HEADER = "x-switchboard-ratelimit-degraded";

  private static final Logger log = LoggerFactory.getLogger(AiTokenRateLimiterGatewayFilterFactory.class);

  private final LimitStore store;
  private final AiRequestReader reader;
  private final @Nullable BeanFactory beans;
  private final String keyPrefix;

  public AiTokenRateLimiterGatewayFilterFactory(LimitStore store, AiRequestReader reader,
      @Nullable BeanFactory beans, String keyPrefix) {
    super(Config.class);
    this.store = store;
    this.reader = reader;
    this.beans = beans;
    this.keyPrefix = keyPrefix;
  }

  @Override
  public GatewayFilter apply(Config config) {
    RateLimits limits = config.limits();
    KeyResolver resolver = KeyResolvers.resolve(config.getKeyResolver(), beans);
    String resolverName = config.getKeyResolver() == null ? "api-key" : config.getKeyResolver();
    // Ordered after the positional route filters (AiAuth) and the response cache, so cache hits take no tokens.
    return new org.springframework.cloud.gateway.filter.OrderedGatewayFilter(new GatewayFilter() {
      @Override
      public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        AiRequest cached = AiRequestReader.cached(exchange);
        Mono<AiRequest> request = cached != null ? Mono.just(cached) : reader.read(exchange);
        // No subject (e.g. no key): not limited. (Mono<Void> completes empty, so no switchIfEmpty after the chain.)
        // A virtual key's own limits tighten the route's for requests under that key (never loosen them).
        RateLimits effective = forKey(limits, exchange.getAttribute(VirtualKey.ATTRIBUTE));
        return request.flatMap(ai -> resolver.resolve(exchange)
                .map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                .flatMap(subject -> subject.isEmpty() ? chain.filter(exchange)
                    : limited(exchange, chain, ai,
                        new Subject(prefix(exchange, resolverName, effective), subject.get()), effective, config)))
            .onErrorResume(AiException.class, e -> AiErrorResponder.write(exchange, e));
      }

      @Override
      public String toString() {
        return "[AiTokenRateLimiter " + limits + " key-resolver=" + resolverName + "]";
      }
    }, ORDER);
  }

  private String prefix(ServerWebExchange exchange, String resolverName, RateLimits limits) {
    Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
    String routeId = route == null ? "-" : route.getId();
    return keyPrefix + ":" + routeId + ":" + resolverName + ":" + limits.fingerprint() + ":";
  }

  /**
   * The route's limits, tightened by a virtual key's own requests and tokens per minute ({@link KeyLimits}); a key
   * never gets more than the route allows. Without a key, or with a key without limits, the route's.
   */
  static RateLimits forKey(RateLimits route, @Nullable VirtualKey key) {
    if (key == null || (key.limits().requestsPerMinute() == null && key.limits().tokensPerMinute() == null)) {
      return route;
    }
    return new RateLimits(tighter(route.requestsPerMinute(), key.limits().requestsPerMinute()),
        tighter(route.tokensPerMinute(), key.limits().tokensPerMinute()), route.tokensPerHour(),
        route.tokensPerDay(), route.concurrent());
  }

  private static long tighter(long route, @Nullable Long own) {
    if (own == null) {
      return route;
    }
    return route <= 0 ? own : Math.min(route, own);
  }

  /** The keys of one subject: {@code <prefix>:<route>:<resolver>:<limits>:<hash of the subject>}. */
  record Subject(String prefix, String subject) {
    String key(String bucket) {
      return prefix + KeyResolvers.sha256Hex(subject).substring(0, 32) + ":" + bucket;
    }
  }

  private Mono<Void> limited(ServerWebExchange exchange, GatewayFilterChain chain, AiRequest request,
      Subject subject, RateLimits limits, Config config) {
    return PromptTokens.ofAsync(exchange, request).flatMap(prompt -> {
      long reserved = reservation(request, prompt, config.getDefaultMaxTokens());
      String lease = UUID.randomUUID().toString();
      String concurrentKey = subject.key("c");
      Mono<Boolean> slot = limits.concurrent() > 0
          ? store.acquire(concurrentKey, limits.concurrent(), lease) : Mono.just(true);
      return slot.flatMap(gotSlot -> {
        if (!gotSlot) {
          Headers headers = new Headers(limits, null, null, store.degraded());
          headers.apply(exchange);
          return AiErrorResponder.write(exchange, AiException.rateLimited(
              "Too many concurrent requests: the limit is " + limits.concurrent() + ". Retry when one has finished.",
              "1"));
        }
        if (limits.concurrent() <= 0) {
          return admit(exchange, chain, subject, limits, reserved);
        }
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        return admit(exchange, chain, subject, limits, reserved).doFinally(signal -> {
          if (released.compareAndSet(false, true)) {
            store.release(concurrentKey, lease).subscribe(null, e -> log.debug("release failed", e));
          }
        });
      });
    });
  }

  private Mono<Void> admit(ServerWebExchange exchange, GatewayFilterChain chain, Subject subject,
      RateLimits limits, long reserved) {
    String requestKey = subject.key("r");
    String tokenKey = subject.key("t");
    return store.consumeRequests(requestKey, limits, 1).flatMap(requests -> {
      if (!requests.consumed()) {
        new Headers(limits, requests, null, store.degraded()).apply(exchange);
        return refuse(exchange, "requests per minute", limits.requestsPerMinute(), requests);
      }
      long ask = limits.limitsTokens() ? Math.min(reserved, maxReservable(limits)) : 0;
      return store.consumeTokens(tokenKey, limits, ask).flatMap(tokens -> {
        new Headers(limits, requests, tokens, store.degraded()).apply(exchange);
        if (!tokens.consumed()) {
          return store.returnRequests(requestKey, limits, 1)
              .then(refuse(exchange, "tokens", limits.headlineTokenLimit(), tokens));
        }
        return chain.filter(exchange).doFinally(signal -> correct(exchange, tokenKey, limits, ask));
      });
    });
  }

  /** A reservation never asks for more than the smallest capacity, or a big request could never pass. */
  private static long maxReservable(RateLimits limits) {
    long max = Long.MAX_VALUE;
    for (long limit : new long[] {limits.tokensPerMinute(), limits.tokensPerHour(), limits.tokensPerDay()}) {
      if (limit > 0) {
        max = Math.min(max, limit);
      }
    }
    return max;
  }

  private void correct(ServerWebExchange exchange, String tokenKey, RateLimits limits, long reserved) {
    if (!limits.limitsTokens()) {
      return;
    }
    AiCall call = AiCall.of(exchange);
    long used = 0;
    if (call != null) {
      TokenUsage usage = call.usage();
      used = usage.totalTokens();
    }
    long delta = used - reserved;
    if (delta != 0) {
      store.adjustTokens(tokenKey, limits, delta)
          .subscribe(null, e -> log.debug("token correction failed for {}", tokenKey, e));
    }
  }

  private Mono<Void> refuse(ServerWebExchange exchange, String what, long limit, Probe probe) {
    long seconds = Math.max(1, (probe.nanosToRefill() + 999_999_999L) / 1_000_000_000L);
    return AiErrorResponder.write(exchange, AiException.rateLimited(
        "Rate limit reached for " + what + " (limit " + limit + "). Please try again in " + seconds + "s.",
        Long.toString(seconds)));
  }

  /** Prompt estimate plus the completion allowance; embeddings and token counts have no completion. */
  static long reservation(AiRequest request, long prompt, long defaultMaxTokens) {
    long promptTokens = prompt >= 0 ? prompt : request.body().length / 4;
    Operation operation = request.operation();
    if (operation == Operation.COUNT_TOKENS) {
      return 0;
    }
    if (operation == Operation.EMBEDDINGS) {
      return promptTokens;
    }
    long completion = defaultMaxTokens;
    try {
      Long asked = maxTokens(request.tree());
      if (asked != null && asked >= 0) {
        completion = asked;
      }
    } catch (AiException e) {
      // an invalid body is refused by the routing engine; reserve the default
    }
    return promptTokens + completion;
  }

  static @Nullable Long maxTokens(ObjectNode tree) {
    for (String field : new String[] {"max_completion_tokens", "max_tokens", "max_output_tokens"}) {
      JsonNode value = tree.path(field);
      if (value.isIntegralNumber()) {
        return value.asLong();
      }
    }
    JsonNode gemini = tree.path("generationConfig").path("maxOutputTokens");
    return gemini.isIntegralNumber() ? gemini.asLong() : null;
  }

  /** The {@code x-ratelimit-*} headers, set when the response commits (after the routing engine's headers). */
  record Headers(RateLimits limits, @Nullable Probe requests, @Nullable Probe tokens, boolean degraded) {

    void apply(ServerWebExchange exchange) {
      exchange.getResponse().beforeCommit(() -> {
        HttpHeaders h = exchange.getResponse().getHeaders();
        if (limits.limitsRequests()) {
          h.set("x-ratelimit-limit-requests", Long.toString(limits.requestsPerMinute()));
          if (requests != null) {
            h.set("x-ratelimit-remaining-requests", Long.toString(requests.remaining()));
            h.set("x-ratelimit-reset-requests", duration(requests.nanosToReset()));
          }
        }
        if (limits.limitsTokens()) {
          h.set("x-ratelimit-limit-tokens", Long.toString(limits.headlineTokenLimit()));
          if (tokens != null) {
            h.set("x-ratelimit-remaining-tokens", Long.toString(tokens.remaining()));
            h.set("x-ratelimit-reset-tokens", duration(tokens.nanosToReset()));
          }
        }
        if (degraded) {
          h.set(DEGRADED_HEADER, "true");
        }
        return Mono.empty();
      });
    }
  }

  /** OpenAI's reset format: {@code 1s}, {@code 6m0s}, {@code 120ms}. */
  static String duration(long nanos) {
    long millis = Math.max(0, nanos / 1_000_000);
    if (millis < 1000) {
      return millis + "ms";
    }
    long seconds = (millis + 999) / 1000;
    if (seconds < 60) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 60) {
      return minutes + "m" + (seconds % 60) + "s";
    }
    return (minutes / 60) + "h" + (minutes % 60) + "m" + (seconds % 60) + "s";
  }

  /** Arguments: limits (0 = none), the subject, and the completion allowance when the request sets none. */
  public static class Config {
    private long requestsPerMinute;
    private long tokensPerMinute;
    private long tokensPerHour;
    private long tokensPerDay;
    private int concurrent;
    private String keyResolver = "api-key";
    private long defaultMaxTokens = 1024;

    RateLimits limits() {
      return new RateLimits(requestsPerMinute, tokensPerMinute, tokensPerHour, tokensPerDay, concurrent);
    }

    public long getRequestsPerMinute() {
      return requestsPerMinute;
    }

    public Config setRequestsPerMinute(long requestsPerMinute) {
      this.requestsPerMinute = requestsPerMinute;
      return this;
    }

    public long getTokensPerMinute() {
      return tokensPerMinute;
    }

    public Config setTokensPerMinute(long tokensPerMinute) {
      this.tokensPerMinute = tokensPerMinute;
      return this;
    }

    public long getTokensPerHour() {
      return tokensPerHour;
    }

    public Config setTokensPerHour(long tokensPerHour) {
      this.tokensPerHour = tokensPerHour;
      return this;
    }

    public long getTokensPerDay() {
      return tokensPerDay;
    }

    public Config setTokensPerDay(long tokensPerDay) {
      this.tokensPerDay = tokensPerDay;
      return this;
    }

    public int getConcurrent() {
      return concurrent;
    }

    public Config setConcurrent(int concurrent) {
      this.concurrent = concurrent;
      return this;
    }

    public String getKeyResolver() {
      return keyResolver;
    }

    public Config setKeyResolver(String keyResolver) {
      this.keyResolver = keyResolver;
      return this;
    }

    public long getDefaultMaxTokens() {
      return defaultMaxTokens;
    }

    public Config setDefaultMaxTokens(long defaultMaxTokens) {
      this.defaultMaxTokens = defaultMaxTokens;
      return this;
    }
  }
}
