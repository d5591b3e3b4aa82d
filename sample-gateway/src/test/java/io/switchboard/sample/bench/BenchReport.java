package io.switchboard.sample.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns the raw output of {@code sample-gateway/bench/run.sh} (wrk and curl output per variant, round and target)
 * into the Markdown summary: per-round values reduced to medians, added latency and throughput ratios computed per
 * round (the targets of one round ran minutes apart at most, under the same machine noise) and then reduced to their
 * median, and the targets checked against those medians. Plain JDK, no dependencies.
 *
 * <p>Usage: {@code java -cp sample-gateway/target/test-classes io.switchboard.sample.bench.BenchReport <results dir>}
 */
public final class BenchReport {

  /** The targets. */
  static final double OPENAI_ADDED_P50_US = 60;
  static final double ANTHROPIC_ADDED_P50_US = 150;
  static final double MIN_THROUGHPUT_RATIO = 0.80;
  static final double TTFB_ADDED_US = 1000;

  /** One wrk run. */
  record Run(String target, int conns, int round, double p50Us, double p75Us, double p90Us, double p99Us,
      double rps, long requests, long errors, double gatewayCpuUsPerReq, double gatewaySysShare,
      double fakeCpuUsPerReq, double machineBusy) {
  }

  /** One time-to-first-byte sample set (one curl, many keep-alive requests). */
  record Ttfb(String target, int round, double medianUs, double p90Us, double medianTotalUs, int n, int failed) {
  }

  private static final Pattern WRK_FILE = Pattern.compile("wrk-r(\\d+)-(.+)-c(\\d+)\\.txt");
  private static final Pattern TTFB_FILE = Pattern.compile("ttfb-r(\\d+)-(.+)\\.txt");

  private BenchReport() {
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: BenchReport <results dir>");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    StringBuilder out = new StringBuilder();
    out.append("# Switchboard load benchmark: ").append(dir.getFileName()).append("\n\n");
    Path meta = dir.resolve("meta.txt");
    if (Files.exists(meta)) {
      out.append("```\n").append(Files.readString(meta).strip()).append("\n```\n\n");
    }
    Map<String, List<Run>> runsByVariant = new LinkedHashMap<>();
    Map<String, List<Ttfb>> ttfbByVariant = new LinkedHashMap<>();
    List<String> declared = declaredVariants(meta);
    try (Stream<Path> variants = Files.list(dir)) {
      for (Path v : variants.filter(Files::isDirectory)
          .sorted((a, b) -> Integer.compare(rank(declared, a), rank(declared, b))).toList()) {
        List<Run> runs = new ArrayList<>();
        List<Ttfb> ttfbs = new ArrayList<>();
        try (Stream<Path> files = Files.list(v)) {
          for (Path f : files.sorted().toList()) {
            String name = f.getFileName().toString();
            Matcher m = WRK_FILE.matcher(name);
            if (m.matches()) {
              Run run = parseWrk(Files.readString(f), m.group(2), Integer.parseInt(m.group(3)),
                  Integer.parseInt(m.group(1)));
              if (run != null) {
                runs.add(run);
              }
              continue;
            }
            m = TTFB_FILE.matcher(name);
            if (m.matches()) {
              Ttfb t = parseTtfb(Files.readAllLines(f), m.group(2), Integer.parseInt(m.group(1)));
              if (t != null) {
                ttfbs.add(t);
              }
            }
          }
        }
        runsByVariant.put(v.getFileName().toString(), runs);
        ttfbByVariant.put(v.getFileName().toString(), ttfbs);
        Path memory = v.resolve("gateway-memory.txt");
        String mem = Files.exists(memory) ? Files.readString(memory).replaceAll("\\s+", " ").strip() : "";
        out.append(variantReport(v.getFileName().toString(), runs, ttfbs, mem));
      }
    }
    if (runsByVariant.size() > 1) {
      out.append(variantComparison(runsByVariant, ttfbByVariant));
    }
    System.out.print(out);
  }

  /** The variants in the order run.sh was given them ({@code variants=...} in meta.txt). */
  private static List<String> declaredVariants(Path meta) throws IOException {
    if (!Files.exists(meta)) {
      return List.of();
    }
    Matcher m = Pattern.compile("variants=([^\\n]*)").matcher(Files.readString(meta));
    return m.find() ? Arrays.asList(m.group(1).trim().split("\\s+")) : List.of();
  }

  private static int rank(List<String> declared, Path variantDir) {
    int i = declared.indexOf(variantDir.getFileName().toString());
    return i < 0 ? declared.size() : i;
  }

  // --- parsing ---------------------------------------------------------------------------------------------------

  static Run parseWrk(String text, String target, int conns, int round) {
    Map<String, Double> pct = new TreeMap<>();
    Matcher m = Pattern.compile("(?m)^\\s+(50|75|90|99)%\\s+([0-9.]+)(us|ms|s|m)\\s*$").matcher(text);
    while (m.find()) {
      pct.put(m.group(1), toMicros(Double.parseDouble(m.group(2)), m.group(3)));
    }
    Matcher rps = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(text);
    Matcher reqs = Pattern.compile("(\\d+) requests in").matcher(text);
    if (pct.size() < 4 || !rps.find() || !reqs.find()) {
      return null;
    }
    long requests = Long.parseLong(reqs.group(1));
    long errors = 0;
    Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(text);
    if (non2xx.find()) {
      errors += Long.parseLong(non2xx.group(1));
    }
    Matcher sock = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)")
        .matcher(text);
    if (sock.find()) {
      for (int i = 1; i <= 4; i++) {
        errors += Long.parseLong(sock.group(i));
      }
    }
    double tick = 1e6 / value(text, "cpu_ticks_per_s", 100);
    double gwCpu = requests == 0 ? Double.NaN : value(text, "gateway_cpu_ticks", Double.NaN) * tick / requests;
    double gwTicks = value(text, "gateway_cpu_ticks", Double.NaN);
    double sysShare = gwTicks > 0 ? value(text, "gateway_sys_ticks", Double.NaN) / gwTicks : Double.NaN;
    double fakeCpu = requests == 0 ? Double.NaN : value(text, "fake_cpu_ticks", Double.NaN) * tick / requests;
    double busy = Double.NaN;
    Matcher before = Pattern.compile("machine_idle_before=(\\d+) (\\d+)").matcher(text);
    Matcher after = Pattern.compile("machine_idle_after=(\\d+) (\\d+)").matcher(text);
    if (before.find() && after.find()) {
      double idle = Double.parseDouble(after.group(1)) - Double.parseDouble(before.group(1));
      double total = Double.parseDouble(after.group(2)) - Double.parseDouble(before.group(2));
      busy = total <= 0 ? Double.NaN : 1 - idle / total;
    }
    return new Run(target, conns, round, pct.get("50"), pct.get("75"), pct.get("90"), pct.get("99"),
        Double.parseDouble(rps.group(1)), requests, errors, gwCpu, sysShare, fakeCpu, busy);
  }

  private static double value(String text, String key, double fallback) {
    Matcher m = Pattern.compile("(?m)^" + key + "=(-?[0-9.]+)").matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : fallback;
  }

  static double toMicros(double v, String unit) {
    return switch (unit) {
      case "us" -> v;
      case "ms" -> v * 1e3;
      case "s" -> v * 1e6;
      case "m" -> v * 60e6;
      default -> throw new IllegalArgumentException(unit);
    };
  }

  static Ttfb parseTtfb(List<String> lines, String target, int round) {
    List<Double> first = new ArrayList<>();
    List<Double> total = new ArrayList<>();
    int failed = 0;
    for (String line : lines) {
      String[] f = line.trim().split("\\s+");
      if (f.length != 3) {
        continue;
      }
      if (!f[2].equals("200")) {
        failed++;
        continue;
      }
      first.add(Double.parseDouble(f[0]) * 1e6);
      total.add(Double.parseDouble(f[1]) * 1e6);
    }
    if (first.isEmpty()) {
      return null;
    }
    return new Ttfb(target, round, percentile(first, 50), percentile(first, 90), percentile(total, 50),
        first.size(), failed);
  }

  // --- statistics ------------------------------------------------------------------------------------------------

  static double median(List<Double> values) {
    return percentile(values, 50);
  }

  /** Nearest-rank percentile for p != 50; the usual median (mean of the middle two) for p == 50. */
  static double percentile(List<Double> values, double p) {
    double[] v = values.stream().filter(d -> !Double.isNaN(d)).mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    if (p == 50) {
      int mid = v.length / 2;
      return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }
    int rank = (int) Math.ceil(p / 100 * v.length);
    return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
  }

  private static List<Run> select(List<Run> runs, String target, int conns) {
    return runs.stream().filter(r -> r.target().equals(target) && r.conns() == conns).toList();
  }

  private static double medianOf(List<Run> runs, ToDoubleFunction<Run> f) {
    return median(runs.stream().map(r -> f.applyAsDouble(r)).toList());
  }

  /** Per-round values of f(target) op f(base), paired by round. */
  private static List<Double> paired(List<Run> runs, String target, String base, int conns, ToDoubleFunction<Run> f,
      boolean ratio) {
    Map<Integer, Run> baseByRound = new TreeMap<>();
    select(runs, base, conns).forEach(r -> baseByRound.put(r.round(), r));
    List<Double> out = new ArrayList<>();
    for (Run r : select(runs, target, conns)) {
      Run b = baseByRound.get(r.round());
      if (b != null) {
        double x = f.applyAsDouble(r);
        double y = f.applyAsDouble(b);
        out.add(ratio ? x / y : x - y);
      }
    }
    return out;
  }

  private static List<Double> pairedTtfb(List<Ttfb> ttfbs, String target, String base) {
    Map<Integer, Ttfb> baseByRound = new TreeMap<>();
    ttfbs.stream().filter(t -> t.target().equals(base)).forEach(t -> baseByRound.put(t.round(), t));
    List<Double> out = new ArrayList<>();
    for (Ttfb t : ttfbs) {
      Ttfb b = baseByRound.get(t.round());
      if (t.target().equals(target) && b != null) {
        out.add(t.medianUs() - b.medianUs());
      }
    }
    return out;
  }

  // --- formatting ------------------------------------------------------------------------------------------------

  private static String variantReport(String variant, List<Run> runs, List<Ttfb> ttfbs, String memory) {
    StringBuilder out = new StringBuilder();
    out.append("## Variant `").append(variant).append("`\n\n");
    if (runs.isEmpty()) {
      return out.append("No complete wrk run.\n\n").toString();
    }
    int rounds = (int) runs.stream().mapToInt(Run::round).distinct().count();
    out.append("Medians of ").append(rounds).append(" interleaved rounds. Latency in µs (wrk, closed loop, 1 thread).")
        .append(" CPU = process CPU time (utime+stime) / requests; sys = kernel share of the gateway's CPU."
        + " busy = whole machine, both cores.");
    if (!memory.isEmpty()) {
      out.append(" Gateway memory at the end: ").append(memory).append('.');
    }
    out.append("\n\n");
    out.append("| target | conns | p50 µs | p99 µs | req/s | gateway CPU µs/req | sys | fake CPU µs/req | busy |"
        + " errors | p50 per round |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    Map<String, Integer> keys = new LinkedHashMap<>();
    runs.stream().sorted((a, b) -> a.conns() != b.conns() ? Integer.compare(a.conns(), b.conns())
            : Integer.compare(order(a.target()), order(b.target())))
        .forEach(r -> keys.putIfAbsent(r.target() + "|" + r.conns(), r.conns()));
    for (String key : keys.keySet()) {
      String target = key.substring(0, key.indexOf('|'));
      int conns = keys.get(key);
      List<Run> sel = select(runs, target, conns);
      String perRound = sel.stream().sorted((a, b) -> Integer.compare(a.round(), b.round()))
          .map(r -> fmt0(r.p50Us())).reduce((a, b) -> a + " / " + b).orElse("");
      out.append("| ").append(target).append(" | ").append(conns)
          .append(" | ").append(fmt0(medianOf(sel, Run::p50Us)))
          .append(" | ").append(fmt0(medianOf(sel, Run::p99Us)))
          .append(" | ").append(fmt0(medianOf(sel, Run::rps)))
          .append(" | ").append(target.startsWith("direct") ? "–" : fmt0(medianOf(sel, Run::gatewayCpuUsPerReq)))
          .append(" | ").append(target.startsWith("direct") ? "–" : pct(medianOf(sel, Run::gatewaySysShare)))
          .append(" | ").append(fmt0(medianOf(sel, Run::fakeCpuUsPerReq)))
          .append(" | ").append(pct(medianOf(sel, Run::machineBusy)))
          .append(" | ").append(sel.stream().mapToLong(Run::errors).sum())
          .append(" | ").append(perRound).append(" |\n");
    }
    out.append('\n');

    out.append("### Added latency and throughput ratios (per round, then median; [min..max] over rounds)\n\n");
    out.append("| comparison | conns | Δp50 µs | Δp99 µs | req/s ratio | gateway CPU µs/req Δ |\n");
    out.append("|---|---:|---:|---:|---:|---:|\n");
    for (int conns : keys.values().stream().distinct().sorted().toList()) {
      for (String[] cmp : comparisons(runs, conns)) {
        String t = cmp[0];
        String b = cmp[1];
        List<Double> d50 = paired(runs, t, b, conns, Run::p50Us, false);
        if (d50.isEmpty()) {
          continue;
        }
        List<Double> d99 = paired(runs, t, b, conns, Run::p99Us, false);
        List<Double> ratio = paired(runs, t, b, conns, Run::rps, true);
        List<Double> cpu = b.startsWith("direct") ? List.of()
            : paired(runs, t, b, conns, Run::gatewayCpuUsPerReq, false);
        out.append("| ").append(t).append(" − ").append(b).append(" | ").append(conns)
            .append(" | ").append(withRange(d50, true))
            .append(" | ").append(withRange(d99, true))
            .append(" | ").append(ratioWithRange(ratio))
            .append(" | ").append(cpu.isEmpty() ? "–" : signed(median(cpu)))
            .append(" |\n");
      }
    }
    out.append('\n');

    if (!ttfbs.isEmpty()) {
      out.append("### Time to first streamed byte (curl time_starttransfer, keep-alive, median of each round's"
          + " set, then median over rounds)\n\n");
      out.append("| target | TTFB p50 µs | TTFB p90 µs | whole stream p50 µs | samples | failed |"
          + " Δ vs plain-stream µs | p50 per round |\n");
      out.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
      for (String target : ttfbs.stream().map(Ttfb::target).distinct()
          .sorted((a, b) -> Integer.compare(order(a), order(b))).toList()) {
        List<Ttfb> sel = ttfbs.stream().filter(t -> t.target().equals(target))
            .sorted((a, b) -> Integer.compare(a.round(), b.round())).toList();
        List<Double> delta = pairedTtfb(ttfbs, target, "plain-stream");
        out.append("| ").append(target)
            .append(" | ").append(fmt0(median(sel.stream().map(Ttfb::medianUs).toList())))
            .append(" | ").append(fmt0(median(sel.stream().map(Ttfb::p90Us).toList())))
            .append(" | ").append(fmt0(median(sel.stream().map(Ttfb::medianTotalUs).toList())))
            .append(" | ").append(sel.stream().mapToInt(Ttfb::n).sum())
            .append(" | ").append(sel.stream().mapToInt(Ttfb::failed).sum())
            .append(" | ").append(target.equals("plain-stream") || delta.isEmpty() ? "–" : withRange(delta, true))
            .append(" | ").append(sel.stream().map(t -> fmt0(t.medianUs())).reduce((a, b) -> a + " / " + b)
                .orElse(""))
            .append(" |\n");
      }
      List<Double> guarded = pairedTtfb(ttfbs, "ai-guarded-stream", "ai-openai-stream");
      if (!guarded.isEmpty()) {
        out.append("AiGuardrails (typical policy set) on a stream, first byte after the unguarded route's: ")
            .append(withRange(guarded, true)).append(" µs.\n");
      }
      out.append('\n');
    }

    out.append("### Targets\n\n");
    out.append("| target | measured (median over rounds) | limit | met? |\n|---|---:|---:|---|\n");
    target(out, "OpenAI→OpenAI added p50 over plain, 1 conn",
        median(paired(runs, "ai-openai", "plain", 1, Run::p50Us, false)), OPENAI_ADDED_P50_US, " µs", false);
    target(out, "OpenAI→Anthropic added p50 over plain, 1 conn",
        median(paired(runs, "ai-anthropic", "plain", 1, Run::p50Us, false)), ANTHROPIC_ADDED_P50_US, " µs", false);
    target(out, "OpenAI→OpenAI req/s ÷ plain req/s, 32 conns",
        median(paired(runs, "ai-openai", "plain", 32, Run::rps, true)), MIN_THROUGHPUT_RATIO, "", true);
    target(out, "OpenAI→Anthropic req/s ÷ plain req/s, 32 conns",
        median(paired(runs, "ai-anthropic", "plain", 32, Run::rps, true)), MIN_THROUGHPUT_RATIO, "", true);
    if (!ttfbs.isEmpty()) {
      target(out, "OpenAI→OpenAI stream: first byte after plain's",
          median(pairedTtfb(ttfbs, "ai-openai-stream", "plain-stream")), TTFB_ADDED_US, " µs", false);
      target(out, "OpenAI→Anthropic stream: first byte after plain's",
          median(pairedTtfb(ttfbs, "ai-anthropic-stream", "plain-stream")), TTFB_ADDED_US, " µs", false);
    }
    out.append('\n');
    return out.toString();
  }

  private static List<String[]> comparisons(List<Run> runs, int conns) {
    List<String[]> out = new ArrayList<>();
    out.add(new String[] {"plain", "direct"});
    out.add(new String[] {"ai-openai", "plain"});
    out.add(new String[] {"ai-anthropic", "plain"});
    out.add(new String[] {"ai-openai", "direct"});
    out.add(new String[] {"ai-anthropic", "direct"});
    out.add(new String[] {"plain-stream", "direct-stream"});
    out.add(new String[] {"ai-openai-stream", "plain-stream"});
    out.add(new String[] {"ai-anthropic-stream", "plain-stream"});
    // AiGuardrails with a typical policy set, against the same route without it (1 KB prompt; streams).
    out.add(new String[] {"ai-guarded-1k", "ai-openai-1k"});
    out.add(new String[] {"ai-guarded-stream", "ai-openai-stream"});
    return out.stream().filter(c -> !select(runs, c[0], conns).isEmpty() && !select(runs, c[1], conns).isEmpty())
        .toList();
  }

  private static String variantComparison(Map<String, List<Run>> runs, Map<String, List<Ttfb>> ttfbs) {
    StringBuilder out = new StringBuilder("## Variants side by side (medians)\n\n");
    out.append("| variant | plain p50 c1 | ai-openai p50 c1 | ai-anthropic p50 c1 | plain req/s c32 |"
        + " ai-openai req/s c32 | ai-anthropic req/s c32 | plain CPU µs/req c32 | ai-openai CPU c32 |"
        + " ai-anthropic CPU c32 | plain p99 c32 | ai-openai p99 c32 |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Map.Entry<String, List<Run>> e : runs.entrySet()) {
      List<Run> r = e.getValue();
      out.append("| ").append(e.getKey())
          .append(" | ").append(fmt0(medianOf(select(r, "plain", 1), Run::p50Us)))
          .append(" | ").append(fmt0(medianOf(select(r, "ai-openai", 1), Run::p50Us)))
          .append(" | ").append(fmt0(medianOf(select(r, "ai-anthropic", 1), Run::p50Us)))
          .append(" | ").append(fmt0(medianOf(select(r, "plain", 32), Run::rps)))
          .append(" | ").append(fmt0(medianOf(select(r, "ai-openai", 32), Run::rps)))
          .append(" | ").append(fmt0(medianOf(select(r, "ai-anthropic", 32), Run::rps)))
          .append(" | ").append(fmt0(medianOf(select(r, "plain", 32), Run::gatewayCpuUsPerReq)))
          .append(" | ").append(fmt0(medianOf(select(r, "ai-openai", 32), Run::gatewayCpuUsPerReq)))
          .append(" | ").append(fmt0(medianOf(select(r, "ai-anthropic", 32), Run::gatewayCpuUsPerReq)))
          .append(" | ").append(fmt0(medianOf(select(r, "plain", 32), Run::p99Us)))
          .append(" | ").append(fmt0(medianOf(select(r, "ai-openai", 32), Run::p99Us)))
          .append(" |\n");
    }
    out.append("\nThe direct target ran in every variant too; compare a variant's gateway rows only with its own"
        + " direct row when the machine's noise changed between variants.\n");
    return out.toString();
  }

  private static void target(StringBuilder out, String name, double measured, double limit, String unit,
      boolean atLeast) {
    String met = Double.isNaN(measured) ? "not measured"
        : (atLeast ? measured >= limit : measured <= limit) ? "**met**" : "**missed**";
    String value = atLeast ? String.format(Locale.ROOT, "%.2f", measured) : signed(measured) + unit;
    String lim = atLeast ? "≥ " + String.format(Locale.ROOT, "%.2f", limit) : "≤ " + fmt0(limit) + unit;
    out.append("| ").append(name).append(" | ").append(value).append(" | ").append(lim).append(" | ").append(met)
        .append(" |\n");
  }

  private static int order(String target) {
    List<String> known = Arrays.asList("direct", "plain", "ai-openai", "ai-anthropic", "direct-stream",
        "plain-stream", "ai-openai-stream", "ai-anthropic-stream");
    int i = known.indexOf(target);
    return i < 0 ? known.size() : i;
  }

  private static String withRange(List<Double> values, boolean signed) {
    double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    return (signed ? signed(median(values)) : fmt0(median(values))) + " [" + signed(min) + ".." + signed(max) + "]";
  }

  private static String ratioWithRange(List<Double> values) {
    if (values.isEmpty()) {
      return "–";
    }
    double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    return String.format(Locale.ROOT, "%.2f [%.2f..%.2f]", median(values), min, max);
  }

  private static String fmt0(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.0f", v);
  }

  private static String signed(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%+.0f", v);
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.0f%%", v * 100);
  }
}
