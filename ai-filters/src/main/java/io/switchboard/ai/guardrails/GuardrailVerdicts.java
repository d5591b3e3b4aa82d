package io.switchboard.ai.guardrails;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;

/**
 * Every guardrail verdict of an exchange, in the order they were reached, under {@link #ATTRIBUTE}: for metrics and
 * usage records. A verdict names the policy, the check, the stage, the configured action and what happened, never
 * the matched text.
 */
public final class GuardrailVerdicts {

  /** The exchange attribute holding a {@code List<Verdict>} (thread-safe; appended while a stream runs). */
  public static final String ATTRIBUTE = GuardrailVerdicts.class.getName();

  /** The response header naming what was flagged or redacted. */
  public static final String HEADER = "x-switchboard-guardrails";

  /**
   * One check's verdict on one request or answer.
   *
   * @param stage {@code input} or {@code output}
   * @param action the configured action: {@code block}, {@code redact}, {@code flag}
   * @param outcome {@code pass}, {@code block}, {@code redact}, {@code flag}, or {@code error} (the check failed or
   *     timed out; {@code failOpen} says whether the request went on)
   * @param latencyMicros time the check took (for a stream, summed over its events)
   * @param count findings (redacted spans for {@code redact})
   * @param error the failure kind ({@code timeout}, {@code too-large}, {@code provider-error} …) or {@code null}
   */
  public record Verdict(String policy, String check, String stage, String action, String outcome,
      long latencyMicros, int count, @Nullable String error, boolean failOpen) {
  }

  private GuardrailVerdicts() {
  }

  /** The verdicts of an exchange (empty when no guardrail ran). */
  public static List<Verdict> of(ServerWebExchange exchange) {
    List<Verdict> verdicts = exchange.getAttribute(ATTRIBUTE);
    return verdicts == null ? List.of() : List.copyOf(verdicts);
  }

  static List<Verdict> list(ServerWebExchange exchange) {
    return exchange.getAttributes().computeIfAbsent(ATTRIBUTE, k -> new CopyOnWriteArrayList<Verdict>()) instanceof
        List<?> l ? cast(l) : new ArrayList<>();
  }

  @SuppressWarnings("unchecked")
  private static List<Verdict> cast(List<?> list) {
    return (List<Verdict>) list;
  }

  /**
   * The header value ({@code flagged=pol.check,…; redacted=pol.check:2,…}), or {@code null} when nothing was
   * flagged or redacted.
   */
  static @Nullable String header(List<Verdict> verdicts) {
    Map<String, Integer> flagged = new LinkedHashMap<>();
    Map<String, Integer> redacted = new LinkedHashMap<>();
    for (Verdict v : verdicts) {
      String key = v.policy() + "." + v.check();
      if (v.outcome().equals("flag")) {
        flagged.merge(key, v.count(), Integer::sum);
      } else if (v.outcome().equals("redact")) {
        redacted.merge(key, v.count(), Integer::sum);
      } else if (v.outcome().equals("error") && v.failOpen()) {
        flagged.merge(key + ":error", 1, Integer::sum);
      }
    }
    if (flagged.isEmpty() && redacted.isEmpty()) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    if (!flagged.isEmpty()) {
      b.append("flagged=").append(String.join(",", flagged.keySet()));
    }
    if (!redacted.isEmpty()) {
      if (!b.isEmpty()) {
        b.append("; ");
      }
      b.append("redacted=");
      redacted.forEach((k, n) -> b.append(k).append(':').append(n).append(','));
      b.setLength(b.length() - 1);
    }
    return b.toString();
  }
}
