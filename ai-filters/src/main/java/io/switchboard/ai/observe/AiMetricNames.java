package io.switchboard.ai.observe;

/**
 * The Micrometer meter names the suite publishes (Prometheus spells dots as underscores and adds unit suffixes:
 * {@code gen_ai_client_operation_duration_seconds_bucket}). These names are the dashboards' and alerts' interface:
 * rename nothing. OpenTelemetry GenAI semantic conventions are followed where they define a metric; the rest are
 * {@code switchboard.*}. Tags are low-cardinality: never key ids, and models only as configured or catalog names
 * ({@code other} for the rest) unless {@code ai.observability.metrics.raw-model-tags} is set.
 */
public final class AiMetricNames {

  /** Distribution summary of tokens per request; tags {@code gen_ai.token.type} = {@code input}/{@code output}. */
  public static final String TOKEN_USAGE = "gen_ai.client.token.usage";
  /** Timer: a request's whole duration as the client saw it. */
  public static final String OPERATION_DURATION = "gen_ai.client.operation.duration";
  /** Timer: arrival until the first output was written. */
  public static final String TIME_TO_FIRST_TOKEN = "gen_ai.server.time_to_first_token";
  /** Timer: after the first output, time per further output token (streams). */
  public static final String TIME_PER_OUTPUT_TOKEN = "gen_ai.server.time_per_output_token";
  /** Counter: requests by route, model, provider, status class, dialect, outcome and streaming. */
  public static final String REQUESTS = "switchboard.requests";
  /** Timer: time spent in the gateway itself (total minus upstream minus backoff waits). */
  public static final String GATEWAY_OVERHEAD = "switchboard.gateway.overhead";
  /** Counter: US dollars at catalog prices, by route, provider, model and team. */
  public static final String COST = "switchboard.cost.usd";
  /** Counter: tokens by route, provider, model, team and type ({@code input}, {@code output}). */
  public static final String TOKENS = "switchboard.tokens";
  /** Counter: upstream attempts by provider, model and outcome ({@code ok}, error class, {@code cancelled}). */
  public static final String ATTEMPTS = "switchboard.attempts";
  /** Counter: requests that needed more than one attempt, by route and kind ({@code retry}, {@code failover}). */
  public static final String RETRIES = "switchboard.retries";
  /** Counter: hedge attempts sent, by route and winner. */
  public static final String HEDGES = "switchboard.hedges";
  /** Gauge: circuit state per target (0 closed, 1 half-open, 2 open, 3 forced open). */
  public static final String CIRCUIT_STATE = "switchboard.circuit.state";
  /** Counter: requests refused by the token rate limiter, by route and limit. */
  public static final String RATE_LIMIT_REJECTIONS = "switchboard.ratelimit.rejections";
  /** Counter: requests refused by a budget, by route and subject kind. */
  public static final String BUDGET_REJECTIONS = "switchboard.budget.rejections";
  /** Counter: response-cache lookups by route and result ({@code hit}, {@code semantic_hit}, {@code miss}). */
  public static final String CACHE_REQUESTS = "switchboard.cache.requests";
  /** Counter: US dollars not spent thanks to cache hits. */
  public static final String CACHE_SAVINGS = "switchboard.cache.savings.usd";
  /** Counter: guardrail verdicts other than pass, by route, policy, check and outcome (block, redact, flag, error). */
  public static final String GUARDRAIL_VERDICTS = "switchboard.guardrails.verdicts";
  /** Counter: usage records handed to sinks, by sink. */
  public static final String USAGE_RECORDS = "switchboard.usage.records";
  /** Counter: usage records lost, by sink and reason ({@code queue_full}, {@code sink_error}). */
  public static final String USAGE_RECORDS_DROPPED = "switchboard.usage.records.dropped";

  private AiMetricNames() {
  }
}
