package io.switchboard.ai.request;

/** What an AI request asks for (see {@link Endpoint}). */
public enum Operation {
  CHAT("/chat/completions"),
  EMBEDDINGS("/embeddings"),
  /** Token counting ({@code /v1/messages/count_tokens}, {@code :countTokens}), answered by the gateway itself. */
  COUNT_TOKENS("");

  private final String pathSuffix;

  Operation(String pathSuffix) {
    this.pathSuffix = pathSuffix;
  }

  /** The path an OpenAI-dialect upstream serves this operation at, relative to its versioned base URL. */
  public String pathSuffix() {
    return pathSuffix;
  }
}
