package io.switchboard.ai.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.switchboard.ai.failover.TargetRegistry;
import io.switchboard.ai.failover.TargetState;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The suite's metrics ({@link AiMetricNames}), fed from usage records on the publisher's thread, so the request path
 * pays nothing for them. Tags follow the OpenTelemetry GenAI conventions where they exist ({@code gen_ai.*},
 * {@code error.type}) and stay low-cardinality: models through {@link ModelTags}, never key ids. Also registers the
 * circuit-state gauges of the failover targets and the publisher's own counters.
 */
final class UsageMetrics implements Consumer<UsageRecord> {

  private static final String NONE = "none";
  /** Token buckets (powers of 4): a percentile histogram of a summary would publish ~270 buckets per series. */
  private static final double[] TOKEN_BUCKETS = {1, 4, 16, 64, 256, 1024, 4096, 16_384, 65_536, 262_144, 1_048_576};

  private final MeterRegistry registry;
  private final ModelTags models;
  private final @Nullable TargetRegistry targets;
  private final Set<String> gauged = ConcurrentHashMap.newKeySet();
  private static final int MAX_SHAPES = 10_000;
  private final java.util.Map<String, Meters> shapes = new ConcurrentHashMap<>();
  private volatile int targetCount = -1;

  UsageMetrics(MeterRegistry registry, ModelTags models, @Nullable TargetRegistry targets) {
    this.registry = registry;
    this.models = models;
    this.targets = targets;
    refreshCircuitGauges();
  }

  /** The publisher's counters: records per sink, records dropped by reason. */
  void bind(UsagePublisher publisher) {
    FunctionCounter.builder(AiMetricNames.USAGE_RECORDS_DROPPED, publisher, UsagePublisher::droppedQueueFull)
        .tags("sink", "all", "reason", "queue_full").description("Usage records lost").register(registry);
    for (UsageSink sink : publisher.sinks()) {
      String name = sink.name();
      FunctionCounter.builder(AiMetricNames.USAGE_RECORDS, publisher, p -> p.delivered(name))
          .tag("sink", name).description("Usage records handed to sinks").register(registry);
      FunctionCounter.builder(AiMetricNames.USAGE_RECORDS_DROPPED, publisher, p -> p.sinkErrors(name))
          .tags("sink", name, "reason", "sink_error").description("Usage records lost").register(registry);
    }
  }

  @Override
  public void accept(UsageRecord r) {
    refreshCircuitGauges();
    String route = r.routeId() == null ? NONE : r.routeId();
    String provider = r.provider() == null ? NONE : r.provider();
    String requested = models.tag(r.requestedModel());
    String upstream = models.tag(r.upstreamModel());
    String team = r.team() == null ? NONE : r.team();
    String stream = Boolean.toString(r.stream());
    String operation = r.endpoint();
    String error = r.errorType() == null ? NONE : r.errorType();
    Meters m = meters(route, provider, requested, upstream, team, stream, operation, error,
        statusClass(r.status()), r.dialect(), r.outcome());
    m.requests.increment();
    m.duration.record(nanos(r.latency().totalMs()), TimeUnit.NANOSECONDS);
    m.overhead.record(nanos(r.latency().overheadMs()), TimeUnit.NANOSECONDS);
    Double ttft = r.latency().timeToFirstTokenMs();
    if (ttft != null) {
      m.ttft().record(nanos(ttft), TimeUnit.NANOSECONDS);
      long output = r.tokens().completionTokens();
      if (r.stream() && output > 1 && "success".equals(r.outcome())) {
        m.perOutputToken().record(nanos((r.latency().totalMs() - ttft) / (output - 1)), TimeUnit.NANOSECONDS);
      }
    }
    if (r.provider() != null) {
      m.inputTokens().record(r.tokens().promptTokens());
      m.outputTokens().record(r.tokens().completionTokens());
      if (r.tokens().promptTokens() > 0) {
        m.inputCounter().increment(r.tokens().promptTokens());
      }
      if (r.tokens().completionTokens() > 0) {
        m.outputCounter().increment(r.tokens().completionTokens());
      }
    }
    if (r.costUsd() != null && r.costUsd().signum() > 0) {
      m.cost().increment(r.costUsd().doubleValue());
    }
    attempts(r, route);
    for (String verdict : r.guardrails()) {
      // "<policy>.<check>:<outcome>[:<count>]": policy and check names come from configuration, so few values.
      String[] parts = verdict.split(":");
      int dot = parts[0].indexOf('.');
      Counter.builder(AiMetricNames.GUARDRAIL_VERDICTS).tags("route", route,
              "policy", dot < 0 ? parts[0] : parts[0].substring(0, dot),
              "check", dot < 0 ? "" : parts[0].substring(dot + 1), "outcome", parts.length > 1 ? parts[1] : "")
          .description("Guardrail verdicts other than pass").register(registry).increment();
    }
    if ("rejected".equals(r.outcome()) && r.errorType() != null) {
      if (r.errorType().equals("rate_limit_error")) {
        Counter.builder(AiMetricNames.RATE_LIMIT_REJECTIONS).tags("route", route)
            .description("Requests refused by the token rate limiter").register(registry).increment();
      } else if (r.errorType().equals("insufficient_quota")) {
        Counter.builder(AiMetricNames.BUDGET_REJECTIONS).tags("route", route, "status", Integer.toString(r.status()))
            .description("Requests refused by a budget").register(registry).increment();
      }
    }
  }

  private void attempts(UsageRecord r, String route) {
    UsageRecord.Attempt first = null;
    boolean retry = false;
    boolean failover = false;
    UsageRecord.Attempt hedge = null;
    for (UsageRecord.Attempt a : r.attempts()) {
      Counter.builder(AiMetricNames.ATTEMPTS).tags("gen_ai.provider.name", a.provider(),
          "gen_ai.request.model", models.tag(a.model()), "outcome", a.outcome(), "route", route)
          .description("Upstream attempts").register(registry).increment();
      if (a.hedge()) {
        hedge = a;
      } else if (first == null) {
        first = a;
      } else if (a.provider().equals(first.provider()) && a.model().equals(first.model())) {
        retry = true;
      } else {
        failover = true;
      }
    }
    if (failover || retry) {
      Counter.builder(AiMetricNames.RETRIES).tags("route", route, "kind", failover ? "failover" : "retry")
          .description("Requests that needed more than one attempt").register(registry).increment();
    }
    if (hedge != null) {
      String winner = "ok".equals(hedge.outcome()) ? "hedge"
          : first != null && "ok".equals(first.outcome()) ? "primary" : NONE;
      Counter.builder(AiMetricNames.HEDGES).tags("route", route, "winner", winner)
          .description("Hedge attempts sent").register(registry).increment();
    }
  }

  /**
   * The meters of one combination of tag values, registered once: building tags and looking meters up in the
   * registry for every record cost more than recording. Bounded: past {@link #MAX_SHAPES} combinations, meters are
   * looked up per record again (the registry still deduplicates them).
   */
  private Meters meters(String route, String provider, String requested, String upstream, String team, String stream,
      String operation, String error, String statusClass, String dialect, String outcome) {
    String key = String.join("\u0000", route, provider, requested, upstream, team, stream, operation, error,
        statusClass, dialect, outcome);
    Meters cached = shapes.get(key);
    if (cached != null) {
      return cached;
    }
    Tags genAi = Tags.of("gen_ai.operation.name", operation, "gen_ai.provider.name", provider,
        "gen_ai.request.model", requested, "route", route);
    Meters made = new Meters(registry, genAi, route, provider, upstream, team, stream, error, statusClass, dialect,
        outcome);
    if (shapes.size() < MAX_SHAPES) {
      shapes.putIfAbsent(key, made);
    }
    return made;
  }

  /** One shape's meters; the rarely used ones are registered on first use. */
  private static final class Meters {
    final Counter requests;
    final Timer duration;
    final Timer overhead;
    private final MeterRegistry registry;
    private final Tags genAi;
    private final String route;
    private final String provider;
    private final String upstream;
    private final String team;
    private final String stream;
    private Timer ttft;
    private Timer perOutputToken;
    private DistributionSummary inputTokens;
    private DistributionSummary outputTokens;
    private Counter inputCounter;
    private Counter outputCounter;
    private Counter cost;

    Meters(MeterRegistry registry, Tags genAi, String route, String provider, String upstream, String team,
        String stream, String error, String statusClass, String dialect, String outcome) {
      this.registry = registry;
      this.genAi = genAi;
      this.route = route;
      this.provider = provider;
      this.upstream = upstream;
      this.team = team;
      this.stream = stream;
      requests = Counter.builder(AiMetricNames.REQUESTS)
          .tags(genAi).tags("status_class", statusClass, "dialect", dialect, "outcome", outcome,
              "stream", stream, "error.type", error)
          .description("AI requests").register(registry);
      duration = Timer.builder(AiMetricNames.OPERATION_DURATION).tags(genAi).tags("error.type", error, "stream", stream)
          .publishPercentileHistogram().description("AI request duration as the client saw it").register(registry);
      overhead = Timer.builder(AiMetricNames.GATEWAY_OVERHEAD).tags("route", route, "dialect", dialect,
              "stream", stream)
          .publishPercentileHistogram().description("Time spent in the gateway itself").register(registry);
    }

    Timer ttft() {
      if (ttft == null) {
        ttft = Timer.builder(AiMetricNames.TIME_TO_FIRST_TOKEN).tags(genAi).tags("stream", stream)
            .publishPercentileHistogram().description("Arrival until the first output was written")
            .register(registry);
      }
      return ttft;
    }

    Timer perOutputToken() {
      if (perOutputToken == null) {
        perOutputToken = Timer.builder(AiMetricNames.TIME_PER_OUTPUT_TOKEN).tags(genAi).publishPercentileHistogram()
            .description("Time per output token after the first").register(registry);
      }
      return perOutputToken;
    }

    DistributionSummary inputTokens() {
      if (inputTokens == null) {
        inputTokens = tokenSummary("input");
      }
      return inputTokens;
    }

    DistributionSummary outputTokens() {
      if (outputTokens == null) {
        outputTokens = tokenSummary("output");
      }
      return outputTokens;
    }

    Counter inputCounter() {
      if (inputCounter == null) {
        inputCounter = tokenCounter("input");
      }
      return inputCounter;
    }

    Counter outputCounter() {
      if (outputCounter == null) {
        outputCounter = tokenCounter("output");
      }
      return outputCounter;
    }

    Counter cost() {
      if (cost == null) {
        cost = Counter.builder(AiMetricNames.COST).tags("route", route, "gen_ai.provider.name", provider,
            "gen_ai.request.model", upstream, "team", team).baseUnit("usd")
            .description("US dollars at catalog prices").register(registry);
      }
      return cost;
    }

    private DistributionSummary tokenSummary(String type) {
      return DistributionSummary.builder(AiMetricNames.TOKEN_USAGE).tags(genAi).tag("gen_ai.token.type", type)
          .baseUnit("tokens").serviceLevelObjectives(TOKEN_BUCKETS).description("Tokens per request")
          .register(registry);
    }

    private Counter tokenCounter(String type) {
      return Counter.builder(AiMetricNames.TOKENS).tags("route", route, "gen_ai.provider.name", provider,
          "gen_ai.request.model", upstream, "team", team, "gen_ai.token.type", type).baseUnit("tokens")
          .description("Tokens used").register(registry);
    }
  }

  /** Circuit gauges for targets not gauged yet (targets appear as routes are built). */
  void refreshCircuitGauges() {
    if (targets == null) {
      return;
    }
    var all = targets.all();
    if (all.size() == targetCount) {
      return;
    }
    for (TargetState state : all) {
      if (gauged.add(state.key())) {
        int slash = state.key().indexOf('/');
        Gauge.builder(AiMetricNames.CIRCUIT_STATE, state, UsageMetrics::circuitCode)
            .tags("target", state.key(), "gen_ai.provider.name", slash < 0 ? state.key() : state.key().substring(0, slash))
            .description("Circuit state: 0 closed, 1 half-open, 2 open, 3 forced open").register(registry);
      }
    }
    targetCount = all.size();
  }

  static double circuitCode(TargetState state) {
    return switch (state.circuitState()) {
      case "CLOSED" -> 0;
      case "HALF_OPEN" -> 1;
      case "OPEN" -> 2;
      case "FORCED_OPEN" -> 3;
      default -> -1;
    };
  }

  static String statusClass(int status) {
    return status <= 0 ? "unknown" : (status / 100) + "xx";
  }

  private static long nanos(double millis) {
    return (long) (millis * 1_000_000);
  }
}
