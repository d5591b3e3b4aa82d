package io.switchboard.ai.provider.spi;

/**
 * Token counts of one AI call, in the gateway's canonical (OpenAI) terms.
 *
 * <p>{@code promptTokens} counts every input token, including {@code cachedTokens} (read from the provider's prompt
 * cache) and {@code cacheWriteTokens}; {@code completionTokens} includes {@code reasoningTokens}. Unknown counts are 0.
 */
public record TokenUsage(long promptTokens, long completionTokens, long cachedTokens, long cacheWriteTokens,
    long reasoningTokens) {

  public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0, 0);

  public static TokenUsage of(long promptTokens, long completionTokens) {
    return new TokenUsage(promptTokens, completionTokens, 0, 0, 0);
  }

  public long totalTokens() {
    return promptTokens + completionTokens;
  }
}
