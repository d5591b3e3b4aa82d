package io.switchboard.ai.provider.ollama;

import static io.switchboard.ai.provider.ollama.OllamaFixtures.context;
import static io.switchboard.ai.provider.ollama.OllamaFixtures.jsonLines;
import static io.switchboard.ai.provider.ollama.OllamaFixtures.normalized;
import static io.switchboard.ai.provider.ollama.OllamaFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.StreamTranslator;
import io.switchboard.ai.provider.spi.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

final class OllamaStreamTranslatorTest {

  @Test
  void streamsTextThenFinishThenUsage() {
    StreamTranslator stream = newStream(true);

    List<ObjectNode> chunks = run(stream, "stream-text.ollama.ndjson");
    stream.onComplete(chunks);

    assertThat(normalized(chunks)).containsExactlyElementsOf(jsonLines("stream-text.openai-chunks.jsonl"));
    assertThat(stream.finished()).isTrue();
    assertThat(stream.usage()).isEqualTo(TokenUsage.of(10, 2));
  }

  @Test
  void streamsWholeToolCallsAndFinishesWithToolCalls() {
    StreamTranslator stream = newStream(false);

    List<ObjectNode> chunks = run(stream, "stream-tool-calls.ollama.ndjson");
    stream.onComplete(chunks);

    assertThat(normalized(chunks)).containsExactlyElementsOf(jsonLines("stream-tool-calls.openai-chunks.jsonl"));
    assertThat(stream.finished()).isTrue();
    assertThat(stream.usage()).isEqualTo(TokenUsage.of(30, 9));
  }

  @Test
  void mapsLengthAndIsUnfinishedUntilDone() {
    StreamTranslator stream = newStream(false);
    List<ObjectNode> chunks = new ArrayList<>();

    stream.onEvent(null, "{\"message\": {\"role\": \"assistant\", \"content\": \"Once\"}, \"done\": false}", chunks);
    assertThat(stream.finished()).isFalse();
    stream.onEvent(null, "{\"message\": {\"content\": \"\"}, \"done\": true, \"done_reason\": \"length\"}", chunks);

    assertThat(stream.finished()).isTrue();
    assertThat(chunks.get(chunks.size() - 1).at("/choices/0/finish_reason").asString()).isEqualTo("length");
  }

  @Test
  void throwsTheUpstreamErrorMidStream() {
    StreamTranslator stream = newStream(false);

    assertThatThrownBy(() -> stream.onEvent(null, "{\"error\": \"model crashed\"}", new ArrayList<>()))
        .isInstanceOfSatisfying(AiException.class, e -> {
          assertThat(e.status()).isEqualTo(502);
          assertThat(e.type()).isEqualTo("upstream_error");
          assertThat(e.getMessage()).isEqualTo("model crashed");
        });
  }

  @Test
  void streamsThinkingAsReasoningContent() {
    StreamTranslator stream = newStream(false);
    List<ObjectNode> chunks = new ArrayList<>();

    stream.onEvent(null, "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\","
        + "\"thinking\":\"Hmm.\"},\"done\":false}", chunks);
    stream.onEvent(null, "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},"
        + "\"done\":false}", chunks);

    assertThat(chunks).extracting(c -> c.at("/choices/0/delta").toString()).containsExactly(
        "{\"role\":\"assistant\",\"content\":\"\"}", "{\"reasoning_content\":\"Hmm.\"}", "{\"content\":\"Hi\"}");
  }

  @Test
  void sendsNoUsageChunkUnlessAskedFor() {
    StreamTranslator stream = newStream(false);
    List<ObjectNode> chunks = run(stream, "stream-text.ollama.ndjson");
    int before = chunks.size();

    stream.onComplete(chunks);

    assertThat(chunks).hasSize(before).noneMatch(chunk -> chunk.has("usage"));
  }

  private static StreamTranslator newStream(boolean includeUsage) {
    return new OllamaChatTranslator().newStream(context(true, includeUsage));
  }
}
