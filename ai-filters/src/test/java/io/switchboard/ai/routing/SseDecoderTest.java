package io.switchboard.ai.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

final class SseDecoderTest {

  private static final String STREAM = "event: message_start\ndata: {\"a\":1}\n\n"
      + ": a comment\n\n"
      + "data: line one\ndata: line two\n\n"
      + "event: ping\ndata:nospace\n\n"
      + "data: é ünïcödé ✓\n\n"
      + "data: [DONE]\n\n";

  @Test
  void decodesWholeStream() {
    List<SseEvent> events = new SseDecoder().feed(bytes(STREAM));
    assertThat(events).extracting(SseEvent::event)
        .containsExactly("message_start", null, "ping", null, null);
    assertThat(events).extracting(SseEvent::data)
        .containsExactly("{\"a\":1}", "line one\nline two", "nospace", "é ünïcödé ✓", "[DONE]");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 7, 13})
  void decodesTheSameWhateverTheChunkBoundaries(int chunkSize) {
    byte[] all = bytes(STREAM);
    SseDecoder decoder = new SseDecoder();
    List<SseEvent> events = new ArrayList<>();
    StringBuilder raw = new StringBuilder();
    for (int i = 0; i < all.length; i += chunkSize) {
      byte[] chunk = java.util.Arrays.copyOfRange(all, i, Math.min(all.length, i + chunkSize));
      for (SseEvent e : decoder.feed(chunk)) {
        events.add(e);
        raw.append(new String(e.raw(), StandardCharsets.UTF_8));
      }
    }
    assertThat(events).extracting(SseEvent::data)
        .containsExactly("{\"a\":1}", "line one\nline two", "nospace", "é ünïcödé ✓", "[DONE]");
    assertThat(decoder.hasPartialEvent()).isFalse();
    // Raw bytes of the events, comment-only events aside, reassemble the stream exactly.
    assertThat(raw.toString()).isEqualTo(STREAM.replace(": a comment\n\n", ""));
  }

  @Test
  void acceptsCrLfAndCrLineEndings() {
    SseDecoder decoder = new SseDecoder();
    List<SseEvent> events = new ArrayList<>(decoder.feed(bytes("data: a\r\n\r")));
    events.addAll(decoder.feed(bytes("\ndata: b\r\rdata: c\n\n")));
    assertThat(events).extracting(SseEvent::data).containsExactly("a", "b", "c");
  }

  @Test
  void reportsAnEventCutShort() {
    SseDecoder decoder = new SseDecoder();
    assertThat(decoder.feed(bytes("data: {\"complete\":true}\n\ndata: {\"cut"))).hasSize(1);
    assertThat(decoder.hasPartialEvent()).isTrue();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
