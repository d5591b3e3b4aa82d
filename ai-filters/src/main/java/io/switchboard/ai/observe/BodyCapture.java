package io.switchboard.ai.observe;

import io.switchboard.ai.routing.AnswerTap;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the first characters of an answer as the client got it, for usage records with bodies
 * ({@code ai.observability.usage.bodies.enabled}). Pieces pass through unchanged; past the cap nothing is copied.
 */
final class BodyCapture implements AnswerTap {

  private final int limit;
  private final StringBuilder text = new StringBuilder();

  BodyCapture(int maxChars) {
    this.limit = Math.max(16, maxChars * 2); // redaction shortens; the record caps again
  }

  @Override
  public byte[] onPiece(byte[] piece) {
    synchronized (text) {
      int room = limit - text.length();
      if (room > 0) {
        int n = Math.min(piece.length, room * 4);
        String s = new String(piece, 0, n, StandardCharsets.UTF_8);
        text.append(s, 0, Math.min(s.length(), room));
      }
    }
    return piece;
  }

  String text() {
    synchronized (text) {
      return text.toString();
    }
  }
}
