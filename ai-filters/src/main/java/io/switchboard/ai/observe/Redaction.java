package io.switchboard.ai.observe;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Redacts what bodies in usage records must not carry: credentials (provider key shapes, bearer tokens, long
 * opaque tokens), e-mail addresses and long digit runs (card, account and phone numbers). Then caps the length.
 */
final class Redaction {

  private static final Pattern KEY_LIKE = Pattern.compile(
      "(sk-[A-Za-z0-9_\\-]{6,}|sb-[A-Za-z0-9_\\-]{6,}|AIza[0-9A-Za-z_\\-]{20,}|gsk_[A-Za-z0-9]{10,}"
          + "|xai-[A-Za-z0-9]{10,}|ya29\\.[A-Za-z0-9_\\-.]{10,}|AKIA[0-9A-Z]{12,}"
          + "|(?i:bearer)\\s+[A-Za-z0-9_\\-.=]{8,}|[A-Za-z0-9_\\-]{40,})");
  private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+\\-]+@[A-Za-z0-9.\\-]+\\.[A-Za-z]{2,}");
  private static final Pattern DIGITS = Pattern.compile("\\d(?:[ \\-]?\\d){8,}");

  private Redaction() {
  }

  static @Nullable String redact(@Nullable String text, int maxChars) {
    if (text == null) {
      return null;
    }
    // Cap first (with slack for what redaction shortens), so a huge body costs no more than a small one.
    String s = text.length() > maxChars * 2 ? text.substring(0, maxChars * 2) : text;
    s = KEY_LIKE.matcher(s).replaceAll("[redacted]");
    s = EMAIL.matcher(s).replaceAll("[email]");
    s = DIGITS.matcher(s).replaceAll("[number]");
    return s.length() > maxChars ? s.substring(0, maxChars) + "…" : s;
  }
}
