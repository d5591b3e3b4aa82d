package io.switchboard.ai.guardrails;

import java.util.List;

/**
 * A check that runs in process over one text: PII, deny lists, injection heuristics, sizes. Implementations are
 * immutable and thread-safe; every regular expression they run reads its input through {@link BoundedText}.
 */
public interface TextCheck {

  /**
   * The findings in {@code text}, in order, not overlapping.
   *
   * @param budgetNanos how long the check may take; a check over it throws
   */
  List<Finding> find(CharSequence text, long budgetNanos);

  /** Whether the check can say where it matched, so {@code redact} can replace the spans. */
  default boolean locates() {
    return true;
  }
}
