package io.switchboard.ai.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall of the in-process detectors on the labelled corpus ({@code guardrails/corpus.tsv}, made by
 * {@code make_corpus.py}): PII entities in many formats and languages, near-miss identifiers, injection attempts and
 * benign look-alikes. Floors are asserted per check; the table printed here is the one in docs/guardrails.md.
 */
class GuardrailCorpusTest {

  record Case(String label, String text) {
  }

  static final List<Case> CASES = new ArrayList<>();
  static final long BUDGET = 1_000_000_000L;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = GuardrailCorpusTest.class.getResourceAsStream("/guardrails/corpus.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int tab = line.indexOf('\t');
        CASES.add(new Case(line.substring(0, tab), line.substring(tab + 1)));
      }
    }
  }

  /** tp, fp, fn per label. */
  static Map<String, int[]> score() {
    Pii pii = new Pii(EnumSet.allOf(Pii.Entity.class));
    Injection injection = new Injection(0.5);
    Map<String, int[]> m = new TreeMap<>();
    for (Case c : CASES) {
      Set<String> found = pii.find(c.text(), BUDGET).stream().map(Finding::label).collect(Collectors.toSet());
      if (!injection.find(c.text(), BUDGET).isEmpty()) {
        found.add("INJECTION");
      }
      boolean positive = !c.label().startsWith("NONE");
      if (positive) {
        m.computeIfAbsent(c.label(), k -> new int[3])[found.contains(c.label()) ? 0 : 2]++;
      }
      for (String f : found) {
        if (!f.equals(c.label())) {
          m.computeIfAbsent(f, k -> new int[3])[1]++;
          System.out.println("FP " + f + ": " + c.text());
        }
      }
      if (positive && !found.contains(c.label())) {
        System.out.println("FN " + c.label() + ": " + c.text());
      }
    }
    return m;
  }

  static double precision(int[] s) {
    return s[0] + s[1] == 0 ? 1 : (double) s[0] / (s[0] + s[1]);
  }

  static double recall(int[] s) {
    return s[0] + s[2] == 0 ? 1 : (double) s[0] / (s[0] + s[2]);
  }

  @Test
  void theCorpusIsLargeAndCoversEveryCheck() {
    assertThat(CASES).hasSizeGreaterThanOrEqualTo(300);
    Set<String> labels = CASES.stream().map(Case::label).collect(Collectors.toSet());
    for (Pii.Entity e : Pii.Entity.values()) {
      assertThat(labels).contains(e.name());
    }
    assertThat(labels).contains("INJECTION", "NONE", "NONE_INJECTION");
  }

  @Test
  void precisionAndRecallPerCheckAreAboveTheirFloors() {
    Map<String, int[]> scores = score();
    int[] pii = new int[3];
    StringBuilder table = new StringBuilder("| check | cases | TP | FP | FN | precision | recall |\n|---|---|---|---|---|---|---|\n");
    scores.forEach((label, s) -> {
      long cases = CASES.stream().filter(c -> c.label().equals(label)).count();
      table.append(String.format("| %s | %d | %d | %d | %d | %.3f | %.3f |%n", label, cases, s[0], s[1], s[2],
          precision(s), recall(s)));
      if (!label.equals("INJECTION")) {
        for (int i = 0; i < 3; i++) {
          pii[i] += s[i];
        }
      }
    });
    table.append(String.format("| PII (all entities) | | %d | %d | %d | %.3f | %.3f |%n", pii[0], pii[1], pii[2],
        precision(pii), recall(pii)));
    System.out.println(table);
    assertThat(precision(pii)).as("PII precision").isGreaterThanOrEqualTo(0.95);
    assertThat(recall(pii)).as("PII recall").isGreaterThanOrEqualTo(0.95);
    scores.forEach((label, s) -> {
      assertThat(precision(s)).as(label + " precision").isGreaterThanOrEqualTo(0.8);
      assertThat(recall(s)).as(label + " recall").isGreaterThanOrEqualTo(0.8);
    });
    assertThat(precision(scores.get("INJECTION"))).as("injection precision").isGreaterThanOrEqualTo(0.9);
    assertThat(recall(scores.get("INJECTION"))).as("injection recall").isGreaterThanOrEqualTo(0.85);
  }
}
