package io.switchboard.ai.observe.billing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code ai.observability.billing.*}: the billing ledger. */
@ConfigurationProperties("ai.observability.billing")
public class BillingProperties {

  /** Whether usage records are totalled into the ledger (and {@code /actuator/aibilling} answers). */
  private boolean enabled = true;
  /** {@code memory} (this instance only) or {@code redis} (shared by instances; needs Spring Data Redis). */
  private String store = "memory";
  private final Retention retention = new Retention();
  /** In memory: at most this many cells (dimension value × bucket); the oldest buckets go first, hours first. */
  private int maxCells = 200_000;
  /** Redis: key prefix. */
  private String redisKeyPrefix = "sb:billing:";
  /** Redis: how long writing one batch may take. */
  private Duration redisTimeout = Duration.ofSeconds(5);

  /** How long buckets are kept after they end. */
  public static class Retention {
    /** Daily buckets. */
    private Duration days = Duration.ofDays(90);
    /** Hourly buckets. */
    private Duration hours = Duration.ofDays(7);

    public Duration getDays() {
      return days;
    }

    public void setDays(Duration days) {
      this.days = days;
    }

    public Duration getHours() {
      return hours;
    }

    public void setHours(Duration hours) {
      this.hours = hours;
    }
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getStore() {
    return store;
  }

  public void setStore(String store) {
    this.store = store;
  }

  public Retention getRetention() {
    return retention;
  }

  public int getMaxCells() {
    return maxCells;
  }

  public void setMaxCells(int maxCells) {
    this.maxCells = maxCells;
  }

  public String getRedisKeyPrefix() {
    return redisKeyPrefix;
  }

  public void setRedisKeyPrefix(String redisKeyPrefix) {
    this.redisKeyPrefix = redisKeyPrefix;
  }

  public Duration getRedisTimeout() {
    return redisTimeout;
  }

  public void setRedisTimeout(Duration redisTimeout) {
    this.redisTimeout = redisTimeout;
  }
}
