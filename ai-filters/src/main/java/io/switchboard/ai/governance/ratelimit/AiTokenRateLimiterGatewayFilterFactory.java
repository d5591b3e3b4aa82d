package io.switchboard.ai.governance.ratelimit;

import io.switchboard.ai.AiCall;
import io.switchboard.ai.catalog.PromptTokens;
import io.switchboard.ai.error.AiErrorResponder;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.governance.CancelledHedges;
import io.switchboard.ai.governance.keys.KeyLimits;
import io.switchboard.ai.governance.keys.Team;
import io.switchboard.ai.governance.keys.VirtualKey;
import io.switchboard.ai.request.AiRequest;
import io.switchboard.ai.request.AiRequestReader;
import io.switchboard.ai.request.Operation;
import java.util.List;
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
        // Its team's per-minute limits are a second set of buckets, shared by all keys of the team.
        RateLimits effective = forKey(limits, exchange.getAttribute(VirtualKey.ATTRIBUTE));
        return request.flatMap(ai -> resolver.resolve(exchange)
                .map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                .flatMap(subject -> subject.isEmpty() ? chain.filter(exchange)
                    : limited(exchange, chain, ai, buckets(
                        RateBucket.of(null, prefix(exchange, resolverName, effective), subject.get(), effective),
                        teamBucket(exchange.getAttribute(Team.ATTRIBUTE))), config)))
            .onErrorResume(AiException.class, e -> AiErrorResponder.write(exchange, e));
      }

      @Override
      public String toString() {
        return "[AiTokenRateLimiter " + limits + " key-resolver=" + resolverName + "]";
      }
    }, ORDER);
  }

  private static List<RateBucket> buckets(RateBucket route, @Nullable RateBucket team) {
    return team == null ? List.of(route) : List.of(route, team);
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

  /**
   * The limits of a virtual key's team as buckets every key of the team shares, on every route with this filter
   * (the key is not per route): {@code null} without a team or when the team sets no per-minute limits.
   */
  @Nullable RateBucket teamBucket(@Nullable Team team) {
    RateLimits limits = forTeam(team);
    if (team == null || limits == null) {
      return null;
    }
    return RateBucket.of("team '" + team.id() + "'", keyPrefix + ":team:" + limits.fingerprint() + ":",
        "team:" + team.id(), limits);
  }

  /** A team's requests and tokens per minute, or {@code null} when it has neither. */
  static @Nullable RateLimits forTeam(@Nullable Team team) {
    if (team == null || (team.limits().requestsPerMinute() == null && team.limits().tokensPerMinute() == null)) {
      return null;
    }
    long rpm = team.limits().requestsPerMinute() == null ? 0 : team.limits().requestsPerMinute();
    long tpm = team.limits().tokensPerMinute() == null ? 0 : team.limits().tokensPerMinute();
    return new RateLimits(rpm, tpm, 0, 0, 0);
  }

  private Mono<Void> limited(ServerWebExchange exchange, GatewayFilterChain chain, AiRequest request,
      List<RateBucket> buckets, Config config) {
    RateLimits limits = buckets.get(0).limits();
    return PromptTokens.ofAsync(exchange, request).flatMap(prompt -> {
      long promptTokens = PromptTokens.orBodyEstimate(prompt, request);
      long reserved = reservation(request, prompt, config.getDefaultMaxTokens());
      String lease = UUID.randomUUID().toString();
      String concurrentKey = buckets.get(0).key("c");
      Mono<Boolean> slot = limits.concurrent() > 0
          ? store.acquire(concurrentKey, limits.concurrent(), lease) : Mono.just(true);
      return slot.flatMap(gotSlot -> {
        if (!gotSlot) {
          Headers.of(buckets, List.of(), List.of(), store.degraded()).apply(exchange);
          return AiErrorResponder.write(exchange, AiException.rateLimited(
              "Too many concurrent requests: the limit is " + limits.concurrent() + ". Retry when one has finished.",
              "1"));
        }
        if (limits.concurrent() <= 0) {
          return admit(exchange, chain, buckets, reserved, promptTokens);
        }
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        return admit(exchange, chain, buckets, reserved, promptTokens).doFinally(signal -> {
          if (released.compareAndSet(false, true)) {
            store.release(concurrentKey, lease).subscribe(null, e -> log.debug("release failed", e));
          }
        });
      });
    });
  }

  private Mono<Void> admit(ServerWebExchange exchange, GatewayFilterChain chain, List<RateBucket> buckets,
      long reserved, long promptTokens) {
    return new Admission(store, buckets, reserved).run().flatMap(result -> {
      Headers.of(buckets, result.requests(), result.tokens(), store.degraded()).apply(exchange);
      if (!result.admitted()) {
        RateBucket by = buckets.get(result.refusedBy());
        return result.refusedTokens()
            ? refuse(exchange, by.describe("tokens"), by.limits().headlineTokenLimit(), result.refusal())
            : refuse(exchange, by.describe("requests per minute"), by.limits().requestsPerMinute(), result.refusal());
      }
      return chain.filter(exchange)
          .doFinally(signal -> correct(exchange, buckets, result.asks(), promptTokens));
    });
  }

  /**
   * Corrects every token bucket to what the call used: its reported usage, plus, for each hedge attempt that lost
   * its race, the prompt estimate (the provider may have billed it; see {@link CancelledHedges}).
   */
  private void correct(ServerWebExchange exchange, List<RateBucket> buckets, long[] asks, long promptTokens) {
    AiCall call = AiCall.of(exchange);
    long used = call == null ? 0 : call.usage().totalTokens();
    used += promptTokens * CancelledHedges.of(call).size();
    for (int i = 0; i < buckets.size(); i++) {
      RateBucket bucket = buckets.get(i);
      long delta = used - asks[i];
      if (bucket.limits().limitsTokens() && delta != 0) {
        store.adjustTokens(bucket.tokenKey(), bucket.limits(), delta)
            .subscribe(null, e -> log.debug("token correction failed for {}", bucket.tokenKey(), e));
      }
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
    long promptTokens = PromptTokens.orBodyEstimate(prompt, request);
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

  /**
   * The {@code x-ratelimit-*} headers, set when the response commits (after the routing engine's headers), for the
   * tightest limit: of the request (token) probes taken, the one with the least left, and that bucket's limit.
   */
  record Headers(long requestLimit, @Nullable Probe requests, long tokenLimit, @Nullable Probe tokens,
      boolean degraded) {

    static Headers of(List<RateBucket> buckets, List<Probe> requestProbes, List<Probe> tokenProbes,
        boolean degraded) {
      long requestLimit = 0;
      long tokenLimit = 0;
      Probe requests = null;
      Probe tokens = null;
      for (int i = 0; i < buckets.size(); i++) {
        RateLimits limits = buckets.get(i).limits();
        Probe r = i < requestProbes.size() ? requestProbes.get(i) : null;
        if (limits.limitsRequests() && (requestLimit == 0 || tighter(r, requests))) {
          requestLimit = limits.requestsPerMinute();
          requests = r;
        }
        Probe t = i < tokenProbes.size() ? tokenProbes.get(i) : null;
        if (limits.limitsTokens() && (tokenLimit == 0 || tighter(t, tokens))) {
          tokenLimit = limits.headlineTokenLimit();
          tokens = t;
        }
      }
      return new Headers(requestLimit, requests, tokenLimit, tokens, degraded);
    }

    private static boolean tighter(@Nullable Probe candidate, @Nullable Probe current) {
      return candidate != null && (current == null || candidate.remaining() < current.remaining());
    }

    void apply(ServerWebExchange exchange) {
      exchange.getResponse().beforeCommit(() -> {
        HttpHeaders h = exchange.getResponse().getHeaders();
        if (requestLimit > 0) {
          h.set("x-ratelimit-limit-requests", Long.toString(requestLimit));
          if (requests != null) {
            h.set("x-ratelimit-remaining-requests", Long.toString(requests.remaining()));
            h.set("x-ratelimit-reset-requests", duration(requests.nanosToReset()));
          }
        }
        if (tokenLimit > 0) {
          h.set("x-ratelimit-limit-tokens", Long.toString(tokenLimit));
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
