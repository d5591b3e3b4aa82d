package io.switchboard.ai.provider.bedrock;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Test-side event-stream encoder, written independently of {@link EventStreamDecoder}, and the loader of the
 * {@code providers/bedrock/*.eventstream.hex} fixtures (one hex-encoded message per line, made with Python's
 * {@code zlib.crc32}).
 */
final class EventStreamFrames {

  private EventStreamFrames() {
  }

  /** Encodes one message with string headers only. */
  static byte[] frame(Map<String, String> headers, byte[] payload) {
    ByteArrayOutputStream h = new ByteArrayOutputStream();
    headers.forEach((name, value) -> {
      byte[] n = name.getBytes(StandardCharsets.UTF_8);
      byte[] v = value.getBytes(StandardCharsets.UTF_8);
      h.write(n.length);
      h.writeBytes(n);
      h.write(7);
      h.write(v.length >> 8);
      h.write(v.length & 0xff);
      h.writeBytes(v);
    });
    return frame(h.toByteArray(), payload);
  }

  /** Encodes one message around a ready-made headers section. */
  static byte[] frame(byte[] headers, byte[] payload) {
    int total = 12 + headers.length + payload.length + 4;
    ByteBuffer out = ByteBuffer.allocate(total);
    out.putInt(total).putInt(headers.length);
    out.putInt((int) crc(out.array(), 0, 8));
    out.put(headers).put(payload);
    out.putInt((int) crc(out.array(), 0, total - 4));
    return out.array();
  }

  static byte[] event(String eventType, String json) {
    return frame(Map.of(":event-type", eventType, ":message-type", "event"), json.getBytes(StandardCharsets.UTF_8));
  }

  static long crc(byte[] data, int from, int length) {
    CRC32 crc = new CRC32();
    crc.update(data, from, length);
    return crc.getValue();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** The bytes of a {@code .eventstream.hex} fixture: its lines' messages back to back. */
  static byte[] fixture(String name) {
    String resource = "/providers/bedrock/" + name;
    try (InputStream in = EventStreamFrames.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("Missing fixture " + resource);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
        if (!line.isBlank()) {
          out.writeBytes(HexFormat.of().parseHex(line.strip()));
        }
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
