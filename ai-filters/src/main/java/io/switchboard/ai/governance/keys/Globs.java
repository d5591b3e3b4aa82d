package io.switchboard.ai.governance.keys;

import java.util.List;

/** Model and route globs: {@code *} matches any run of characters; everything else is literal. */
public final class Globs {

  private Globs() {
  }

  public static boolean matches(String glob, String value) {
    return match(glob, 0, value, 0);
  }

  private static boolean match(String g, int gi, String v, int vi) {
    while (gi < g.length()) {
      char c = g.charAt(gi);
      if (c == '*') {
        while (gi < g.length() && g.charAt(gi) == '*') {
          gi++;
        }
        if (gi == g.length()) {
          return true;
        }
        for (int k = vi; k <= v.length(); k++) {
          if (match(g, gi, v, k)) {
            return true;
          }
        }
        return false;
      }
      if (vi >= v.length() || v.charAt(vi) != c) {
        return false;
      }
      gi++;
      vi++;
    }
    return vi == v.length();
  }

  /** Whether any glob matches; an empty list matches everything (no restriction). */
  public static boolean anyMatches(List<String> globs, String value) {
    return globs.isEmpty() || globs.stream().anyMatch(g -> matches(g, value));
  }

  /**
   * Whether everything {@code inner} matches is matched by one of {@code outer}. Sound for {@code *}-only globs:
   * an outer glob that matches the inner glob's text (its {@code *} read literally) matches each of its expansions.
   */
  public static boolean within(String inner, List<String> outer) {
    return outer.isEmpty() || outer.stream().anyMatch(g -> matches(g, inner));
  }
}
