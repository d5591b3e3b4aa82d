package io.switchboard.ai.observe;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code ai.observability.*}: usage records, their sinks, metrics and the per-response headers. */
@ConfigurationProperties("ai.observability")
public class ObservabilityProperties {

  private final Usage usage = new Usage();
  private final Metrics metrics = new Metrics();
  private final Headers headers = new Headers();

  public Usage getUsage() {
    return usage;
  }

  public Metrics getMetrics() {
    return metrics;
  }

  public Headers getHeaders() {
    return headers;
  }

  /** Usage records: one per AI request, published off the request path. */
  public static class Usage {
    /** Whether usage records are made at all (metrics are fed from them too). */
    private boolean enabled = true;
    /** Records waiting for the publisher; when full, new records are dropped and counted. */
    private int queueSize = 10_000;
    /** Most records handed to a sink at once. */
    private int batchSize = 256;
    /** How long shutdown waits for the queue to drain and the sinks to flush. */
    private Duration shutdownTimeout = Duration.ofSeconds(10);
    private final Bodies bodies = new Bodies();
    private final Tags tags = new Tags();
    private final Sinks sinks = new Sinks();

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public int getQueueSize() {
      return queueSize;
    }

    public void setQueueSize(int queueSize) {
      this.queueSize = queueSize;
    }

    public int getBatchSize() {
      return batchSize;
    }

    public void setBatchSize(int batchSize) {
      this.batchSize = batchSize;
    }

    public Duration getShutdownTimeout() {
      return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = shutdownTimeout;
    }

    public Bodies getBodies() {
      return bodies;
    }

    public Tags getTags() {
      return tags;
    }

    public Sinks getSinks() {
      return sinks;
    }
  }

  /** Request and response bodies in records: off by default; redacted and capped when on. */
  public static class Bodies {
    private boolean enabled;
    /** Characters kept of each body (after redaction). */
    private int maxChars = 4096;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public int getMaxChars() {
      return maxChars;
    }

    public void setMaxChars(int maxChars) {
      this.maxChars = maxChars;
    }
  }

  /** Client metadata kept in records (request {@code metadata} strings and {@code x-switchboard-tag-*} headers). */
  public static class Tags {
    private int maxEntries = 16;
    private int maxLength = 128;

    public int getMaxEntries() {
      return maxEntries;
    }

    public void setMaxEntries(int maxEntries) {
      this.maxEntries = maxEntries;
    }

    public int getMaxLength() {
      return maxLength;
    }

    public void setMaxLength(int maxLength) {
      this.maxLength = maxLength;
    }
  }

  public static class Sinks {
    private final Toggle log = new Toggle(true);
    private final Toggle otel = new Toggle(false);
    private final RedisStream redisStream = new RedisStream();

    public Toggle getLog() {
      return log;
    }

    public Toggle getOtel() {
      return otel;
    }

    public RedisStream getRedisStream() {
      return redisStream;
    }
  }

  public static class Toggle {
    private boolean enabled;

    Toggle(boolean enabled) {
      this.enabled = enabled;
    }

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** The Redis Stream sink: {@code XADD key MAXLEN ~ max-len * …} per record. */
  public static class RedisStream {
    private boolean enabled;
    private String key = "switchboard:usage";
    /** Approximate length the stream is trimmed to. */
    private long maxLen = 1_000_000;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getKey() {
      return key;
    }

    public void setKey(String key) {
      this.key = key;
    }

    public long getMaxLen() {
      return maxLen;
    }

    public void setMaxLen(long maxLen) {
      this.maxLen = maxLen;
    }
  }

  public static class Metrics {
    private boolean enabled = true;
    /** Model tags as the client sent them, instead of configured or catalog models (the rest as {@code other}). */
    private boolean rawModelTags;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public boolean isRawModelTags() {
      return rawModelTags;
    }

    public void setRawModelTags(boolean rawModelTags) {
      this.rawModelTags = rawModelTags;
    }
  }

  public static class Headers {
    /** {@code x-switchboard-overhead-ms} and {@code x-switchboard-target} on AI responses. */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }
}
