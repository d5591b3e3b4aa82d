package io.switchboard.ai.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import io.switchboard.ai.request.Dialect;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class AnswerCodecTest {

  static final ObjectNode COMPLETION = (ObjectNode) Json.MAPPER.readTree("{\"id\":\"chatcmpl-x\",\"object\":"
      + "\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
      + "\"assistant\",\"content\":\"Paris is the capital of France. " + "It has been for a long time. ".repeat(4)
      + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":20,"
      + "\"total_tokens\":30}}");

  static final ObjectNode TOOL_CALL = (ObjectNode) Json.MAPPER.readTree("{\"id\":\"chatcmpl-y\",\"object\":"
      + "\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
      + "\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":"
      + "{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}],"
      + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}");

  static byte[] join(List<byte[]> events) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    events.forEach(out::writeBytes);
    return out.toByteArray();
  }

  static String text(ObjectNode completion) {
    return completion.path("choices").path(0).path("message").path("content").asString();
  }

  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = {"OPENAI", "ANTHROPIC", "GEMINI"})
  void aReplayedStreamReadsBackToTheSameAnswer(Dialect dialect) {
    byte[] sse = join(AnswerCodec.toClientStream(COMPLETION, dialect, "m", "chatcmpl-abc", 5, true));
    ObjectNode back = AnswerCodec.fromClientStream(dialect, "m", sse);
    assertThat(back).as(new String(sse, StandardCharsets.UTF_8)).isNotNull();
    assertThat(text(back)).isEqualTo(text(COMPLETION));
    assertThat(back.path("choices").path(0).path("finish_reason").asString()).isEqualTo("stop");
  }

  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = {"OPENAI", "ANTHROPIC", "GEMINI"})
  void toolCallsSurviveBothWays(Dialect dialect) {
    byte[] sse = join(AnswerCodec.toClientStream(TOOL_CALL, dialect, "m", "chatcmpl-abc", 5, true));
    ObjectNode back = AnswerCodec.fromClientStream(dialect, "m", sse);
    assertThat(back).as(new String(sse, StandardCharsets.UTF_8)).isNotNull();
    var call = back.path("choices").path(0).path("message").path("tool_calls").path(0);
    assertThat(call.path("function").path("name").asString()).isEqualTo("weather");
    assertThat(Json.MAPPER.readTree(call.path("function").path("arguments").asString()).path("city").asString())
        .isEqualTo("Paris");
    ObjectNode json = AnswerCodec.fromClientJson(dialect, "m",
        AnswerCodec.toClientJson(TOOL_CALL, dialect, "m", "chatcmpl-abc", 5));
    assertThat(json.path("choices").path(0).path("message").path("tool_calls").path(0).path("function")
        .path("name").asString()).isEqualTo("weather");
  }

  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = {"OPENAI", "ANTHROPIC", "GEMINI"})
  void aReplayedJsonAnswerReadsBackToTheSameAnswer(Dialect dialect) {
    byte[] json = AnswerCodec.toClientJson(COMPLETION, dialect, "m", "chatcmpl-abc", 5);
    ObjectNode back = AnswerCodec.fromClientJson(dialect, "m", json);
    assertThat(back).isNotNull();
    assertThat(text(back)).isEqualTo(text(COMPLETION));
  }

  @Test
  void openAiStreamsKeepTheirShape() {
    String sse = new String(join(AnswerCodec.toClientStream(COMPLETION, Dialect.OPENAI, "m", "chatcmpl-abc", 5,
        false)), StandardCharsets.UTF_8);
    assertThat(sse).startsWith("data: {").endsWith("data: [DONE]\n\n").contains("\"role\":\"assistant\"")
        .doesNotContain("\"usage\"");
    assertThat(new String(join(AnswerCodec.toClientStream(COMPLETION, Dialect.OPENAI, "m", "chatcmpl-abc", 5,
        true)), StandardCharsets.UTF_8)).contains("\"usage\"");
  }

  @Test
  void responsesClientsGetTheirOwnEvents() {
    String sse = new String(join(AnswerCodec.toClientStream(COMPLETION, Dialect.RESPONSES, "m", "chatcmpl-abc", 5,
        false)), StandardCharsets.UTF_8);
    assertThat(sse).contains("event: response.created").contains("event: response.completed")
        .contains("resp_abc");
    assertThat(AnswerCodec.capturable(Dialect.RESPONSES)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = {"OPENAI", "ANTHROPIC", "GEMINI"})
  void cutStreamsAreNotAnswers(Dialect dialect) {
    List<byte[]> events = AnswerCodec.toClientStream(COMPLETION, dialect, "m", "chatcmpl-abc", 5, true);
    // Everything but the end: no terminator, no finish.
    byte[] cut = join(events.subList(0, 3));
    assertThat(AnswerCodec.fromClientStream(dialect, "m", cut)).isNull();
  }

  @Test
  void streamsEndingInAnErrorEventAreNotAnswers() {
    List<byte[]> events = AnswerCodec.toClientStream(COMPLETION, Dialect.OPENAI, "m", "chatcmpl-abc", 5, true);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    events.subList(0, 3).forEach(out::writeBytes);
    out.writeBytes("data: {\"error\":{\"message\":\"upstream reset\",\"type\":\"upstream_error\"}}\n\n"
        .getBytes(StandardCharsets.UTF_8));
    assertThat(AnswerCodec.fromClientStream(Dialect.OPENAI, "m", out.toByteArray())).isNull();
    String anthropicError = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
        + "\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"m\",\"usage\":{\"input_tokens\":1,"
        + "\"output_tokens\":0}}}\n\nevent: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
        + "\"message\":\"x\"}}\n\n";
    assertThat(AnswerCodec.fromClientStream(Dialect.ANTHROPIC, "m", anthropicError.getBytes(StandardCharsets.UTF_8)))
        .isNull();
  }

  @Test
  void entriesSerializeCompressedWhenLarge() {
    CachedAnswer answer = new CachedAnswer(COMPLETION, 10, 20, new java.math.BigDecimal("0.0012"), "m", 7, "s", "p",
        new float[] {0.6f, 0.8f});
    byte[] small = answer.toBytes(1 << 20);
    byte[] compressed = answer.toBytes(16);
    assertThat(small[0]).isEqualTo((byte) '{');
    assertThat(compressed[0]).isEqualTo((byte) 0x1f);
    for (byte[] bytes : List.of(small, compressed)) {
      CachedAnswer back = CachedAnswer.fromBytes(bytes);
      assertThat(back.completion()).isEqualTo(COMPLETION);
      assertThat(back.costUsd()).isEqualByComparingTo("0.0012");
      assertThat(back.vector()).containsExactly(0.6f, 0.8f);
    }
  }
}
