package io.switchboard.ai.predicate;

import java.util.ArrayList;
import java.util.List;

/** Reads list arguments the same way in every form they can arrive in. */
final class Arguments {

  private Arguments() {
  }

  /**
   * The non-blank, trimmed items of list arguments. Each value may itself be comma-separated: a shortcut arrives
   * already split, but the full form's {@code args: {dialects: "anthropic,gemini"}} arrives as one value.
   */
  static List<String> split(List<String> values) {
    List<String> tokens = new ArrayList<>();
    for (String value : values) {
      if (value == null) {
        continue;
      }
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          tokens.add(part.trim());
        }
      }
    }
    return tokens;
  }
}
