package io.switchboard.ai.routing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Splits a byte stream into server-sent events as chunks arrive, whatever the chunk boundaries (an event, a line,
 * even a multi-byte character may be split across network reads). Lines end with LF, CRLF or CR, as the SSE
 * specification allows. One decoder per stream; not thread-safe.
 */
final class SseDecoder {

  private byte[] pending = EMPTY;
  private int eventStart;
  private @Nullable String eventName;
  private @Nullable StringBuilder data;

  /** Feeds the next chunk and returns the events it completed, in order. */
  List<SseEvent> feed(byte[] chunk) {
    byte[] buf = pending.length == 0 ? chunk : concat(pending, chunk);
    List<SseEvent> events = new ArrayList<>(2);
    int lineStart = lineStartInPending;
    int i = scanFromInPending;
    while (i < buf.length) {
      byte b = buf[i];
      if (b != '\n' && b != '\r') {
        i++;
        continue;
      }
      int lineEnd = i;
      int next = i + 1;
      if (b == '\r') {
        if (next == buf.length) {
          break; // a CR at the end may be half of a CRLF: wait for the next chunk
        }
        if (buf[next] == '\n') {
          next++;
        }
      }
      if (lineEnd == lineStart) {
        if (data != null || eventName != null) {
          String payload = data == null ? "" : data.toString();
          events.add(new SseEvent(eventName, payload, Arrays.copyOfRange(buf, eventStart, next)));
        }
        eventName = null;
        data = null;
        eventStart = next;
      } else {
        field(buf, lineStart, lineEnd);
      }
      lineStart = next;
      i = next;
    }
    // Keep the unfinished event (its raw bytes are forwarded whole) for the next chunk. Its finished lines are
    // already parsed into eventName and data: scanning resumes where it stopped.
    int keepFrom = Math.min(eventStart, lineStart);
    pending = keepFrom == buf.length ? EMPTY : Arrays.copyOfRange(buf, keepFrom, buf.length);
    lineStartInPending = lineStart - keepFrom;
    scanFromInPending = i - keepFrom;
    eventStart -= keepFrom;
    return events;
  }

  /** Whether part of an event is pending: a stream that ends now was cut in the middle of an event. */
  boolean hasPartialEvent() {
    return pending.length > 0 || data != null || eventName != null;
  }

  private static final byte[] EMPTY = new byte[0];
  private int lineStartInPending;
  private int scanFromInPending;

  private void field(byte[] buf, int start, int end) {
    if (buf[start] == ':') {
      return; // comment
    }
    int colon = -1;
    for (int k = start; k < end; k++) {
      if (buf[k] == ':') {
        colon = k;
        break;
      }
    }
    String name;
    String value;
    if (colon < 0) {
      name = new String(buf, start, end - start, StandardCharsets.UTF_8);
      value = "";
    } else {
      name = new String(buf, start, colon - start, StandardCharsets.UTF_8);
      int v = colon + 1;
      if (v < end && buf[v] == ' ') {
        v++;
      }
      value = new String(buf, v, end - v, StandardCharsets.UTF_8);
    }
    if (name.equals("data")) {
      if (data == null) {
        data = new StringBuilder(value);
      } else {
        data.append('\n').append(value);
      }
    } else if (name.equals("event")) {
      eventName = value;
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
