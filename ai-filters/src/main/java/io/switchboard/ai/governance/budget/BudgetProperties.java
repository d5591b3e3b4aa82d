package io.switchboard.ai.governance.budget;

import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code ai.budget.*}: how the {@code AiBudget} filters count and price (the limits are the filters' arguments). */
@ConfigurationProperties(prefix = "ai.budget")
public class BudgetProperties {

  /**
   * Where spend is counted: {@code memory} (this instance only) or {@code redis} (shared by every instance on the
   * same Redis, {@code spring.data.redis.*}; needs {@code spring-boot-starter-data-redis-reactive}).
   */
  private String store = "memory";

  /** Prefix of every Redis key the budget store writes. */
  private String redisKeyPrefix = "sb:budget:";

  public String getRedisKeyPrefix() {
    return redisKeyPrefix;
  }

  public void setRedisKeyPrefix(String redisKeyPrefix) {
    this.redisKeyPrefix = redisKeyPrefix;
  }

  /** How long a reservation lives unless settled or released (an instance died mid-call): then it frees its room. */
  private Duration reservationTtl = Duration.ofMinutes(10);

  /** How long a store operation may take before the request is refused (budgets fail closed). */
  private Duration storeTimeout = Duration.ofSeconds(2);

  /** Price in USD per million input tokens for models the catalog does not price. */
  private BigDecimal fallbackInputPerMtok = new BigDecimal("15");

  /** Price in USD per million output tokens for models the catalog does not price. */
  private BigDecimal fallbackOutputPerMtok = new BigDecimal("75");

  /** Output tokens assumed when neither the request, the catalog nor the provider bound them. */
  private long defaultMaxTokens = 4096;

  /** Header naming the end user for {@code subject: user} limits (trust it only behind your own authentication). */
  private String userHeader = "x-switchboard-user";

  /** Header naming the team for {@code subject: team} limits (trust it only behind your own authentication). */
  private String teamHeader = "x-switchboard-team";

  public String getStore() {
    return store;
  }

  public void setStore(String store) {
    this.store = store;
  }

  public Duration getReservationTtl() {
    return reservationTtl;
  }

  public void setReservationTtl(Duration reservationTtl) {
    this.reservationTtl = reservationTtl;
  }

  public Duration getStoreTimeout() {
    return storeTimeout;
  }

  public void setStoreTimeout(Duration storeTimeout) {
    this.storeTimeout = storeTimeout;
  }

  public BigDecimal getFallbackInputPerMtok() {
    return fallbackInputPerMtok;
  }

  public void setFallbackInputPerMtok(BigDecimal fallbackInputPerMtok) {
    this.fallbackInputPerMtok = fallbackInputPerMtok;
  }

  public BigDecimal getFallbackOutputPerMtok() {
    return fallbackOutputPerMtok;
  }

  public void setFallbackOutputPerMtok(BigDecimal fallbackOutputPerMtok) {
    this.fallbackOutputPerMtok = fallbackOutputPerMtok;
  }

  public long getDefaultMaxTokens() {
    return defaultMaxTokens;
  }

  public void setDefaultMaxTokens(long defaultMaxTokens) {
    this.defaultMaxTokens = defaultMaxTokens;
  }

  public String getUserHeader() {
    return userHeader;
  }

  public void setUserHeader(String userHeader) {
    this.userHeader = userHeader;
  }

  public String getTeamHeader() {
    return teamHeader;
  }

  public void setTeamHeader(String teamHeader) {
    this.teamHeader = teamHeader;
  }
}
