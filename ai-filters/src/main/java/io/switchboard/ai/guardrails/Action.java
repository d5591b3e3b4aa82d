package io.switchboard.ai.guardrails;

import java.util.Locale;

/** What a check does when it finds something. */
public enum Action {
  /** Refuse: a 400 (input, or a JSON answer) or a stream's error event, naming the policy and check. */
  BLOCK,
  /** Replace what was found by a placeholder ({@code [EMAIL_1]}) and go on. */
  REDACT,
  /** Record and go on. */
  FLAG;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Action parse(String value) {
    return switch (value == null ? "" : value.trim().toLowerCase(Locale.ROOT)) {
      case "block" -> BLOCK;
      case "redact" -> REDACT;
      case "flag" -> FLAG;
      default -> throw new IllegalArgumentException("action: " + value + " (expected: block, redact, flag)");
    };
  }
}
