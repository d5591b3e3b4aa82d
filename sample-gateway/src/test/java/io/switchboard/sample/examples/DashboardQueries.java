package io.switchboard.sample.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Checks the Grafana dashboard's PromQL against a real {@code /actuator/prometheus} scrape: every series it queries
 * must exist there, and every label it groups or filters by must be a label of that series. Series a test's traffic
 * cannot produce are listed in {@link #NOT_IN_EVERY_SCRAPE} with the labels their code gives them.
 */
public final class DashboardQueries {

  static final Path DASHBOARD = Path.of("..", "config-examples", "grafana", "switchboard-dashboard.json");
  static final Pattern SERIES = Pattern.compile("\\b((?:gen_ai|switchboard)_[a-z0-9_]+)\\b(\\{[^}]*\\})?");
  static final Pattern BY = Pattern.compile("\\bby \\(([^)]*)\\)");
  static final Pattern MATCHER = Pattern.compile("([a-z_]+)\\s*(?:=~|!~|!=|=)");

  /** Series that need traffic a given test may not send (hedges, budgets, cache), with their labels. */
  static final Map<String, Set<String>> NOT_IN_EVERY_SCRAPE = Map.of(
      "switchboard_hedges_total", Set.of("route", "winner"),
      "switchboard_budget_rejections_total", Set.of("route", "status"),
      "switchboard_cache_requests_total", Set.of("route", "result"),
      "switchboard_cache_savings_usd_total", Set.of("route"));

  private DashboardQueries() {
  }

  public static List<String> expressions() throws Exception {
    JsonNode dashboard = Json.MAPPER.readTree(Files.readString(DASHBOARD));
    List<String> out = new ArrayList<>();
    collect(dashboard, out);
    return out;
  }

  /** Labels per series name in a Prometheus text scrape. */
  static Map<String, Set<String>> labels(String scrape) {
    Map<String, Set<String>> out = new HashMap<>();
    for (String line : scrape.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.indexOf(' ');
      String name = brace > 0 && brace < space ? line.substring(0, brace) : line.substring(0, space);
      Set<String> set = out.computeIfAbsent(name, k -> new HashSet<>());
      if (brace > 0 && brace < space) {
        Matcher m = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"").matcher(line.substring(brace, line.lastIndexOf('}')));
        while (m.find()) {
          set.add(m.group(1));
        }
      }
    }
    return out;
  }

  /** Fails naming the query when a series or a label it uses is not in {@code scrape}. */
  public static void assertAnsweredBy(String scrape) throws Exception {
    Map<String, Set<String>> present = labels(scrape);
    for (String expr : expressions()) {
      if (expr.startsWith("label_values(")) {
        continue;
      }
      Set<String> used = new HashSet<>();
      Matcher by = BY.matcher(expr);
      while (by.find()) {
        for (String label : by.group(1).split(",")) {
          if (!label.isBlank()) {
            used.add(label.trim());
          }
        }
      }
      Matcher series = SERIES.matcher(expr);
      List<String> names = new ArrayList<>();
      while (series.find()) {
        if (series.group(1).equals("gen_ai_token_type") || series.group(1).equals("gen_ai_request_model")) {
          continue; // labels inside "by (…)", not series
        }
        names.add(series.group(1));
        if (series.group(2) != null) {
          Matcher m = MATCHER.matcher(series.group(2));
          while (m.find()) {
            used.add(m.group(1));
          }
        }
      }
      assertThat(names).as("no series in: " + expr).isNotEmpty();
      used.remove("le");
      for (String name : names) {
        Set<String> labels = present.get(name);
        if (labels == null) {
          String base = name.replaceAll("_(bucket|count|sum|max)$", "");
          labels = NOT_IN_EVERY_SCRAPE.get(base);
          assertThat(labels).as("series '" + name + "' is not in the scrape; query: " + expr).isNotNull();
        }
        assertThat(labels).as("labels of '" + name + "' used by: " + expr).containsAll(used);
      }
    }
  }

  private static void collect(JsonNode node, List<String> into) {
    if (node.isObject()) {
      JsonNode expr = node.get("expr");
      if (expr != null && expr.isString()) {
        into.add(expr.asString());
      }
      node.properties().forEach(e -> collect(e.getValue(), into));
    } else if (node.isArray()) {
      node.forEach(child -> collect(child, into));
    }
  }
}
