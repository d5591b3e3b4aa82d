package io.switchboard.ai.governance.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConfigurationBuilder;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The limits of one {@code AiTokenRateLimiter}: 0 means "no limit". Requests and tokens are two buckets (different
 * units); the token bucket has one greedy-refill bandwidth per configured period, so a reservation is taken from the
 * minute, hour and day at once or not at all.
 */
public record RateLimits(long requestsPerMinute, long tokensPerMinute, long tokensPerHour, long tokensPerDay,
    int concurrent) {

  public boolean limitsRequests() {
    return requestsPerMinute > 0;
  }

  public boolean limitsTokens() {
    return tokensPerMinute > 0 || tokensPerHour > 0 || tokensPerDay > 0;
  }

  /** These limits divided by {@code share} (at least 1 each): an instance's part when the shared store is away. */
  public RateLimits dividedBy(int share) {
    if (share <= 1) {
      return this;
    }
    return new RateLimits(part(requestsPerMinute, share), part(tokensPerMinute, share), part(tokensPerHour, share),
        part(tokensPerDay, share), concurrent <= 0 ? 0 : (int) part(concurrent, share));
  }

  private static long part(long limit, int share) {
    return limit <= 0 ? 0 : Math.max(1, limit / share);
  }

  public @Nullable BucketConfiguration requestBucket() {
    if (!limitsRequests()) {
      return null;
    }
    return BucketConfiguration.builder().addLimit(greedy(requestsPerMinute, Duration.ofMinutes(1), "rpm")).build();
  }

  public @Nullable BucketConfiguration tokenBucket() {
    if (!limitsTokens()) {
      return null;
    }
    ConfigurationBuilder builder = BucketConfiguration.builder();
    if (tokensPerMinute > 0) {
      builder.addLimit(greedy(tokensPerMinute, Duration.ofMinutes(1), "tpm"));
    }
    if (tokensPerHour > 0) {
      builder.addLimit(greedy(tokensPerHour, Duration.ofHours(1), "tph"));
    }
    if (tokensPerDay > 0) {
      builder.addLimit(greedy(tokensPerDay, Duration.ofDays(1), "tpd"));
    }
    return builder.build();
  }

  /** The token limit reported in {@code x-ratelimit-limit-tokens}: the shortest configured period's. */
  public long headlineTokenLimit() {
    return tokensPerMinute > 0 ? tokensPerMinute : tokensPerHour > 0 ? tokensPerHour : tokensPerDay;
  }

  /** The period of {@link #headlineTokenLimit()}. */
  public Duration headlineTokenPeriod() {
    return tokensPerMinute > 0 ? Duration.ofMinutes(1) : tokensPerHour > 0 ? Duration.ofHours(1) : Duration.ofDays(1);
  }

  /** A short fingerprint of the limits, part of every key, so changed limits start fresh buckets. */
  public String fingerprint() {
    return requestsPerMinute + "." + tokensPerMinute + "." + tokensPerHour + "." + tokensPerDay;
  }

  private static Bandwidth greedy(long capacity, Duration period, String id) {
    return Bandwidth.builder().capacity(capacity).refillGreedy(capacity, period).id(id).build();
  }
}
