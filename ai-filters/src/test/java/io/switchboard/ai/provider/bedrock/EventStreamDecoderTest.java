package io.switchboard.ai.provider.bedrock;

import static io.switchboard.ai.provider.bedrock.EventStreamFrames.concat;
import static io.switchboard.ai.provider.bedrock.EventStreamFrames.event;
import static io.switchboard.ai.provider.bedrock.EventStreamFrames.fixture;
import static io.switchboard.ai.provider.bedrock.EventStreamFrames.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

final class EventStreamDecoderTest {

  private static final byte[] TWO = concat(event("messageStart", "{\"role\":\"assistant\"}"),
      frame(Map.of(), new byte[0]), event("contentBlockDelta", "{\"delta\":{\"text\":\"Hé\"}}"));

  /** AWS's published vectors (see the fixture's {@code _source}): successes decode, failures are rejected. */
  @Test
  void passesTheAwsSdkTestVectors() {
    JsonNode suite = Json.MAPPER.readTree(BedrockFixtures.text("aws-eventstream-vectors.json"));
    for (JsonNode vector : suite.get("vectors")) {
      byte[] encoded = HexFormat.of().parseHex(vector.get("encoded").asString());
      if (vector.get("expectation").asString().equals("failure")) {
        assertInvalid(new EventStreamDecoder(), encoded);
        continue;
      }
      EventStreamMessage message = new EventStreamDecoder().feed(encoded).get(0);
      Map<String, Object> expected = new LinkedHashMap<>();
      vector.get("headers").properties().forEach(e -> expected.put(e.getKey(),
          e.getValue().isInt() ? (Object) e.getValue().asInt() : e.getValue().asString()));
      assertThat(message.headers()).as(vector.get("name").asString()).isEqualTo(expected);
      assertThat(message.payloadAsString()).isEqualTo(vector.get("body").asString());
    }
  }

  @Test
  void decodesEveryHeaderTypeOfTheGoldenFrame() {
    List<EventStreamMessage> messages = new EventStreamDecoder().feed(fixture("all-header-types.eventstream.hex"));

    assertThat(messages).hasSize(1);
    EventStreamMessage message = messages.get(0);
    assertThat(message.headers()).containsOnlyKeys("bool-true", "bool-false", "byte", "short", "int", "long",
        "bytes", "string", "timestamp", "uuid");
    assertThat(message.headers()).containsEntry("bool-true", true).containsEntry("bool-false", false)
        .containsEntry("byte", (byte) -49).containsEntry("short", (short) -1234).containsEntry("int", 123456789)
        .containsEntry("long", -1234567890123L).containsEntry("string", "héllo")
        .containsEntry("timestamp", Instant.ofEpochMilli(1700000000123L))
        .containsEntry("uuid", UUID.fromString("0d2c2f9a-3b53-4a87-9f0e-1c5d7b1e2a3f"));
    assertThat((byte[]) message.headers().get("bytes")).containsExactly(0, 1, 0xfe, 0xff);
    assertThat(message.payloadAsString()).isEqualTo("payload bytes");
    assertThat(message.eventType()).isNull();
  }

  @Test
  void decodesTheGoldenConverseStreamWithItsHelpers() {
    EventStreamDecoder decoder = new EventStreamDecoder();

    List<EventStreamMessage> messages = decoder.feed(fixture("stream-text.eventstream.hex"));

    assertThat(messages).extracting(EventStreamMessage::eventType).containsExactly("messageStart",
        "contentBlockDelta", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata");
    assertThat(messages).allSatisfy(m -> {
      assertThat(m.messageType()).isEqualTo("event");
      assertThat(m.isException()).isFalse();
      assertThat(m.stringHeader(":content-type")).isEqualTo("application/json");
    });
    assertThat(messages.get(2).payloadAsString()).contains("\", w\\u00f6rld!\"");
    assertThat(decoder.hasPartial()).isFalse();
  }

  @Test
  void exposesTheExceptionType() {
    List<EventStreamMessage> messages = new EventStreamDecoder().feed(fixture("stream-exception.eventstream.hex"));

    assertThat(messages.get(1).isException()).isTrue();
    assertThat(messages.get(1).exceptionType()).isEqualTo("throttlingException");
    assertThat(messages.get(1).eventType()).isNull();
  }

  @Test
  void decodesTheSameMessagesWhateverTheSplitPoint() {
    List<String> whole = describe(new EventStreamDecoder().feed(TWO));
    assertThat(whole).hasSize(3);

    for (int cut = 0; cut <= TWO.length; cut++) {
      EventStreamDecoder decoder = new EventStreamDecoder();
      List<EventStreamMessage> messages = new ArrayList<>(decoder.feed(Arrays.copyOfRange(TWO, 0, cut)));
      messages.addAll(decoder.feed(Arrays.copyOfRange(TWO, cut, TWO.length)));
      assertThat(describe(messages)).as("cut at %d", cut).isEqualTo(whole);
      assertThat(decoder.hasPartial()).isFalse();
    }
  }

  @Test
  void decodesByteByByte() {
    byte[] golden = fixture("stream-tool-calls.eventstream.hex");
    EventStreamDecoder decoder = new EventStreamDecoder();
    List<EventStreamMessage> messages = new ArrayList<>();
    for (byte b : golden) {
      messages.addAll(decoder.feed(new byte[] {b}));
    }
    assertThat(describe(messages)).isEqualTo(describe(new EventStreamDecoder().feed(golden)));
    assertThat(messages).hasSize(9);
  }

  @Test
  void reportsATruncatedFrameAsPartial() {
    EventStreamDecoder decoder = new EventStreamDecoder();

    assertThat(decoder.feed(Arrays.copyOf(TWO, TWO.length - 1))).hasSize(2);
    assertThat(decoder.hasPartial()).isTrue();
    assertThat(decoder.feed(new byte[] {TWO[TWO.length - 1]})).hasSize(1);
    assertThat(decoder.hasPartial()).isFalse();
  }

  @Test
  void rejectsACorruptPreludeCrcBeforeThePayloadArrives() {
    byte[] bad = event("messageStart", "{}");
    bad[9] ^= 0x01;

    assertInvalid(new EventStreamDecoder(), Arrays.copyOf(bad, 12));
  }

  @Test
  void rejectsACorruptMessageCrcAndAnyCorruptPayloadByte() {
    byte[] bad = event("messageStart", "{}");
    bad[bad.length - 1] ^= 0x01;
    assertInvalid(new EventStreamDecoder(), bad);

    byte[] flipped = event("messageStart", "{}");
    flipped[flipped.length - 6] ^= 0x20;
    assertInvalid(new EventStreamDecoder(), flipped);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 15, EventStreamDecoder.MAX_MESSAGE_LENGTH + 1, -1})
  void rejectsOutOfBoundsTotalLengths(int total) {
    assertInvalid(new EventStreamDecoder(), prelude(total, 0));
  }

  @Test
  void rejectsHeadersThatDoNotFitTheMessage() {
    assertInvalid(new EventStreamDecoder(), prelude(100, 85));
    assertInvalid(new EventStreamDecoder(), prelude(EventStreamDecoder.MAX_MESSAGE_LENGTH,
        EventStreamDecoder.MAX_HEADERS_LENGTH + 1));
  }

  @Test
  void rejectsMalformedHeaders() {
    byte[] unknownType = {3, 'a', 'b', 'c', 10};
    assertInvalid(new EventStreamDecoder(), frame(unknownType, new byte[0]));

    byte[] overlongString = {1, 'a', 7, 0, 9, 'x'};
    assertInvalid(new EventStreamDecoder(), frame(overlongString, new byte[0]));

    byte[] emptyName = {0, 0};
    assertInvalid(new EventStreamDecoder(), frame(emptyName, new byte[0]));
  }

  @Test
  void staysFailedAfterAFault() {
    EventStreamDecoder decoder = new EventStreamDecoder();
    byte[] bad = event("messageStart", "{}");
    bad[bad.length - 1] ^= 0x01;
    assertInvalid(decoder, bad);

    assertInvalid(decoder, event("messageStart", "{}"));
  }

  @Test
  void acceptsAMessageWithNoHeadersAndNoPayload() {
    List<EventStreamMessage> messages = new EventStreamDecoder().feed(frame(new byte[0], new byte[0]));

    assertThat(messages).singleElement().satisfies(m -> {
      assertThat(m.headers()).isEmpty();
      assertThat(m.payload()).isEmpty();
    });
  }

  private static byte[] prelude(int total, int headersLength) {
    ByteBuffer out = ByteBuffer.allocate(12).putInt(total).putInt(headersLength);
    out.putInt((int) EventStreamFrames.crc(out.array(), 0, 8));
    return out.array();
  }

  private static void assertInvalid(EventStreamDecoder decoder, byte[] bytes) {
    assertThatThrownBy(() -> decoder.feed(bytes)).isInstanceOfSatisfying(AiException.class, e -> {
      assertThat(e.status()).isEqualTo(502);
      assertThat(e.type()).isEqualTo("upstream_error");
      assertThat(e.code()).isEqualTo("upstream_invalid_response");
    });
  }

  private static List<String> describe(List<EventStreamMessage> messages) {
    return messages.stream().map(m -> m.headers() + "|" + new String(m.payload(), StandardCharsets.UTF_8)).toList();
  }
}
