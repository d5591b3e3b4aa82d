package io.switchboard.sample.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the CPU samples ({@code jdk.ExecutionSample}) of a JFR recording: where the gateway's threads spend
 * their time, by the code the sampled frame belongs to (self), by method (self), and by method anywhere on the stack
 * (inclusive), the last restricted to Switchboard, Spring and Jackson frames. Used by
 * {@code sample-gateway/bench/profile.sh}; plain JDK.
 *
 * <p>Usage: {@code java -cp sample-gateway/target/test-classes io.switchboard.sample.bench.JfrHotSpots rec.jfr [top]}
 */
public final class JfrHotSpots {

  private static final Map<String, String> GROUPS = new LinkedHashMap<>();

  static {
    GROUPS.put("io.switchboard.", "Switchboard");
    GROUPS.put("org.springframework.cloud.gateway.", "Spring Cloud Gateway");
    GROUPS.put("org.springframework.http.", "Spring Web (http)");
    GROUPS.put("org.springframework.web.", "Spring Web");
    GROUPS.put("org.springframework.", "Spring (other)");
    GROUPS.put("tools.jackson.", "Jackson");
    GROUPS.put("reactor.netty.", "Reactor Netty");
    GROUPS.put("reactor.core.", "Reactor Core");
    GROUPS.put("io.netty.", "Netty");
    GROUPS.put("java.", "JDK");
    GROUPS.put("jdk.", "JDK");
    GROUPS.put("sun.", "JDK");
  }

  private JfrHotSpots() {
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: JfrHotSpots <recording.jfr> [top]");
      System.exit(2);
    }
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    Map<String, Integer> byThread = new HashMap<>();
    Map<String, Integer> selfGroup = new HashMap<>();
    Map<String, Integer> selfMethod = new HashMap<>();
    Map<String, Integer> inclusive = new HashMap<>();
    Map<String, Integer> inclusiveGroup = new HashMap<>();
    int total = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      RecordedStackTrace stack = e.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      total++;
      String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
      byThread.merge(thread == null ? "?" : thread.replaceAll("-\\d+$", "-N"), 1, Integer::sum);
      List<RecordedFrame> frames = stack.getFrames();
      String topName = name(frames.get(0));
      selfMethod.merge(topName, 1, Integer::sum);
      selfGroup.merge(group(topName), 1, Integer::sum);
      Set<String> seen = new HashSet<>();
      Set<String> seenGroups = new HashSet<>();
      for (RecordedFrame f : frames) {
        String n = name(f);
        if (seen.add(n) && (n.startsWith("io.switchboard.") || n.startsWith("org.springframework.")
            || n.startsWith("tools.jackson.databind.ObjectMapper") || n.startsWith("tools.jackson.databind.ObjectWriter")
            || n.startsWith("tools.jackson.databind.ObjectReader"))) {
          inclusive.merge(n, 1, Integer::sum);
        }
        String g = group(n);
        if (seenGroups.add(g)) {
          inclusiveGroup.merge(g, 1, Integer::sum);
        }
      }
    }
    System.out.println("CPU samples: " + total + " (stacks deeper than -XX:FlightRecorderOptions=stackdepth, 64 by default, are cut)");
    print("Samples by thread", byThread, total, top);
    print("Self time by code (top frame)", selfGroup, total, top);
    print("Code anywhere on the stack (inclusive)", inclusiveGroup, total, top);
    print("Self time by method", selfMethod, total, top);
    print("Inclusive time, Switchboard / Spring / Jackson mapper methods", inclusive, total, top);
  }

  private static String name(RecordedFrame f) {
    RecordedMethod m = f.getMethod();
    return m == null ? "?" : m.getType().getName() + "." + m.getName();
  }

  private static String group(String method) {
    for (Map.Entry<String, String> g : GROUPS.entrySet()) {
      if (method.startsWith(g.getKey())) {
        return g.getValue();
      }
    }
    return "other";
  }

  private static void print(String title, Map<String, Integer> counts, int total, int top) {
    System.out.println();
    System.out.println("## " + title);
    counts.entrySet().stream()
        .sorted((a, b) -> Integer.compare(b.getValue(), a.getValue()))
        .limit(top)
        .forEach(e -> System.out.printf(Locale.ROOT, "%6.1f%%  %6d  %s%n", 100.0 * e.getValue() / total,
            e.getValue(), e.getKey()));
  }
}
