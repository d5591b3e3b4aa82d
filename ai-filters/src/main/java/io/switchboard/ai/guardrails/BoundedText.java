package io.switchboard.ai.guardrails;

/**
 * A {@link CharSequence} that gives up once a deadline passes: every regular expression the guardrails run reads its
 * input through one, so a pattern that backtracks catastrophically ({@code (a+)+$} on {@code aaaa…!}) is stopped
 * after its time budget instead of holding an event loop for minutes. {@link java.util.regex.Matcher} reads the
 * input only through {@link #charAt}, which looks at the clock every 256 reads (cheap enough for the common case).
 */
final class BoundedText implements CharSequence {

  /** Thrown from {@link #charAt} once the deadline has passed. */
  static final class TimeoutException extends RuntimeException {
    TimeoutException() {
      super("regular expression exceeded its time budget", null, false, false);
    }
  }

  private final CharSequence text;
  private final long deadline;
  private int reads;

  private BoundedText(CharSequence text, long deadline) {
    this.text = text;
    this.deadline = deadline;
  }

  /** {@code text} readable for {@code budgetNanos} from now. */
  static BoundedText of(CharSequence text, long budgetNanos) {
    return new BoundedText(text, System.nanoTime() + budgetNanos);
  }

  @Override
  public char charAt(int index) {
    if ((++reads & 0xFF) == 0 && System.nanoTime() > deadline) {
      throw new TimeoutException();
    }
    return text.charAt(index);
  }

  @Override
  public int length() {
    return text.length();
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new BoundedText(text.subSequence(start, end), deadline);
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
