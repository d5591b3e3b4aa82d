package io.switchboard.ai.routing;

import io.switchboard.ai.provider.bedrock.EventStreamDecoder;
import io.switchboard.ai.provider.bedrock.EventStreamMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a provider's streamed body into events, whatever its framing: server-sent events, or AWS's binary event
 * stream (Bedrock), whose messages are presented as events named by their {@code :event-type} (or, for an
 * exception, by its {@code :exception-type}) with the JSON payload as data. One per stream; not thread-safe.
 */
interface EventFramer {

  /** Feeds the next chunk and returns the events it completed, in order. */
  List<SseEvent> feed(byte[] chunk);

  static EventFramer sse() {
    return new SseDecoder()::feed;
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
