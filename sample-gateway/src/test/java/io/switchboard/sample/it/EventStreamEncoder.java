package io.switchboard.sample.it;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A small AWS event-stream encoder for scripting Bedrock's binary streams on {@link FakeUpstream}: prelude (total
 * length, headers length, both uint32 big-endian), prelude CRC32, string headers, payload, message CRC32.
 */
final class EventStreamEncoder {

  private EventStreamEncoder() {
  }

  /** One {@code event} message of the given {@code :event-type} with a JSON payload. */
  static byte[] event(String eventType, String json) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(":event-type", eventType);
    headers.put(":content-type", "application/json");
    headers.put(":message-type", "event");
    return frame(headers, json.getBytes(StandardCharsets.UTF_8));
  }

  /** One message with string headers (header value type 7). */
  static byte[] frame(Map<String, String> headers, byte[] payload) {
    ByteArrayOutputStream h = new ByteArrayOutputStream();
    headers.forEach((name, value) -> {
      byte[] n = name.getBytes(StandardCharsets.UTF_8);
      byte[] v = value.getBytes(StandardCharsets.UTF_8);
      h.write(n.length);
      h.writeBytes(n);
      h.write(7);
      h.write((v.length >> 8) & 0xff);
      h.write(v.length & 0xff);
      h.writeBytes(v);
    });
    byte[] headerBytes = h.toByteArray();
    int total = 12 + headerBytes.length + payload.length + 4;
    ByteBuffer out = ByteBuffer.allocate(total);
    out.putInt(total).putInt(headerBytes.length);
    out.putInt((int) crc(out.array(), 8));
    out.put(headerBytes).put(payload);
    out.putInt((int) crc(out.array(), total - 4));
    return out.array();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static long crc(byte[] data, int length) {
    CRC32 crc = new CRC32();
    crc.update(data, 0, length);
    return crc.getValue();
  }
}
