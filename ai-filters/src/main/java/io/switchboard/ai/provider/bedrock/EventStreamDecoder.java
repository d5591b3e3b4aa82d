package io.switchboard.ai.provider.bedrock;

import io.switchboard.ai.error.AiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * Incremental decoder of the AWS binary event-stream framing ({@code application/vnd.amazon.eventstream}), used by
 * Bedrock's {@code converse-stream}. Stateful, one stream per instance, not thread-safe; pure otherwise.
 *
 * <p>Each message is: a 12-byte prelude (total length, headers length, both unsigned 32-bit big-endian, then the
 * CRC32 of those 8 bytes), the headers, the payload, and the CRC32 of everything before it. A header is a name
 * length byte, the UTF-8 name, a type byte and a value (see {@link EventStreamMessage} for the types; byte arrays and
 * strings carry an unsigned 16-bit big-endian length). Input may arrive in chunks of any size, split anywhere.
 *
 * <p>Every framing fault (a CRC mismatch, a total length below 16 or above {@link #MAX_MESSAGE_LENGTH}, a headers
 * length that does not fit, a malformed header) raises {@link AiException#upstream} with code
 * {@code upstream_invalid_response}; a prelude is checked as soon as its 12 bytes are in, before any payload is
 * buffered. After a fault the decoder is poisoned: every later {@link #feed} fails the same way.
 */
public final class EventStreamDecoder {

  /** Largest message accepted (16 MiB), prelude and CRCs included. */
  public static final int MAX_MESSAGE_LENGTH = 16 * 1024 * 1024;
  /** Largest headers section accepted (128 KiB), AWS's own limit. */
  public static final int MAX_HEADERS_LENGTH = 128 * 1024;

  static final String ERROR_CODE = "upstream_invalid_response";
  private static final int PRELUDE_LENGTH = 12;
  private static final int MIN_MESSAGE_LENGTH = 16;

  private byte[] buffer = new byte[1024];
  private int start;
  private int end;
  private boolean preludeChecked;
  private boolean failed;

  /**
   * Appends bytes and returns the messages they complete, in order (often none).
   *
   * @throws AiException (502, {@code upstream_invalid_response}) on a framing fault
   */
  public List<EventStreamMessage> feed(byte[] chunk) {
    if (failed) {
      throw invalid("The upstream event stream was already found corrupt.");
    }
    try {
      append(chunk);
      List<EventStreamMessage> messages = new ArrayList<>();
      EventStreamMessage message;
      while ((message = next()) != null) {
        messages.add(message);
      }
      return messages;
    } catch (AiException e) {
      failed = true;
      throw e;
    }
  }

  /** Whether bytes of an incomplete message are buffered (a stream ending now was cut short). */
  public boolean hasPartial() {
    return end > start;
  }

  private EventStreamMessage next() {
    int available = end - start;
    if (available < PRELUDE_LENGTH) {
      return null;
    }
    long total = uint32(start);
    long headersLength = uint32(start + 4);
    if (!preludeChecked) {
      if (crc(start, 8) != uint32(start + 8)) {
        throw invalid("The upstream event stream has a corrupt message prelude (CRC mismatch).");
      }
      if (total < MIN_MESSAGE_LENGTH || total > MAX_MESSAGE_LENGTH) {
        throw invalid("The upstream event stream announced a message of " + total + " bytes.");
      }
      if (headersLength > MAX_HEADERS_LENGTH || headersLength > total - MIN_MESSAGE_LENGTH) {
        throw invalid("The upstream event stream announced " + headersLength + " bytes of headers in a message of "
            + total + " bytes.");
      }
      preludeChecked = true;
    }
    if (available < total) {
      return null;
    }
    int length = (int) total;
    if (crc(start, length - 4) != uint32(start + length - 4)) {
      throw invalid("The upstream event stream has a corrupt message (CRC mismatch).");
    }
    int headersStart = start + PRELUDE_LENGTH;
    int payloadStart = headersStart + (int) headersLength;
    Map<String, Object> headers = headers(headersStart, payloadStart);
    byte[] payload = Arrays.copyOfRange(buffer, payloadStart, start + length - 4);
    start += length;
    preludeChecked = false;
    if (start == end) {
      start = 0;
      end = 0;
    }
    return new EventStreamMessage(headers, payload);
  }

  private Map<String, Object> headers(int from, int to) {
    Map<String, Object> headers = new LinkedHashMap<>();
    int at = from;
    while (at < to) {
      int nameLength = buffer[at++] & 0xff;
      require(nameLength > 0 && at + nameLength + 1 <= to);
      String name = new String(buffer, at, nameLength, StandardCharsets.UTF_8);
      at += nameLength;
      int type = buffer[at++];
      int size = switch (type) {
        case 0, 1 -> 0;
        case 2 -> 1;
        case 3 -> 2;
        case 4 -> 4;
        case 5, 8 -> 8;
        case 6, 7 -> at + 2 <= to ? 2 + (((buffer[at] & 0xff) << 8) | (buffer[at + 1] & 0xff)) : 2;
        case 9 -> 16;
        default -> throw invalid("The upstream event stream has a header of unknown type " + type + ".");
      };
      require(at + size <= to);
      Object value = switch (type) {
        case 0, 1 -> type == 0;
        case 2 -> buffer[at];
        case 3 -> (short) (((buffer[at] & 0xff) << 8) | (buffer[at + 1] & 0xff));
        case 4 -> (int) uint32(at);
        case 5 -> (uint32(at) << 32) | uint32(at + 4);
        case 6 -> Arrays.copyOfRange(buffer, at + 2, at + size);
        case 7 -> new String(buffer, at + 2, size - 2, StandardCharsets.UTF_8);
        case 8 -> Instant.ofEpochMilli((uint32(at) << 32) | uint32(at + 4));
        default -> new UUID((uint32(at) << 32) | uint32(at + 4), (uint32(at + 8) << 32) | uint32(at + 12));
      };
      at += size;
      headers.put(name, value);
    }
    return Collections.unmodifiableMap(headers);
  }

  private void append(byte[] chunk) {
    if (chunk.length == 0) {
      return;
    }
    if (end + chunk.length > buffer.length) {
      int live = end - start;
      int needed = live + chunk.length;
      byte[] target = needed > buffer.length ? new byte[Math.max(needed, buffer.length * 2)] : buffer;
      System.arraycopy(buffer, start, target, 0, live);
      buffer = target;
      start = 0;
      end = live;
    }
    System.arraycopy(chunk, 0, buffer, end, chunk.length);
    end += chunk.length;
  }

  private long uint32(int at) {
    return ((long) (buffer[at] & 0xff) << 24) | ((buffer[at + 1] & 0xff) << 16) | ((buffer[at + 2] & 0xff) << 8)
        | (buffer[at + 3] & 0xff);
  }

  private long crc(int from, int length) {
    CRC32 crc = new CRC32();
    crc.update(buffer, from, length);
    return crc.getValue();
  }

  private static void require(boolean condition) {
    if (!condition) {
      throw invalid("The upstream event stream has a malformed header.");
    }
  }

  private static AiException invalid(String message) {
    return AiException.upstream(message, ERROR_CODE);
  }
}
