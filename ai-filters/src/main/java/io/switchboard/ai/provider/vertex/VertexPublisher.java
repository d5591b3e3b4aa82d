package io.switchboard.ai.provider.vertex;

import io.switchboard.ai.error.AiException;
import io.switchboard.ai.request.Dialect;
import java.util.Locale;

/**
 * The publisher of a model on Vertex AI, which decides the API the model speaks there: Anthropic's Claude models
 * take Anthropic Messages bodies at {@code :rawPredict}, Google's models (and, by default, any other) take Gemini
 * {@code generateContent} bodies.
 */
public enum VertexPublisher {
  ANTHROPIC(Dialect.ANTHROPIC),
  GOOGLE(Dialect.GEMINI);

  private final Dialect dialect;

  VertexPublisher(Dialect dialect) {
    this.dialect = dialect;
  }

  /** The publisher of a Vertex model id: {@code claude…} (any case) is Anthropic's, everything else Google's. */
  public static VertexPublisher of(String model) {
    return model.toLowerCase(Locale.ROOT).startsWith("claude") ? ANTHROPIC : GOOGLE;
  }

  /** The wire dialect of this publisher's models. */
  public Dialect dialect() {
    return dialect;
  }

  /**
   * The path of a chat call to one of this publisher's models ({@link VertexPaths}).
   *
   * @throws AiException (400, {@code param: model}) for a model id that cannot be a path segment ({@code ""},
   *     {@code ..}); region and project are checked at startup
   */
  public String chatPath(String region, String project, String model, boolean stream) {
    try {
      return this == ANTHROPIC ? VertexPaths.anthropic(region, project, model, stream)
          : VertexPaths.gemini(region, project, model, stream);
    } catch (IllegalArgumentException e) {
      throw AiException.invalidRequest(e.getMessage() + " (expected: a Vertex AI model id such as "
          + (this == ANTHROPIC ? "claude-sonnet-4-5@20250929" : "gemini-2.5-flash") + ").", "model");
    }
  }
}
