package io.switchboard.ai.provider.bedrock;

import static io.switchboard.ai.provider.bedrock.BedrockFixtures.context;
import static io.switchboard.ai.provider.bedrock.BedrockFixtures.jsonLines;
import static io.switchboard.ai.provider.bedrock.BedrockFixtures.normalized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

final class BedrockStreamTranslatorTest {

  private static List<ObjectNode> run(BedrockStreamTranslator stream, String fixture) {
    List<ObjectNode> chunks = new ArrayList<>();
    for (EventStreamMessage message : new EventStreamDecoder().feed(EventStreamFrames.fixture(fixture))) {
      stream.onMessage(message, chunks);
    }
    return chunks;
  }

  @Test
  void streamsTextThenFinishThenUsage() {
    BedrockStreamTranslator stream = new BedrockConverseTranslator().newStream(context(true, true));

    List<ObjectNode> chunks = run(stream, "stream-text.eventstream.hex");
    stream.onComplete(chunks);

    assertThat(normalized(chunks)).containsExactlyElementsOf(jsonLines("stream-text.openai-chunks.jsonl"));
    assertThat(stream.finished()).isTrue();
    assertThat(stream.usage()).isEqualTo(TokenUsage.of(21, 4));
  }

  @Test
  void streamsToolCallsPieceByPiece() {
    BedrockStreamTranslator stream = new BedrockConverseTranslator().newStream(context(true, false));

    List<ObjectNode> chunks = run(stream, "stream-tool-calls.eventstream.hex");
    stream.onComplete(chunks);

    assertThat(normalized(chunks)).containsExactlyElementsOf(jsonLines("stream-tool-calls.openai-chunks.jsonl"));
    assertThat(stream.usage()).isEqualTo(new TokenUsage(400, 40, 100, 0, 0));
  }

  @Test
  void streamsTheJsonAnswerToolAsContent() {
    BedrockStreamTranslator stream = new BedrockConverseTranslator().newStream(context(true, false));
    List<ObjectNode> chunks = new ArrayList<>();

    stream.onEvent("contentBlockStart",
        "{\"contentBlockIndex\":0,\"start\":{\"toolUse\":{\"name\":\"json_response\",\"toolUseId\":\"t\"}}}", chunks);
    stream.onEvent("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"toolUse\":{\"input\":\"{}\"}}}",
        chunks);
    stream.onEvent("messageStop", "{\"stopReason\":\"tool_use\"}", chunks);

    assertThat(chunks).extracting(c -> c.get("choices").get(0).toString()).containsExactly(
        "{\"index\":0,\"delta\":{\"content\":\"{}\"},\"finish_reason\":null,\"logprobs\":null}",
        "{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\",\"logprobs\":null}");
  }

  @Test
  void streamsReasoningTextAsReasoningContentAndDropsItsSignature() {
    BedrockStreamTranslator stream = new BedrockConverseTranslator().newStream(context(true, false));
    List<ObjectNode> chunks = new ArrayList<>();

    stream.onEvent("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":"
        + "{\"text\":\"Six times seven.\"}}}", chunks);
    stream.onEvent("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":"
        + "{\"signature\":\"EqQBsig\"}}}", chunks);
    stream.onEvent("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"text\":\"42\"}}", chunks);

    assertThat(chunks).extracting(c -> c.get("choices").get(0).get("delta").toString()).containsExactly(
        "{\"reasoning_content\":\"Six times seven.\"}", "{\"content\":\"42\"}");
  }

  @Test
  void throwsExceptionMessagesWithTheirType() {
    BedrockStreamTranslator stream = new BedrockConverseTranslator().newStream(context(true, false));

    assertThatThrownBy(() -> run(stream, "stream-exception.eventstream.hex"))
        .isInstanceOfSatisfying(AiException.class, e -> {
          assertThat(e.status()).isEqualTo(502);
          assertThat(e.code()).isEqualTo("throttlingException");
          assertThat(e.getMessage()).isEqualTo("Too many requests, please wait before trying again.");
        });
    assertThat(stream.finished()).isFalse();
  }

  @Test
  void throwsAnExceptionPassedAsAnEventName() {
    BedrockStreamTranslator stream = new BedrockConverseTranslator().newStream(context(true, false));

    assertThatThrownBy(() -> stream.onEvent("modelStreamErrorException", "not json", new ArrayList<>()))
        .isInstanceOfSatisfying(AiException.class, e -> assertThat(e.code()).isEqualTo("modelStreamErrorException"));
  }
}
