package io.switchboard.ai.cache;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code ai.cache.*}: the response cache's store and defaults; routes opt in with the {@code AiSemanticCache} filter
 * and may override the per-route settings (see docs/caching.md).
 */
@ConfigurationProperties("ai.cache")
public class CacheProperties {

  /** Where entries live. */
  public enum Store { MEMORY, REDIS }

  /** Whose requests may share answers: per key (virtual key id, static key hash), per team, or the whole route. */
  public enum Tenant { KEY, TEAM, ROUTE }

  private Store store = Store.MEMORY;
  /** Default time to live of an entry. */
  private Duration ttl = Duration.ofHours(1);
  /** The longest TTL a client may ask for with {@code x-switchboard-cache-ttl}. */
  private Duration maxTtl = Duration.ofDays(1);
  /** In-memory store: at most this many entries… */
  private long maxEntries = 10_000;
  /** …and at most this many bytes (serialized size). */
  private DataSize maxBytes = DataSize.ofMegabytes(256);
  /** Answers larger than this are not stored (per route: {@code max-size}). */
  private DataSize maxEntrySize = DataSize.ofMegabytes(1);
  private Tenant tenant = Tenant.KEY;
  /** Concurrent identical requests wait for the first one's answer… */
  private boolean coalesce = true;
  /** …at most this long, then call the provider themselves. */
  private Duration coalesceTimeout = Duration.ofSeconds(30);
  /** Redis: the lock that coalesces instances expires after this (a crashed leader frees it). */
  private Duration lockTtl = Duration.ofSeconds(30);
  private String redisKeyPrefix = "switchboard:cache:";
  /** Redis: values larger than this are gzip-compressed. */
  private DataSize compressAbove = DataSize.ofKilobytes(2);
  private final Semantic semantic = new Semantic();

  /** The semantic cache's defaults ({@code ai.cache.semantic.*}). */
  public static class Semantic {
    /** Cosine similarity from which a cached answer is served (per route: {@code threshold}). */
    private double threshold = 0.80;
    /** Requests with a higher temperature are not cached semantically. */
    private double maxTemperature = 0.7;
    /** Include a digest of the turns before the last user turn in the bucket (else only system prompt + model). */
    private boolean contextDigest = true;
    /** Numbers and capitalized tokens of the new prompt must equal the cached prompt's. */
    private boolean verifyEntities = true;
    /** {@code local} (in-process all-MiniLM-L6-v2) or the id of a provider under {@code ai.providers}. */
    private String embeddingsProvider = "local";
    /** The embeddings model of {@code embeddings-provider} (not used by {@code local}). */
    private String embeddingsModel = "text-embedding-3-small";
    /** Buckets with more entries than this are searched through an IVF index instead of a full scan. */
    private int exactSearchMax = 4_096;
    /** Embedding call time limit; a slower embedding is a miss. */
    private Duration embeddingsTimeout = Duration.ofSeconds(5);

    public double getThreshold() {
      return threshold;
    }

    public void setThreshold(double threshold) {
      this.threshold = threshold;
    }

    public double getMaxTemperature() {
      return maxTemperature;
    }

    public void setMaxTemperature(double maxTemperature) {
      this.maxTemperature = maxTemperature;
    }

    public boolean isContextDigest() {
      return contextDigest;
    }

    public void setContextDigest(boolean contextDigest) {
      this.contextDigest = contextDigest;
    }

    public boolean isVerifyEntities() {
      return verifyEntities;
    }

    public void setVerifyEntities(boolean verifyEntities) {
      this.verifyEntities = verifyEntities;
    }

    public String getEmbeddingsProvider() {
      return embeddingsProvider;
    }

    public void setEmbeddingsProvider(String embeddingsProvider) {
      this.embeddingsProvider = embeddingsProvider;
    }

    public String getEmbeddingsModel() {
      return embeddingsModel;
    }

    public void setEmbeddingsModel(String embeddingsModel) {
      this.embeddingsModel = embeddingsModel;
    }

    public int getExactSearchMax() {
      return exactSearchMax;
    }

    public void setExactSearchMax(int exactSearchMax) {
      this.exactSearchMax = exactSearchMax;
    }

    public Duration getEmbeddingsTimeout() {
      return embeddingsTimeout;
    }

    public void setEmbeddingsTimeout(Duration embeddingsTimeout) {
      this.embeddingsTimeout = embeddingsTimeout;
    }
  }

  public Store getStore() {
    return store;
  }

  public void setStore(Store store) {
    this.store = store;
  }

  public Duration getTtl() {
    return ttl;
  }

  public void setTtl(Duration ttl) {
    this.ttl = ttl;
  }

  public Duration getMaxTtl() {
    return maxTtl;
  }

  public void setMaxTtl(Duration maxTtl) {
    this.maxTtl = maxTtl;
  }

  public long getMaxEntries() {
    return maxEntries;
  }

  public void setMaxEntries(long maxEntries) {
    this.maxEntries = maxEntries;
  }

  public DataSize getMaxBytes() {
    return maxBytes;
  }

  public void setMaxBytes(DataSize maxBytes) {
    this.maxBytes = maxBytes;
  }

  public DataSize getMaxEntrySize() {
    return maxEntrySize;
  }

  public void setMaxEntrySize(DataSize maxEntrySize) {
    this.maxEntrySize = maxEntrySize;
  }

  public Tenant getTenant() {
    return tenant;
  }

  public void setTenant(Tenant tenant) {
    this.tenant = tenant;
  }

  public boolean isCoalesce() {
    return coalesce;
  }

  public void setCoalesce(boolean coalesce) {
    this.coalesce = coalesce;
  }

  public Duration getCoalesceTimeout() {
    return coalesceTimeout;
  }

  public void setCoalesceTimeout(Duration coalesceTimeout) {
    this.coalesceTimeout = coalesceTimeout;
  }

  public Duration getLockTtl() {
    return lockTtl;
  }

  public void setLockTtl(Duration lockTtl) {
    this.lockTtl = lockTtl;
  }

  public String getRedisKeyPrefix() {
    return redisKeyPrefix;
  }

  public void setRedisKeyPrefix(String redisKeyPrefix) {
    this.redisKeyPrefix = redisKeyPrefix;
  }

  public DataSize getCompressAbove() {
    return compressAbove;
  }

  public void setCompressAbove(DataSize compressAbove) {
    this.compressAbove = compressAbove;
  }

  public Semantic getSemantic() {
    return semantic;
  }
}
