package io.switchboard.ai.observe;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one AI request did, written once when its exchange ends (answered, failed, refused or cancelled by the
 * client). Immutable; handed to every {@link UsageSink} off the request path. Durations are in milliseconds.
 *
 * @param requestId the gateway's id for the exchange ({@code ServerHttpRequest.getId()})
 * @param time when the request arrived
 * @param routeId the matched route, or {@code null} when no route took it
 * @param dialect the client's dialect ({@code openai}, {@code anthropic}, {@code gemini}, {@code responses})
 * @param endpoint the operation asked for ({@code chat}, {@code embeddings}, {@code count_tokens} …)
 * @param keyId the virtual key's id, a static key's short hash, or {@code null} when unauthenticated
 * @param user the key's user, when known
 * @param team the key's team, when known
 * @param requestedModel the model as the client asked for it
 * @param provider the provider that served (or last failed)
 * @param upstreamModel the model that provider was asked for
 * @param attempts every upstream attempt, in the order they started
 * @param status the HTTP status the client got (200 for a stream that broke after it started)
 * @param outcome {@code success}, {@code client_error}, {@code upstream_error}, {@code rejected} (by the gateway:
 *     auth, rate limit, budget, guardrail) or {@code cancelled} (the client went away)
 * @param errorType the error's {@code type} in the OpenAI envelope, when it failed
 * @param stream whether the answer was streamed
 * @param latency where the time went
 * @param tokens the tokens used (for a cut stream: those actually delivered)
 * @param costUsd the cost at catalog prices, or {@code null} when the model is not priced or nothing was used
 * @param cache the response cache's verdict ({@code hit}, {@code semantic_hit}, {@code miss}), or {@code null}
 *     when no cache ran
 * @param metadata the client's tags (request {@code metadata} and {@code x-switchboard-tag-*} headers)
 * @param requestBody the redacted, capped request body, only when body recording is enabled
 * @param responseBody the redacted, capped answer, only when body recording is enabled
 * @param guardrails what the guardrails did ({@code <policy>.<check>:<outcome>[:<count>]} for every verdict
 *     other than a pass: {@code block}, {@code redact}, {@code flag}, {@code error}); never the matched text
 * @param requestBody the request body, redacted and capped, only with {@code ai.observability.usage.bodies.enabled}
 * @param responseBody the answer as the client got it (a stream's events), redacted and capped, only with
 *     {@code ai.observability.usage.bodies.enabled}
 */
public record UsageRecord(String requestId, Instant time, @Nullable String routeId, String dialect,
    String endpoint, @Nullable String keyId, @Nullable String user, @Nullable String team,
    @Nullable String requestedModel, @Nullable String provider, @Nullable String upstreamModel,
    List<Attempt> attempts, int status, String outcome, @Nullable String errorType, boolean stream,
    Latency latency, Tokens tokens, @Nullable BigDecimal costUsd, @Nullable String cache,
    Map<String, String> metadata, @Nullable String requestBody, @Nullable String responseBody,
    List<String> guardrails) {

  public UsageRecord {
    attempts = List.copyOf(attempts);
    metadata = Map.copyOf(metadata);
    guardrails = List.copyOf(guardrails);
  }

  /** A record without guardrail verdicts. */
  public UsageRecord(String requestId, Instant time, @Nullable String routeId, String dialect, String endpoint,
      @Nullable String keyId, @Nullable String user, @Nullable String team, @Nullable String requestedModel,
      @Nullable String provider, @Nullable String upstreamModel, List<Attempt> attempts, int status, String outcome,
      @Nullable String errorType, boolean stream, Latency latency, Tokens tokens, @Nullable BigDecimal costUsd,
      @Nullable String cache, Map<String, String> metadata, @Nullable String requestBody,
      @Nullable String responseBody) {
    this(requestId, time, routeId, dialect, endpoint, keyId, user, team, requestedModel, provider, upstreamModel,
        attempts, status, outcome, errorType, stream, latency, tokens, costUsd, cache, metadata, requestBody,
        responseBody, List.of());
  }

  /** A record without bodies (the shape before bodies were added). */
  public UsageRecord(String requestId, Instant time, @Nullable String routeId, String dialect, String endpoint,
      @Nullable String keyId, @Nullable String user, @Nullable String team, @Nullable String requestedModel,
      @Nullable String provider, @Nullable String upstreamModel, List<Attempt> attempts, int status, String outcome,
      @Nullable String errorType, boolean stream, Latency latency, Tokens tokens, @Nullable BigDecimal costUsd,
      @Nullable String cache, Map<String, String> metadata) {
    this(requestId, time, routeId, dialect, endpoint, keyId, user, team, requestedModel, provider, upstreamModel,
        attempts, status, outcome, errorType, stream, latency, tokens, costUsd, cache, metadata, null, null);
  }

  /**
   * One upstream attempt.
   *
   * @param provider the provider's id
   * @param model the model asked of it
   * @param status the status it ended with, as the client would have seen it
   * @param outcome {@code ok}, {@code cancelled} (lost a hedge race or the client left) or the error class
   *     ({@code rate-limited}, {@code server-error}, {@code timeout} …)
   * @param latencyMs until it served its first output or failed
   * @param hedge whether it was sent as a hedge while another attempt ran
   */
  public record Attempt(String provider, String model, int status, String outcome, double latencyMs,
      boolean hedge) {
  }

  /**
   * Where a request's time went.
   *
   * @param totalMs from arrival until the last byte went out (or the client left)
   * @param timeToFirstTokenMs from arrival until the answer's first output was written, or {@code null}
   * @param upstreamMs time with at least one upstream attempt open
   * @param overheadMs the gateway's own time: total minus upstream minus deliberate backoff waits
   */
  public record Latency(double totalMs, @Nullable Double timeToFirstTokenMs, double upstreamMs,
      double overheadMs) {
  }

  /** Token counts; {@code promptTokens} includes cached and cache-write tokens, completion includes reasoning. */
  public record Tokens(long promptTokens, long completionTokens, long cachedReadTokens, long cacheWriteTokens,
      long reasoningTokens) {

    public static final Tokens NONE = new Tokens(0, 0, 0, 0, 0);

    public long totalTokens() {
      return promptTokens + completionTokens;
    }
  }
}
