package io.switchboard.ai.observe;

import io.switchboard.ai.AiCall;
import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiErrorResponder;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.governance.keys.Team;
import io.switchboard.ai.governance.keys.VirtualKey;
import io.switchboard.ai.governance.ratelimit.KeyResolvers;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.request.AiRequest;
import io.switchboard.ai.request.AiRequestReader;
import io.switchboard.ai.request.Endpoint;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.SignalType;
import tools.jackson.databind.JsonNode;

/**
 * What a usage record is made of, taken from the exchange when it ends: plain field reads on the request's thread.
 * The record itself (metadata parsing, redaction, pricing of cut streams) is built by {@link #get()} on the
 * publisher's thread.
 */
final class UsageCapture implements Supplier<UsageRecord> {

  /** Header prefix of client tags: {@code x-switchboard-tag-team: search}. */
  static final String TAG_HEADER_PREFIX = "x-switchboard-tag-";
  /** Status recorded when the client went away before any response head. */
  static final int CLIENT_CLOSED = 499;

  /** What the capture needs from configuration. */
  record Settings(boolean bodies, int maxBodyChars, int maxTags, int maxTagLength, @Nullable UsagePricer pricer) {
    static final Settings DEFAULTS = new Settings(false, 4096, 16, 128, null);
  }

  private final Settings settings;
  String requestId = "";
  Instant time = Instant.EPOCH;
  @Nullable String routeId;
  String dialect = "";
  String endpoint = "";
  @Nullable String keyId;
  @Nullable String user;
  @Nullable String team;
  @Nullable String requestedModel;
  @Nullable String provider;
  @Nullable String upstreamModel;
  List<AiCall.Attempt> attempts = List.of();
  int status;
  String outcome = "success";
  @Nullable String errorType;
  boolean stream;
  double totalMs;
  @Nullable Double ttftMs;
  double upstreamMs;
  double overheadMs;
  TokenUsage usage = TokenUsage.NONE;
  long partialOutputTokens;
  @Nullable BigDecimal cost;
  boolean priceIfMissing;
  Map<String, String> headerTags = Map.of();
  @Nullable AiRequest request;
  @Nullable BodyCapture response;
  @Nullable String cache;
  final List<String> guardrails = new ArrayList<>(0);

  UsageCapture(Settings settings) {
    this.settings = settings;
  }

  /** Reads the exchange as it ends. {@code escaped}: a failure that left the filter chain (answered later). */
  static UsageCapture of(ServerWebExchange exchange, Endpoint endpoint, RequestTimeline timeline, SignalType signal,
      @Nullable Throwable escaped, @Nullable BodyCapture response, Settings settings, long now) {
    UsageCapture c = new UsageCapture(settings);
    c.requestId = exchange.getRequest().getId();
    c.time = timeline.arrival();
    Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
    c.routeId = route == null ? null : route.getId();
    c.dialect = endpoint.dialect().name().toLowerCase(Locale.ROOT);
    c.endpoint = endpoint.operation().name().toLowerCase(Locale.ROOT);
    VirtualKey key = exchange.getAttribute(VirtualKey.ATTRIBUTE);
    if (key != null) {
      c.keyId = key.id();
      c.user = key.user();
      Team team = exchange.getAttribute(Team.ATTRIBUTE);
      c.team = team != null ? team.id() : key.team();
    } else {
      String hash = exchange.getAttribute(KeyResolvers.CLIENT_KEY_HASH_ATTRIBUTE);
      c.keyId = hash == null || hash.length() < 8 ? null : "static:" + hash.substring(0, 8);
    }
    AiRequest request = AiRequestReader.cached(exchange);
    AiCall call = AiCall.of(exchange);
    boolean committed = timeline.committedNanos() >= 0 || exchange.getResponse().isCommitted();
    AiException error = exchange.getAttribute(AiErrorResponder.ERROR_ATTRIBUTE);
    if (error == null && escaped != null) {
      error = find(escaped, 0);
    }
    if (escaped != null && !committed) {
      c.status = error != null ? error.status() : 500;
    } else if (signal == SignalType.CANCEL && !committed) {
      c.status = CLIENT_CLOSED;
    } else {
      HttpStatusCode code = exchange.getResponse().getStatusCode();
      c.status = code == null ? 200 : code.value();
    }
    c.errorType = error != null ? error.type() : escaped != null ? "server_error" : null;
    if (call != null) {
      c.provider = call.providerId();
      c.requestedModel = call.requestedModel();
      c.upstreamModel = call.upstreamModel();
      c.stream = call.stream();
      c.attempts = call.attempts();
      c.usage = call.usage();
      c.partialOutputTokens = call.partialOutputTokens();
      c.cost = call.costUsd();
      c.priceIfMissing = call.outcome() != AiCall.Outcome.SUCCESS;
    } else if (request != null) {
      c.requestedModel = request.model();
      c.stream = request.stream();
    } else {
      c.requestedModel = endpoint.pathModel();
      c.stream = endpoint.streamByPath();
    }
    io.switchboard.ai.cache.AiCacheVerdict verdict = io.switchboard.ai.cache.AiCacheVerdict.of(exchange);
    if (verdict != null) {
      c.cache = verdict.usageValue();
      if (verdict.hit() && call == null) {
        c.upstreamModel = verdict.model(); // answered from the cache: no provider was called
      }
    }
    for (io.switchboard.ai.guardrails.GuardrailVerdicts.Verdict v
        : io.switchboard.ai.guardrails.GuardrailVerdicts.of(exchange)) {
      if (!"pass".equals(v.outcome())) {
        c.guardrails.add(v.policy() + "." + v.check() + ":" + v.outcome() + (v.count() > 0 ? ":" + v.count() : ""));
      }
    }
    c.outcome = outcome(signal, call, c.status, error);
    long total = now - timeline.arrivalNanos();
    long upstream = timeline.upstreamNanos(now);
    c.totalMs = total / 1e6;
    c.upstreamMs = upstream / 1e6;
    c.overheadMs = Math.max(0, total - upstream - timeline.backoffNanos(now)) / 1e6;
    long head = timeline.committedNanos();
    if (head >= 0 && (call != null || c.cache != null && !"miss".equals(c.cache)) && c.status == 200) {
      c.ttftMs = (head - timeline.arrivalNanos()) / 1e6;
    }
    c.headerTags = headerTags(exchange, settings);
    if (request != null && (settings.bodies() || contains(request.body(), METADATA))) {
      c.request = request; // parsed on the publisher's thread
    }
    c.response = response;
    return c;
  }

  static String outcome(SignalType signal, @Nullable AiCall call, int status, @Nullable AiException error) {
    if (signal == SignalType.CANCEL) {
      return "cancelled";
    }
    if (call != null) {
      switch (call.outcome()) {
        case SUCCESS -> {
          return "success";
        }
        case CLIENT_ERROR -> {
          return "client_error";
        }
        case UPSTREAM_ERROR -> {
          return "upstream_error";
        }
        case CANCELLED -> {
          return "cancelled";
        }
        default -> {
        }
      }
      return status < 400 ? "success" : status < 500 && status != 429 ? "client_error" : "upstream_error";
    }
    if (status < 400) {
      return "success";
    }
    // No upstream call was made: the gateway refused (auth, scope, rate limit, budget) or the request was bad.
    if (status == 401 || status == 403 || status == 429
        || (error != null && "budget_unavailable".equals(error.code()))) {
      return "rejected";
    }
    return status < 500 ? "client_error" : "upstream_error";
  }

  @Override
  public UsageRecord get() {
    long completion = Math.max(usage.completionTokens(), partialOutputTokens);
    UsageRecord.Tokens tokens = new UsageRecord.Tokens(usage.promptTokens(), completion, usage.cachedTokens(),
        usage.cacheWriteTokens(), usage.reasoningTokens());
    BigDecimal price = cost;
    if (price == null && priceIfMissing && settings.pricer() != null && provider != null && upstreamModel != null
        && tokens.totalTokens() > 0) {
      price = settings.pricer().price(provider, upstreamModel, new TokenUsage(tokens.promptTokens(),
          tokens.completionTokens(), tokens.cachedReadTokens(), tokens.cacheWriteTokens(), tokens.reasoningTokens()));
    }
    List<UsageRecord.Attempt> tried = new ArrayList<>(attempts.size());
    for (AiCall.Attempt a : attempts) {
      int slash = a.target().indexOf('/');
      String attemptProvider = slash < 0 ? a.target() : a.target().substring(0, slash);
      String attemptModel = slash < 0 ? "" : a.target().substring(slash + 1);
      if ("*".equals(attemptModel) && attemptProvider.equals(provider) && upstreamModel != null) {
        attemptModel = upstreamModel; // a single-provider route's one target serves whatever model is asked
      }
      tried.add(new UsageRecord.Attempt(attemptProvider, attemptModel, a.status(), a.outcome(), a.millis(),
          a.hedge()));
    }
    String requestBody = null;
    String responseBody = null;
    if (settings.bodies()) {
      if (request != null) {
        byte[] body = request.body();
        int n = (int) Math.min(body.length, (long) settings.maxBodyChars() * 8);
        requestBody = Redaction.redact(new String(body, 0, n, StandardCharsets.UTF_8), settings.maxBodyChars());
      }
      if (response != null) {
        responseBody = Redaction.redact(response.text(), settings.maxBodyChars());
      }
    }
    return new UsageRecord(requestId, time, routeId, dialect, endpoint, keyId, user, team, requestedModel, provider,
        upstreamModel, tried, status, outcome, errorType, stream,
        new UsageRecord.Latency(totalMs, ttftMs, upstreamMs, overheadMs), tokens, price, cache, metadata(),
        requestBody, responseBody, guardrails);
  }

  /** Body {@code metadata} (and Gemini {@code labels}) string values, then the tag headers, capped. */
  private Map<String, String> metadata() {
    Map<String, String> out = new LinkedHashMap<>();
    if (request != null && contains(request.body(), METADATA)) {
      try {
        JsonNode root = Json.MAPPER.readTree(request.body());
        for (String field : new String[] {"metadata", "labels"}) {
          JsonNode node = root.path(field);
          if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
              if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                put(out, e.getKey(), e.getValue().asString());
              }
            }
          }
        }
      } catch (RuntimeException e) {
        // Not JSON (the request was refused for it): no metadata.
      }
    }
    headerTags.forEach((k, v) -> put(out, k, v));
    return out;
  }

  private void put(Map<String, String> out, String key, String value) {
    if (out.size() >= settings.maxTags() && !out.containsKey(key)) {
      return;
    }
    out.put(cap(key, settings.maxTagLength()), cap(value, settings.maxTagLength()));
  }

  private static String cap(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  private static Map<String, String> headerTags(ServerWebExchange exchange, Settings settings) {
    Map<String, String> tags = null;
    for (Map.Entry<String, List<String>> h : exchange.getRequest().getHeaders().headerSet()) {
      String name = h.getKey();
      if (name.length() > TAG_HEADER_PREFIX.length()
          && name.regionMatches(true, 0, TAG_HEADER_PREFIX, 0, TAG_HEADER_PREFIX.length()) && !h.getValue().isEmpty()) {
        if (tags == null) {
          tags = new LinkedHashMap<>();
        }
        if (tags.size() < settings.maxTags()) {
          tags.put(name.substring(TAG_HEADER_PREFIX.length()).toLowerCase(Locale.ROOT), h.getValue().get(0));
        }
      }
    }
    return tags == null ? Map.of() : tags;
  }

  private static final byte[] METADATA = "\"metadata\"".getBytes(StandardCharsets.US_ASCII);

  static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0, end = haystack.length - needle.length; i <= end; i++) {
      if (haystack[i] != needle[0]) {
        continue;
      }
      for (int j = 1; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static @Nullable AiException find(@Nullable Throwable e, int depth) {
    if (e == null || depth > 8) {
      return null;
    }
    if (e instanceof AiException ai) {
      return ai;
    }
    for (Throwable s : e.getSuppressed()) {
      AiException found = find(s, depth + 1);
      if (found != null) {
        return found;
      }
    }
    return e.getCause() == e ? null : find(e.getCause(), depth + 1);
  }
}
