package io.switchboard.ai.request;

import org.jspecify.annotations.Nullable;

/** What an AI request asks for, detected from the request path. */
public enum Operation {
  CHAT("/chat/completions"),
  EMBEDDINGS("/embeddings");

  private final String pathSuffix;

  Operation(String pathSuffix) {
    this.pathSuffix = pathSuffix;
  }

  /** The path an OpenAI-dialect upstream serves this operation at, relative to its versioned base URL. */
  public String pathSuffix() {
    return pathSuffix;
  }

  /**
   * Detects the operation from a request path. Matching by suffix lets operators mount AI routes under a prefix
   * ({@code /team-a/v1/chat/completions}).
   */
  public static @Nullable Operation fromPath(String path) {
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    if (p.endsWith("/chat/completions")) {
      return CHAT;
    }
    if (p.endsWith("/embeddings")) {
      return EMBEDDINGS;
    }
    return null;
  }
}
