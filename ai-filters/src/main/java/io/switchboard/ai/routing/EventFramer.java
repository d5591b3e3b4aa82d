package io.switchboard.ai.routing;

import io.switchboard.ai.provider.bedrock.EventStreamDecoder;
import io.switchboard.ai.provider.bedrock.EventStreamMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a provider's streamed body into events, whatever its framing: server-sent events, newline-delimited JSON
 * (each line an event), or AWS's binary event
 * stream (Bedrock), whose messages are presented as events named by their {@code :event-type} (or, for an
 * exception, by its {@code :exception-type}) with the JSON payload as data. One per stream; not thread-safe.
 */
interface EventFramer {

  /** Feeds the next chunk and returns the events it completed, in order. */
  List<SseEvent> feed(byte[] chunk);

  static EventFramer sse() {
    return new SseDecoder()::feed;
  }

  /** Newline-delimited JSON (Ollama's native API): each line is one event without a name. */
  static EventFramer ndjson() {
    java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
    return chunk -> {
      List<SseEvent> events = new ArrayList<>(2);
      for (byte b : chunk) {
        if (b != '\n') {
          pending.write(b);
          continue;
        }
        byte[] line = pending.toByteArray();
        pending.reset();
        String text = new String(line, java.nio.charset.StandardCharsets.UTF_8).strip();
        if (!text.isEmpty()) {
          events.add(new SseEvent(null, text, line));
        }
      }
      return events;
    };
  }

  static EventFramer aws() {
    EventStreamDecoder decoder = new EventStreamDecoder();
    return chunk -> {
      List<SseEvent> events = new ArrayList<>(2);
      for (EventStreamMessage message : decoder.feed(chunk)) {
        String name = message.isException()
            ? (message.exceptionType() != null ? message.exceptionType() : "unknownException")
            : message.eventType();
        events.add(new SseEvent(name, message.payloadAsString(), message.payload()));
      }
      return events;
    };
  }
}
