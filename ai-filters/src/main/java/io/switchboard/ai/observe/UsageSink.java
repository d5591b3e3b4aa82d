package io.switchboard.ai.observe;

import java.util.List;

/**
 * Receives usage records off the request path, in batches, from one publisher thread at a time. Declare a bean
 * to add a sink; the gateway's own are the JSON log line, OpenTelemetry log records, a Redis Stream and the
 * billing ledger. A sink that throws loses that batch for itself only (counted); the others still get it.
 */
public interface UsageSink {

  /** A short name for metrics and logs ({@code log}, {@code redis-stream} …). */
  String name();

  /** Takes a batch of records. May block briefly (it runs on the publisher's thread, never a Netty event loop). */
  void accept(List<UsageRecord> batch) throws Exception;

  /** Called once at shutdown after the last batch; flush anything buffered. */
  default void flush() throws Exception {
  }
}
