package io.switchboard.ai.guardrails;

/**
 * Where a check matched, as offsets into the text it was given, and what it found ({@code EMAIL}, {@code CARD},
 * {@code KEYWORD} …): the label names placeholders ({@code [EMAIL_1]}); the matched text itself is never recorded.
 */
public record Finding(int start, int end, String label) {
}
