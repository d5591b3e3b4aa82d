package io.switchboard.ai.observe;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import java.util.List;

/**
 * Emits every usage record as an OpenTelemetry log record (body: the record's JSON; attributes: the GenAI
 * conventions' names for provider, model, operation and tokens, plus route, team, outcome and status) through the
 * logs bridge of the application's {@link OpenTelemetry} (its bean, else {@code GlobalOpenTelemetry}).
 */
public final class OtelUsageSink implements UsageSink {

  static final String SCOPE = "io.switchboard.ai.usage";
  private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
  private static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
  private static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  private static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
  private static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
  private static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("switchboard.route");
  private static final AttributeKey<String> TEAM = AttributeKey.stringKey("switchboard.team");
  private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("switchboard.outcome");
  private static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("switchboard.request_id");
  private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  private static final AttributeKey<Double> COST = AttributeKey.doubleKey("switchboard.cost_usd");

  private final Logger logger;

  public OtelUsageSink(OpenTelemetry openTelemetry) {
    this.logger = openTelemetry.getLogsBridge().get(SCOPE);
  }

  @Override
  public String name() {
    return "otel";
  }

  @Override
  public void accept(List<UsageRecord> batch) {
    for (UsageRecord r : batch) {
      LogRecordBuilder b = logger.logRecordBuilder()
          .setTimestamp(r.time())
          .setSeverity(Severity.INFO)
          .setSeverityText("INFO")
          .setBody(UsageJson.write(r))
          .setAttribute(OPERATION, r.endpoint())
          .setAttribute(OUTCOME, r.outcome())
          .setAttribute(REQUEST_ID, r.requestId())
          .setAttribute(STATUS, (long) r.status())
          .setAttribute(INPUT_TOKENS, r.tokens().promptTokens())
          .setAttribute(OUTPUT_TOKENS, r.tokens().completionTokens());
      set(b, PROVIDER, r.provider());
      set(b, REQUEST_MODEL, r.requestedModel());
      set(b, RESPONSE_MODEL, r.upstreamModel());
      set(b, ERROR_TYPE, r.errorType());
      set(b, ROUTE, r.routeId());
      set(b, TEAM, r.team());
      if (r.costUsd() != null) {
        b.setAttribute(COST, r.costUsd().doubleValue());
      }
      b.emit();
    }
  }

  private static void set(LogRecordBuilder b, AttributeKey<String> key, String value) {
    if (value != null) {
      b.setAttribute(key, value);
    }
  }
}
