package io.switchboard.ai;

import io.switchboard.ai.provider.spi.TokenUsage;
import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;

/**
 * What the gateway knows about the AI call of one exchange: who served it, with which model, and the tokens it
 * used. Stored under {@link #ATTRIBUTE} when the call starts and filled in as it progresses, so filters that run
 * after the call (rate limits, cost, metrics) read it once the chain completes. Usage of a stream is complete when
 * the stream is; a client disconnect leaves the usage seen until then.
 */
public final class AiCall {

  /** Exchange attribute holding the {@code AiCall}. */
  public static final String ATTRIBUTE = AiCall.class.getName();

  /**
   * Exchange attribute holding the call of a first answer that was rejected and asked again (a guardrail's JSON
   * re-ask): its tokens were spent too, so accounting adds its usage and cost to the final call's.
   */
  public static final String FIRST_TRY_ATTRIBUTE = AiCall.class.getName() + ".firstTry";

  /** How a call ended, for the filters that account for it. */
  public enum Outcome { PENDING, SUCCESS, CLIENT_ERROR, UPSTREAM_ERROR, CANCELLED }

  private final String providerId;
  private final String requestedModel;
  private final String upstreamModel;
  private final boolean stream;
  private volatile TokenUsage usage = TokenUsage.NONE;
  private volatile Outcome outcome = Outcome.PENDING;
  private volatile int status;
  private volatile java.math.@Nullable BigDecimal costUsd;
  private volatile java.util.List<Attempt> attempts = java.util.List.of();
  private volatile @Nullable String partialOutput;
  private volatile long partialOutputTokens;

  /**
   * One upstream attempt of a request, in the order they started (a failover route may make several).
   *
   * @param target {@code provider/model}
   * @param outcome {@code ok}, {@code cancelled} (lost a hedge race), or the error class ({@code rate-limited} …)
   * @param status the HTTP status the attempt ended with as the client would have seen it (200 when it served)
   * @param millis how long it ran until it served its first output or failed
   * @param hedge whether it was started as a hedge while another attempt was still running
   */
  public record Attempt(String target, String outcome, int status, long millis, boolean hedge) {
  }

  public AiCall(String providerId, String requestedModel, String upstreamModel, boolean stream) {
    this.providerId = providerId;
    this.requestedModel = requestedModel;
    this.upstreamModel = upstreamModel;
    this.stream = stream;
  }

  /**
   * The answer text the client received before its stream broke (its first 64 KB of events), or {@code null} when
   * the stream did not break after output.
   */
  public @Nullable String partialOutput() {
    return partialOutput;
  }

  /**
   * Estimated tokens of {@link #partialOutput()} (o200k encoding): providers report usage only at the end of a
   * stream, so a broken stream's completion tokens are otherwise unknown. Accounting should count
   * {@code max(usage().completionTokens(), partialOutputTokens())}.
   */
  public long partialOutputTokens() {
    return partialOutputTokens;
  }

  /** Records what the client received of a stream that broke (by the engine). */
  public void recordPartialOutput(String text, long estimatedTokens) {
    this.partialOutput = text;
    this.partialOutputTokens = estimatedTokens;
  }

  /** The attempts made for this exchange (one unless the route fails over, retries or hedges). */
  public java.util.List<Attempt> attempts() {
    return attempts;
  }

  /** Records the attempts (by the engine, once the exchange is answered or failed). */
  public void recordAttempts(java.util.List<Attempt> attempts) {
    this.attempts = java.util.List.copyOf(attempts);
  }

  /** The call of an exchange, or {@code null} when no AI call was made (yet). */
  public static @Nullable AiCall of(ServerWebExchange exchange) {
    return exchange.getAttribute(ATTRIBUTE);
  }

  public String providerId() {
    return providerId;
  }

  /** The model the client asked for, as it asked. */
  public String requestedModel() {
    return requestedModel;
  }

  /** The model the provider was asked for. */
  public String upstreamModel() {
    return upstreamModel;
  }

  public boolean stream() {
    return stream;
  }

  public TokenUsage usage() {
    return usage;
  }

  public Outcome outcome() {
    return outcome;
  }

  /** The HTTP status answered to the client (0 until known). */
  public int status() {
    return status;
  }

  /** The call's cost in US dollars by the model catalog's prices, or {@code null} when the model is not priced. */
  public java.math.@Nullable BigDecimal costUsd() {
    return costUsd;
  }

  /** Records the cost computed from the usage (by the engine that makes the call). */
  public void recordCost(java.math.@Nullable BigDecimal costUsd) {
    this.costUsd = costUsd;
  }

  /** Records the usage seen so far (by the engine that makes the call). */
  public void recordUsage(TokenUsage usage) {
    this.usage = usage;
  }

  /** Records how the call ended; the first record wins. */
  public void recordOutcome(Outcome outcome, int status) {
    if (this.outcome == Outcome.PENDING) {
      this.outcome = outcome;
      this.status = status;
    }
  }
}
