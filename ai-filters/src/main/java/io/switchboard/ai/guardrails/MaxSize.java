package io.switchboard.ai.guardrails;

import java.util.List;

/** A text longer than {@code maxChars} characters (for the input: all text of the request together). */
public record MaxSize(int maxChars) implements TextCheck {

  public MaxSize {
    if (maxChars <= 0) {
      throw new IllegalArgumentException("max-chars: " + maxChars + " (expected: > 0)");
    }
  }

  @Override
  public List<Finding> find(CharSequence text, long budgetNanos) {
    return text.length() > maxChars ? List.of(new Finding(0, text.length(), "SIZE")) : List.of();
  }

  @Override
  public boolean locates() {
    return false;
  }
}
