package io.switchboard.ai.guardrails;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholders of one exchange: the same text gets the same placeholder ({@code [EMAIL_1]}, {@code [EMAIL_2]} …)
 * wherever it occurs, and a restoring policy maps them back in the answer. Lives on the exchange only; the
 * originals are never logged or recorded. Thread-safe (the answer may be handled on another thread).
 */
final class Placeholders {

  static final Pattern PLACEHOLDER = Pattern.compile("\\[[A-Z][A-Z0-9_]{0,20}_\\d{1,4}\\]");
  /** The longest placeholder text, for holding back a split one in a stream. */
  static final int MAX_LENGTH = 28;

  private final Map<String, String> byOriginal = new HashMap<>();
  private final Map<String, String> byPlaceholder = new HashMap<>();
  private final Map<String, Integer> counters = new HashMap<>();

  synchronized String placeholder(String label, String original) {
    String key = label + '\u0000' + original;
    String existing = byOriginal.get(key);
    if (existing != null) {
      return existing;
    }
    int n = counters.merge(label, 1, Integer::sum);
    String placeholder = "[" + label + "_" + n + "]";
    byOriginal.put(key, placeholder);
    byPlaceholder.put(placeholder, original);
    return placeholder;
  }

  synchronized boolean isEmpty() {
    return byPlaceholder.isEmpty();
  }

  /** {@code text} with its findings replaced by placeholders. */
  String redact(String text, List<Finding> findings) {
    StringBuilder out = new StringBuilder(text.length());
    int at = 0;
    for (Finding f : findings) {
      if (f.start() < at) {
        continue;
      }
      out.append(text, at, f.start()).append(placeholder(f.label(), text.substring(f.start(), f.end())));
      at = f.end();
    }
    return out.append(text, at, text.length()).toString();
  }

  /** {@code text} with every known placeholder replaced by its original. */
  String restore(String text) {
    if (text.indexOf('[') < 0) {
      return text;
    }
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = null;
    int at = 0;
    while (m.find()) {
      String original;
      synchronized (this) {
        original = byPlaceholder.get(m.group());
      }
      if (original != null) {
        if (out == null) {
          out = new StringBuilder(text.length());
        }
        out.append(text, at, m.start()).append(original);
        at = m.end();
      }
    }
    return out == null ? text : out.append(text, at, text.length()).toString();
  }
}
