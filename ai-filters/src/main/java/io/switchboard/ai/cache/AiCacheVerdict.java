package io.switchboard.ai.cache;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;

/**
 * The response cache's verdict on one exchange, stored under {@link #ATTRIBUTE} by {@code AiSemanticCache}: for
 * usage records ({@code UsageRecord.cache}, {@link #usageValue()}) and metrics. On a hit no upstream call is made,
 * so there is no {@code AiCall}: the verdict carries what the answer cost when it was first made.
 *
 * @param result hit, semantic hit, or miss
 * @param score the similarity of a semantic hit (cosine, 0…1), else {@code null}
 * @param savedCostUsd what the answer cost when it was made (catalog price), on hits; {@code null} when unpriced
 *     or on a miss
 * @param promptTokens the original answer's prompt tokens (hits), else 0
 * @param completionTokens the original answer's completion tokens (hits), else 0
 * @param model the model that made the answer (hits), else {@code null}
 */
public record AiCacheVerdict(Result result, @Nullable Double score, @Nullable BigDecimal savedCostUsd,
    long promptTokens, long completionTokens, @Nullable String model) {

  /** The exchange attribute. */
  public static final String ATTRIBUTE = AiCacheVerdict.class.getName();

  public enum Result {
    HIT("hit"), SEMANTIC_HIT("semantic_hit"), MISS("miss");

    private final String value;

    Result(String value) {
      this.value = value;
    }

    public String value() {
      return value;
    }
  }

  public static final AiCacheVerdict MISS = new AiCacheVerdict(Result.MISS, null, null, 0, 0, null);

  /** Whether the answer came from the cache (no upstream call, nothing charged to rate limits or budgets). */
  public boolean hit() {
    return result != Result.MISS;
  }

  /** {@code hit}, {@code semantic_hit} or {@code miss}: the value for {@code UsageRecord.cache}. */
  public String usageValue() {
    return result.value();
  }

  /** The verdict of an exchange, or {@code null} when no cache ran. */
  public static @Nullable AiCacheVerdict of(ServerWebExchange exchange) {
    return exchange.getAttribute(ATTRIBUTE);
  }

  /** Whether the exchange was answered from the cache. */
  public static boolean isHit(ServerWebExchange exchange) {
    AiCacheVerdict verdict = of(exchange);
    return verdict != null && verdict.hit();
  }
}
