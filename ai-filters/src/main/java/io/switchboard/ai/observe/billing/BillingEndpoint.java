package io.switchboard.ai.observe.billing;

import io.switchboard.ai.governance.keys.Actor;
import io.switchboard.ai.governance.keys.AdminAuthWebFilter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.util.MimeType;
import reactor.core.publisher.Mono;

/**
 * {@code GET /actuator/aibilling?by=team&from=2026-11-01&to=2026-11-24&bucket=day[&format=csv]}: the billing
 * ledger's totals per dimension value and bucket (header {@code x-switchboard-admin-key}, like {@code aikeys}).
 * {@code by}: key, user, team, model, provider (default team); {@code bucket}: day (default) or hour; {@code from}
 * and {@code to}: UTC dates (both included) or instants ({@code to} excluded), default the last 7 days;
 * {@code format=csv} answers {@code text/csv}. Admins see everything; a team admin only {@code by=team}, and only
 * their teams.
 */
@Endpoint(id = "aibilling")
public class BillingEndpoint {

  static final MimeType CSV = MimeType.valueOf("text/csv;charset=UTF-8");
  static final MimeType JSON = MimeType.valueOf("application/json");
  private static final Duration MAX_DAYS = Duration.ofDays(800);
  private static final Duration MAX_HOURS = Duration.ofDays(62);

  private final BillingLedger ledger;
  private final Clock clock;

  public BillingEndpoint(BillingLedger ledger, Clock clock) {
    this.ledger = ledger;
    this.clock = clock;
  }

  @ReadOperation(produces = {"application/json", "text/csv"})
  public Mono<WebEndpointResponse<Object>> query(@Nullable String by, @Nullable String from, @Nullable String to,
      @Nullable String bucket, @Nullable String format) {
    return Mono.deferContextual(ctx -> {
      Actor actor = ctx.getOrDefault(AdminAuthWebFilter.ACTOR, null);
      if (actor == null) {
        return Mono.just(error(401, "unauthorized", "A valid admin key is required."));
      }
      BillingDimension dimension = by == null || by.isBlank() ? BillingDimension.TEAM : BillingDimension.parse(by);
      if (dimension == null) {
        return Mono.just(error(400, "invalid_request", "by: expected key, user, team, model or provider"));
      }
      BillingBucket size = BillingBucket.parse(bucket);
      if (size == null) {
        return Mono.just(error(400, "invalid_request", "bucket: expected day or hour"));
      }
      boolean csv = "csv".equalsIgnoreCase(format);
      if (format != null && !format.isBlank() && !csv && !"json".equalsIgnoreCase(format)) {
        return Mono.just(error(400, "invalid_request", "format: expected json or csv"));
      }
      if (!actor.superAdmin() && dimension != BillingDimension.TEAM) {
        return Mono.just(error(403, "forbidden", "Team admins may query by=team only."));
      }
      Instant end;
      Instant start;
      try {
        end = to == null || to.isBlank() ? LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(1)
            .atStartOfDay(ZoneOffset.UTC).toInstant() : parse(to, true);
        start = from == null || from.isBlank() ? end.minus(Duration.ofDays(7)) : parse(from, false);
      } catch (DateTimeParseException e) {
        return Mono.just(error(400, "invalid_request", "from/to: expected a date (2026-11-24) or an instant "
            + "(2026-11-24T13:00:00Z)"));
      }
      if (!start.isBefore(end)) {
        return Mono.just(error(400, "invalid_request", "from must be before to"));
      }
      if (Duration.between(start, end).compareTo(size == BillingBucket.HOUR ? MAX_HOURS : MAX_DAYS) > 0) {
        return Mono.just(error(400, "invalid_request", "The range is too long for bucket=" + size.id()));
      }
      return ledger.query(dimension, size, start, end).map(all -> {
        List<BillingRow> rows = actor.superAdmin() ? all
            : all.stream().filter(r -> actor.adminTeams().contains(r.value())).toList();
        if (csv) {
          return new WebEndpointResponse<>((Object) BillingCsv.of(dimension, rows), 200, CSV);
        }
        return new WebEndpointResponse<>((Object) json(dimension, size, start, end, rows), 200, JSON);
      });
    });
  }

  private static Instant parse(String text, boolean end) {
    String t = text.trim();
    if (t.length() == 10) {
      LocalDate date = LocalDate.parse(t);
      return (end ? date.plusDays(1) : date).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    return Instant.parse(t);
  }

  private static Map<String, Object> json(BillingDimension by, BillingBucket bucket, Instant from, Instant to,
      List<BillingRow> rows) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("by", by.id());
    body.put("bucket", bucket.id());
    body.put("from", from.toString());
    body.put("to", to.toString());
    List<Map<String, Object>> out = new ArrayList<>(rows.size());
    BillingTotals total = BillingTotals.ZERO;
    for (BillingRow row : rows) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("period", row.period());
      r.put(by.id(), row.value());
      put(r, row.totals());
      out.add(r);
      total = total.plus(row.totals());
    }
    body.put("rows", out);
    Map<String, Object> totals = new LinkedHashMap<>();
    put(totals, total);
    body.put("total", totals);
    return body;
  }

  /** Counts as numbers, the cost as exact decimal text ({@code "0.0042"}). */
  private static void put(Map<String, Object> into, BillingTotals t) {
    into.put("requests", t.requests());
    into.put("inputTokens", t.inputTokens());
    into.put("outputTokens", t.outputTokens());
    into.put("cachedTokens", t.cachedTokens());
    into.put("costUsd", t.costText());
  }

  private static WebEndpointResponse<Object> error(int status, String error, String message) {
    return new WebEndpointResponse<>((Object) Map.of("error", error, "message", message), status, JSON);
  }
}
