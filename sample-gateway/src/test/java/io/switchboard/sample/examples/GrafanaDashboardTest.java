package io.switchboard.sample.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import io.switchboard.ai.observe.AiMetricNames;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code config-examples/grafana/switchboard-dashboard.json} may only query series that {@link AiMetricNames}
 * publishes (Prometheus spelling: dots as underscores, {@code _total} for counters, {@code _seconds_bucket/_count/
 * _sum/_max} for timers, {@code _tokens_bucket/_count/_sum/_max} for the token summary), so renaming a meter breaks
 * this test rather than the dashboard.
 */
class GrafanaDashboardTest {

  static final Path DASHBOARD = Path.of("..", "config-examples", "grafana", "switchboard-dashboard.json");
  static final Pattern SERIES = Pattern.compile("\\b((?:gen_ai|switchboard)_[a-z0-9_]+)\\b");

  static Set<String> allowedSeries() throws IllegalAccessException {
    Set<String> allowed = new HashSet<>();
    for (Field field : AiMetricNames.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        String base = ((String) field.get(null)).replace('.', '_');
        allowed.add(base);
        for (String suffix : List.of("_total", "_seconds_bucket", "_seconds_count", "_seconds_sum", "_seconds_max",
            "_tokens_bucket", "_tokens_count", "_tokens_sum", "_tokens_max")) {
          allowed.add(base + suffix);
        }
      }
    }
    return allowed;
  }

  @Test
  void everyQueryUsesOnlyPublishedSeries() throws Exception {
    JsonNode dashboard = Json.MAPPER.readTree(Files.readString(DASHBOARD));
    List<String> expressions = new ArrayList<>();
    collect(dashboard, expressions);
    assertThat(expressions).hasSizeGreaterThan(15);
    Set<String> allowed = allowedSeries();
    Set<String> used = new HashSet<>();
    for (String expr : expressions) {
      Matcher m = SERIES.matcher(expr);
      boolean any = false;
      while (m.find()) {
        String name = m.group(1);
        if (name.equals("gen_ai_token_type") || name.equals("gen_ai_request_model")) {
          continue; // a label (gen_ai.token.type), not a series
        }
        any = true;
        used.add(name);
        assertThat(allowed).as("series '" + name + "' in: " + expr).contains(name);
      }
      assertThat(any).as("no Switchboard series in: " + expr).isTrue();
    }
    // The dashboard covers what issue 6 asks of it.
    assertThat(used).contains("switchboard_requests_total", "gen_ai_client_operation_duration_seconds_bucket",
        "gen_ai_server_time_to_first_token_seconds_bucket", "switchboard_tokens_total", "switchboard_cost_usd_total",
        "switchboard_attempts_total", "switchboard_retries_total", "switchboard_circuit_state",
        "switchboard_ratelimit_rejections_total", "switchboard_budget_rejections_total",
        "switchboard_cache_savings_usd_total");
  }

  @Test
  void unknownSeriesAreCaught() throws Exception {
    Matcher m = SERIES.matcher("rate(switchboard_request_total[5m])");
    assertThat(m.find()).isTrue();
    assertThat(allowedSeries()).doesNotContain(m.group(1));
  }

  private static void collect(JsonNode node, List<String> into) {
    if (node.isObject()) {
      JsonNode expr = node.get("expr");
      if (expr != null && expr.isString()) {
        into.add(expr.asString());
      }
      JsonNode query = node.get("query");
      if (query != null && query.isString() && query.asString().contains("(")) {
        into.add(query.asString());
      }
      node.properties().forEach(e -> collect(e.getValue(), into));
    } else if (node.isArray()) {
      node.forEach(child -> collect(child, into));
    }
  }

  @Test
  void theScrapeCheckCatchesAMissingLabelOrSeries() {
    // The full check runs in UsageRecordsIT against a real scrape; here it must refuse scrapes the dashboard
    // cannot be answered by.
    String unlabelled = "switchboard_requests_total 1\n";
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DashboardQueries.assertAnsweredBy(unlabelled))
        .isInstanceOf(AssertionError.class);
    java.util.Map<String, java.util.Set<String>> labels = DashboardQueries.labels(
        "# HELP x\nswitchboard_tokens_total{route=\"r\",gen_ai_token_type=\"input\"} 3.0\nswitchboard_circuit_state 0.0\n");
    assertThat(labels.get("switchboard_tokens_total")).containsExactlyInAnyOrder("route", "gen_ai_token_type");
    assertThat(labels.get("switchboard_circuit_state")).isEmpty();
  }
}
