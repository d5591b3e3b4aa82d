package io.switchboard.ai.provider.bedrock;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One message of an AWS binary event stream ({@code application/vnd.amazon.eventstream}), as decoded by
 * {@link EventStreamDecoder}.
 *
 * <p>Header values keep their wire type: {@link Boolean} (types 0 and 1), {@link Byte} (2), {@link Short} (3),
 * {@link Integer} (4), {@link Long} (5), {@code byte[]} (6), {@link String} (7), {@link java.time.Instant} (8,
 * milliseconds since the epoch) and {@link java.util.UUID} (9). Header order is the wire order; when a name repeats,
 * the last value wins.
 *
 * @param headers the headers, unmodifiable
 * @param payload the payload bytes (for Bedrock, UTF-8 JSON); not copied, do not modify
 */
public record EventStreamMessage(Map<String, Object> headers, byte[] payload) {

  /** Header naming the message kind: {@code event}, {@code exception} or {@code error}. */
  public static final String MESSAGE_TYPE = ":message-type";
  /** Header naming the event of an {@code event} message, e.g. {@code contentBlockDelta}. */
  public static final String EVENT_TYPE = ":event-type";
  /** Header naming the exception of an {@code exception} message, e.g. {@code throttlingException}. */
  public static final String EXCEPTION_TYPE = ":exception-type";

  public EventStreamMessage {
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(payload, "payload");
  }

  /** The {@code :message-type} header when it is a string, else {@code null}. */
  public @Nullable String messageType() {
    return stringHeader(MESSAGE_TYPE);
  }

  /** The {@code :event-type} header when it is a string, else {@code null}. */
  public @Nullable String eventType() {
    return stringHeader(EVENT_TYPE);
  }

  /** The {@code :exception-type} header when it is a string, else {@code null}. */
  public @Nullable String exceptionType() {
    return stringHeader(EXCEPTION_TYPE);
  }

  /** Whether {@code :message-type} is {@code exception} or {@code error}. */
  public boolean isException() {
    return "exception".equals(messageType()) || "error".equals(messageType());
  }

  /** A string header, or {@code null} when absent or not a string. */
  public @Nullable String stringHeader(String name) {
    return headers.get(name) instanceof String value ? value : null;
  }

  /** The payload decoded as UTF-8 (malformed sequences replaced). */
  public String payloadAsString() {
    return new String(payload, StandardCharsets.UTF_8);
  }
}
