package io.switchboard.ai.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.error.AiException;
import io.switchboard.ai.request.Dialect;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The OpenAI fast path forwards events unparsed, but never lets a broken stream look whole. */
final class OpenAiPassthroughCodecTest {

  private static SseEvent event(String data) {
    return new SseEvent(null, data, ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
  }

  private static final String CHUNK = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
      + "\"delta\":{\"content\":\"Hi\"}}]}";

  @Test
  void aMalformedFirstEventFailsBeforeAnythingIsForwarded() {
    OpenAiPassthroughCodec codec = new OpenAiPassthroughCodec(false, UsageCost.forClient(Dialect.OPENAI, null));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThatThrownBy(() -> codec.onEvent(event("{this is not json"), out)).isInstanceOf(AiException.class)
        .hasMessageContaining("not JSON");
    assertThat(out.size()).isZero();
  }

  @Test
  void aLaterEventThatCannotBeAnObjectBreaksTheStream() {
    OpenAiPassthroughCodec codec = new OpenAiPassthroughCodec(false, UsageCost.forClient(Dialect.OPENAI, null));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    codec.onEvent(event(CHUNK), out);
    codec.onEvent(event(" " + CHUNK + " "), out);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"Hi\"");
    int forwarded = out.size();
    assertThatThrownBy(() -> codec.onEvent(event("{\"id\":\"c\",\"choices\":[{\"delta\":{\"content\":\"tr"), out))
        .isInstanceOf(AiException.class).extracting(e -> ((AiException) e).code())
        .isEqualTo("upstream_invalid_response");
    assertThatThrownBy(() -> codec.onEvent(event("garbage"), out)).isInstanceOf(AiException.class);
    assertThat(out.size()).as("nothing of the broken events is forwarded").isEqualTo(forwarded);
    assertThat(codec.finished()).isFalse();
  }

  @Test
  void theShapeCheckNeedsBothBraces() {
    assertThat(OpenAiPassthroughCodec.looksLikeAnObject("{}")).isTrue();
    assertThat(OpenAiPassthroughCodec.looksLikeAnObject(" {\"a\":1}\r")).isTrue();
    assertThat(OpenAiPassthroughCodec.looksLikeAnObject("{")).isFalse();
    assertThat(OpenAiPassthroughCodec.looksLikeAnObject("}")).isFalse();
    assertThat(OpenAiPassthroughCodec.looksLikeAnObject("[1]")).isFalse();
    assertThat(OpenAiPassthroughCodec.looksLikeAnObject("   ")).isFalse();
  }
}
