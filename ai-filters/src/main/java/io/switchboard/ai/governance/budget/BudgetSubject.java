package io.switchboard.ai.governance.budget;

/** Whom a budget limit counts for: each distinct value of the subject has its own budget. */
public enum BudgetSubject {
  /** The client key (its SHA-256 hash, or the id a virtual-key filter stores under {@link BudgetSubjects#KEY_ATTRIBUTE}). */
  KEY,
  /** The end user: the user header, else the body's {@code user} (OpenAI) or {@code metadata.user_id} (Anthropic). */
  USER,
  /** The team: the team header (or a custom {@link BudgetSubjects}). */
  TEAM,
  /** The model the client asked for. */
  MODEL,
  /** Every request of the route(s) sharing the limit's name. */
  GLOBAL
}
