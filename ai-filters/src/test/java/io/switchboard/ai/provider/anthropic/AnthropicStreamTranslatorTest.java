package io.switchboard.ai.provider.anthropic;

import static io.switchboard.ai.provider.anthropic.AnthropicFixtures.context;
import static io.switchboard.ai.provider.anthropic.AnthropicFixtures.jsonLines;
import static io.switchboard.ai.provider.anthropic.AnthropicFixtures.sse;
import static io.switchboard.ai.provider.anthropic.AnthropicFixtures.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.anthropic.AnthropicFixtures.Event;
import io.switchboard.ai.provider.spi.StreamTranslator;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.provider.spi.TranslationContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

final class AnthropicStreamTranslatorTest {

  private final AnthropicChatTranslator translator = new AnthropicChatTranslator();

  @Test
  void translatesTextStreamWithThinkingAsReasoningContent() {
    StreamTranslator stream = translator.newStream(context(true, false));
    List<ObjectNode> chunks = run(stream, sse("stream-text.anthropic.sse"), true);
    assertThat(wire(chunks)).containsExactlyElementsOf(jsonLines("stream-text.openai-chunks.jsonl"));
    assertThat(stream.finished()).isTrue();
    assertThat(stream.usage()).isEqualTo(TokenUsage.of(25, 15));
  }

  @Test
  void translatesTwoToolCallsWithOpenAiIndexes() {
    StreamTranslator stream = translator.newStream(context(true, true));
    List<ObjectNode> chunks = run(stream, sse("stream-tools.anthropic.sse"), true);
    assertThat(wire(chunks)).containsExactlyElementsOf(jsonLines("stream-tools.openai-chunks.jsonl"));
    // Anthropic numbers the blocks 1 and 2 (block 0 is text); OpenAI numbers the tool calls 0 and 1.
    assertThat(chunks).filteredOn(c -> c.path("choices").path(0).path("delta").has("tool_calls"))
        .extracting(c -> c.get("choices").get(0).get("delta").get("tool_calls").get(0).get("index").asInt())
        .containsExactly(0, 0, 0, 1, 1, 1);
    assertThat(stream.usage()).isEqualTo(new TokenUsage(1496, 89, 1024, 0, 0));
  }

  @Test
  void streamsTheJsonAnswerAsContent() {
    StreamTranslator stream = translator.newStream(context(true, false));
    List<ObjectNode> chunks = run(stream, sse("stream-json.anthropic.sse"), true);
    assertThat(wire(chunks)).containsExactlyElementsOf(jsonLines("stream-json.openai-chunks.jsonl"));
  }

  @Test
  void usesTheDataTypeWhenTheEventHasNoName() {
    List<Event> unnamed = sse("stream-tools.anthropic.sse").stream().map(e -> new Event(null, e.data())).toList();
    StreamTranslator stream = translator.newStream(context(true, true));
    assertThat(wire(run(stream, unnamed, true)))
        .containsExactlyElementsOf(jsonLines("stream-tools.openai-chunks.jsonl"));
    assertThat(stream.finished()).isTrue();
  }

  @Test
  void emitsTheUsageChunkOnlyWhenAskedFor() {
    List<ObjectNode> without = run(translator.newStream(context(true, false)), sse("stream-tools.anthropic.sse"), true);
    assertThat(without).noneMatch(c -> c.has("usage"));
    assertThat(without.get(without.size() - 1).get("choices")).hasSize(1);

    List<ObjectNode> with = run(translator.newStream(context(true, true)), sse("stream-tools.anthropic.sse"), true);
    assertThat(with).hasSize(without.size() + 1);
    ObjectNode last = with.get(with.size() - 1);
    assertThat(last.get("choices")).isEmpty();
    assertThat(last.get("usage").get("prompt_tokens").asLong()).isEqualTo(1496);
    assertThat(last.get("usage").get("prompt_tokens_details").get("cached_tokens").asLong()).isEqualTo(1024);
  }

  @Test
  void aStreamCutShortIsNotFinished() {
    List<Event> events = sse("stream-text.anthropic.sse");
    StreamTranslator stream = translator.newStream(context(true, false));
    List<ObjectNode> chunks = run(stream, events.subList(0, events.size() - 3), false);
    assertThat(stream.finished()).isFalse();
    assertThat(chunks).allMatch(c -> c.get("choices").get(0).get("finish_reason").isNull());
    assertThat(stream.usage()).isEqualTo(TokenUsage.of(25, 1));
  }

  @Test
  void aStreamWithoutMessageStopIsNotFinished() {
    List<Event> events = sse("stream-text.anthropic.sse");
    StreamTranslator stream = translator.newStream(context(true, false));
    run(stream, events.subList(0, events.size() - 1), false);
    assertThat(stream.finished()).isFalse();
  }

  @Test
  void throwsTheErrorAnthropicReportsMidStream() {
    StreamTranslator stream = translator.newStream(context(true, true));
    List<ObjectNode> out = new ArrayList<>();
    Event start = sse("stream-text.anthropic.sse").get(0);
    stream.onEvent(start.event(), start.data(), out);
    assertThatThrownBy(() -> stream.onEvent("error",
        "{\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}", out))
        .isInstanceOfSatisfying(AiException.class, e -> {
          assertThat(e.status()).isEqualTo(502);
          assertThat(e.type()).isEqualTo("upstream_error");
          assertThat(e.code()).isEqualTo("overloaded_error");
          assertThat(e.param()).isNull();
          assertThat(e.getMessage()).isEqualTo("Overloaded");
        });
    assertThat(stream.finished()).isFalse();
  }

  @Test
  void ignoresUnknownEvents() {
    StreamTranslator stream = translator.newStream(context(true, false));
    List<ObjectNode> out = new ArrayList<>();
    stream.onEvent("future_event", "{\"type\": \"future_event\", \"x\": 1}", out);
    stream.onEvent(null, "{\"type\": \"ping\"}", out);
    assertThat(out).isEmpty();
  }

  @Test
  void refusesAnUnreadableEvent() {
    StreamTranslator stream = translator.newStream(context(true, false));
    assertThatThrownBy(() -> stream.onEvent("message_start", "{\"type\": ", new ArrayList<>()))
        .isInstanceOfSatisfying(AiException.class, e -> assertThat(e.status()).isEqualTo(502));
  }

  @Test
  void chunksCarryTheClientsModelAndResponseId() {
    TranslationContext context = context(true, false);
    List<ObjectNode> chunks = run(translator.newStream(context), sse("stream-text.anthropic.sse"), true);
    assertThat(chunks).allSatisfy(c -> {
      assertThat(c.get("id").asString()).isEqualTo(context.responseId());
      assertThat(c.get("model").asString()).isEqualTo(context.clientModel());
      assertThat(c.get("created").asLong()).isEqualTo(context.created());
    });
  }

  /** Feeds the events one by one, as the routing engine does, and {@code onComplete} when the stream ended. */
  private static List<ObjectNode> run(StreamTranslator stream, List<Event> events, boolean complete) {
    List<ObjectNode> out = new ArrayList<>();
    for (Event event : events) {
      stream.onEvent(event.event(), event.data(), out);
    }
    if (complete) {
      stream.onComplete(out);
    }
    return out;
  }
}
