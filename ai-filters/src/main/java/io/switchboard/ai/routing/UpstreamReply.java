package io.switchboard.ai.routing;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * A provider's response as the engine sees it: the head, and a body read chunk by chunk as it arrives (each chunk
 * a heap copy, so nothing pooled escapes the transport).
 */
record UpstreamReply(int status, @Nullable String contentType, @Nullable String retryAfter,
    @Nullable String retryAfterMs, @Nullable String requestIdHeader, @Nullable String requestId,
    Flux<byte[]> body) {

  /** A reply made in process (the demo model): no provider request id. */
  UpstreamReply(int status, String contentType, Flux<byte[]> body) {
    this(status, contentType, null, null, null, null, body);
  }

  /** Newline-delimited JSON (Ollama's native streams). */
  boolean isNdjson() {
    return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-ndjson");
  }

  /** AWS's binary event-stream framing (Bedrock's streams). */
  boolean isAwsEventStream() {
    return contentType != null
        && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/vnd.amazon.eventstream");
  }

  boolean isEventStream() {
    return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream");
  }
}
