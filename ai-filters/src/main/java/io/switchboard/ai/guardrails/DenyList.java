package io.switchboard.ai.guardrails;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Keyword and regular-expression deny lists. Keywords match whole words, case-insensitively; patterns are the
 * operator's own, compiled once at startup (a bad one fails startup) and run over a {@link BoundedText}, so a
 * pattern that backtracks catastrophically is stopped at the check's time budget and the check's {@code on-error}
 * applies.
 */
public final class DenyList implements TextCheck {

  private final List<Pattern> patterns;
  private final String label;
  /** Keywords lower-cased: a text containing none of them is not matched at all (most texts). */
  private final List<String> lowered;

  private DenyList(List<Pattern> patterns, String label, List<String> lowered) {
    this.patterns = patterns;
    this.label = label;
    this.lowered = lowered;
  }

  /** Whole-word, case-insensitive keywords and phrases. */
  public static DenyList keywords(List<String> keywords) {
    if (keywords.isEmpty()) {
      throw new IllegalArgumentException("keywords: empty (expected at least one keyword)");
    }
    StringBuilder alternation = new StringBuilder();
    for (String k : keywords) {
      if (k == null || k.isBlank()) {
        throw new IllegalArgumentException("keywords: a blank keyword");
      }
      if (!alternation.isEmpty()) {
        alternation.append('|');
      }
      alternation.append(Pattern.quote(k.trim()));
    }
    return new DenyList(List.of(Pattern.compile("(?<![\\p{L}\\p{N}_])(?:" + alternation + ")(?![\\p{L}\\p{N}_])",
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)), "KEYWORD",
        keywords.stream().map(k -> k.trim().toLowerCase(java.util.Locale.ROOT)).toList());
  }

  /** Operator patterns (Java syntax). */
  public static DenyList patterns(List<String> patterns) {
    if (patterns.isEmpty()) {
      throw new IllegalArgumentException("patterns: empty (expected at least one regular expression)");
    }
    List<Pattern> compiled = new ArrayList<>();
    for (int i = 0; i < patterns.size(); i++) {
      try {
        compiled.add(Pattern.compile(patterns.get(i)));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("patterns[" + i + "]: not a valid regular expression ("
            + e.getDescription() + " near index " + e.getIndex() + ")");
      }
    }
    return new DenyList(List.copyOf(compiled), "REDACTED", List.of());
  }

  @Override
  public List<Finding> find(CharSequence text, long budgetNanos) {
    if (!lowered.isEmpty()) {
      String lower = text.toString().toLowerCase(java.util.Locale.ROOT);
      boolean any = lower.length() != text.length(); // case mapping changed lengths: let the regex decide
      for (int i = 0; !any && i < lowered.size(); i++) {
        any = lower.contains(lowered.get(i));
      }
      if (!any) {
        return List.of();
      }
    }
    BoundedText bounded = BoundedText.of(text, budgetNanos);
    List<Finding> found = new ArrayList<>(0);
    for (Pattern p : patterns) {
      Matcher m = p.matcher(bounded);
      while (m.find()) {
        if (m.end() > m.start() && found.stream().noneMatch(f -> m.start() < f.end() && f.start() < m.end())) {
          found.add(new Finding(m.start(), m.end(), label));
        }
      }
    }
    found.sort(java.util.Comparator.comparingInt(Finding::start));
    return found;
  }
}
