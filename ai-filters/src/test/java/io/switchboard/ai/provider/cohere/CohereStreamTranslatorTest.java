package io.switchboard.ai.provider.cohere;

import static io.switchboard.ai.provider.cohere.CohereFixtures.context;
import static io.switchboard.ai.provider.cohere.CohereFixtures.jsonLines;
import static io.switchboard.ai.provider.cohere.CohereFixtures.normalized;
import static io.switchboard.ai.provider.cohere.CohereFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.StreamTranslator;
import io.switchboard.ai.provider.spi.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

final class CohereStreamTranslatorTest {

  @Test
  void streamsTextThenFinishThenUsage() {
    StreamTranslator stream = newStream(true);

    List<ObjectNode> chunks = run(stream, "stream-text.cohere.sse");
    stream.onComplete(chunks);

    assertThat(normalized(chunks)).containsExactlyElementsOf(jsonLines("stream-text.openai-chunks.jsonl"));
    assertThat(stream.finished()).isTrue();
    assertThat(stream.usage()).isEqualTo(TokenUsage.of(71, 3));
  }

  @Test
  void streamsToolCallsPieceByPieceAndFinishesWithToolCalls() {
    StreamTranslator stream = newStream(false);

    List<ObjectNode> chunks = run(stream, "stream-tool-calls.cohere.sse");
    stream.onComplete(chunks);

    assertThat(normalized(chunks)).containsExactlyElementsOf(jsonLines("stream-tool-calls.openai-chunks.jsonl"));
    assertThat(stream.finished()).isTrue();
    assertThat(stream.usage()).isEqualTo(TokenUsage.of(1200, 60));
  }

  @Test
  void sendsNoUsageChunkUnlessAskedFor() {
    StreamTranslator stream = newStream(false);
    List<ObjectNode> chunks = run(stream, "stream-text.cohere.sse");
    int before = chunks.size();

    stream.onComplete(chunks);

    assertThat(chunks).hasSize(before).noneMatch(chunk -> chunk.has("usage"));
  }

  @Test
  void readsTheEventTypeFromTheSseEventNameWhenTheDataHasNone() {
    StreamTranslator stream = newStream(false);
    List<ObjectNode> chunks = new ArrayList<>();

    stream.onEvent("content-delta", "{\"delta\": {\"message\": {\"content\": {\"text\": \"Hi\"}}}}", chunks);

    assertThat(chunks).hasSize(2);
    assertThat(chunks.get(0).at("/choices/0/delta/role").asString()).isEqualTo("assistant");
    assertThat(chunks.get(1).at("/choices/0/delta/content").asString()).isEqualTo("Hi");
  }

  @Test
  void streamsThinkingContentAsReasoningContent() {
    StreamTranslator stream = newStream(false);
    List<ObjectNode> chunks = new ArrayList<>();

    stream.onEvent(null, """
        {"type": "content-start", "index": 0, "delta": {"message": {"content": {"type": "thinking", "thinking": ""}}}}""",
        chunks);
    stream.onEvent(null, """
        {"type": "content-delta", "index": 0, "delta": {"message": {"content": {"thinking": "Hmm."}}}}""", chunks);

    assertThat(chunks).hasSize(2);
    assertThat(chunks.get(0).at("/choices/0/delta/role").asString()).isEqualTo("assistant");
    assertThat(chunks.get(1).at("/choices/0/delta").toString()).isEqualTo("{\"reasoning_content\":\"Hmm.\"}");
  }

  @Test
  void isNotFinishedWhenTheStreamStopsBeforeMessageEnd() {
    StreamTranslator stream = newStream(true);
    List<CohereFixtures.Event> events = CohereFixtures.events("stream-text.cohere.sse");
    List<ObjectNode> chunks = new ArrayList<>();

    for (CohereFixtures.Event event : events.subList(0, events.size() - 1)) {
      stream.onEvent(event.event(), event.data(), chunks);
    }

    assertThat(stream.finished()).isFalse();
    assertThat(chunks).noneMatch(chunk -> chunk.at("/choices/0/finish_reason").isString());
    assertThat(stream.usage()).isEqualTo(TokenUsage.NONE);
  }

  @Test
  void throwsTheErrorOfAMessageEnd() {
    StreamTranslator stream = newStream(false);
    List<ObjectNode> chunks = new ArrayList<>();

    assertThatThrownBy(() -> {
      for (CohereFixtures.Event event : CohereFixtures.events("stream-error.cohere.sse")) {
        stream.onEvent(event.event(), event.data(), chunks);
      }
    }).isInstanceOfSatisfying(AiException.class, e -> {
      assertThat(e.status()).isEqualTo(502);
      assertThat(e.type()).isEqualTo("upstream_error");
      assertThat(e.code()).isEqualTo("ERROR");
      assertThat(e.getMessage()).startsWith("internal server error");
    });
    assertThat(chunks).hasSize(2);
    assertThat(stream.finished()).isFalse();
  }

  @Test
  void endsWithStopOnAnErrorFinishWithoutMessage() {
    StreamTranslator stream = newStream(false);
    List<ObjectNode> chunks = new ArrayList<>();

    stream.onEvent("message-end", "{\"type\": \"message-end\", \"delta\": {\"finish_reason\": \"ERROR\"}}", chunks);

    assertThat(chunks.get(chunks.size() - 1).at("/choices/0/finish_reason").asString()).isEqualTo("stop");
    assertThat(stream.finished()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\": \"error\", \"message\": \"The model is overloaded.\"}",
      "{\"message\": \"The model is overloaded.\"}",
      "{\"type\": \"error\", \"error\": {\"message\": \"The model is overloaded.\"}}"})
  void turnsAnErrorPayloadIntoAnUpstreamError(String payload) {
    StreamTranslator stream = newStream(false);

    assertThatThrownBy(() -> stream.onEvent(null, payload, new ArrayList<>()))
        .isInstanceOfSatisfying(AiException.class, e -> {
          assertThat(e.status()).isEqualTo(502);
          assertThat(e.type()).isEqualTo("upstream_error");
          assertThat(e.getMessage()).isEqualTo("The model is overloaded.");
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"{oops", "[1, 2]", "\"text\""})
  void rejectsAnEventThatIsNotAJsonObject(String data) {
    StreamTranslator stream = newStream(false);

    assertThatThrownBy(() -> stream.onEvent(null, data, new ArrayList<>()))
        .isInstanceOfSatisfying(AiException.class, e -> assertThat(e.status()).isEqualTo(502));
  }

  @Test
  void ignoresBlankDataAndUnknownEvents() {
    StreamTranslator stream = newStream(false);
    List<ObjectNode> chunks = new ArrayList<>();

    stream.onEvent(null, "  ", chunks);
    assertThat(chunks).isEmpty();
    stream.onEvent("debug", "{\"type\": \"debug\", \"prompt\": \"...\"}", chunks);
    stream.onEvent(null, "{\"type\": \"something-new\"}", chunks);

    assertThat(chunks).hasSize(1);
    assertThat(stream.finished()).isFalse();
  }

  @Test
  void givesArgumentsWithoutAnIndexToTheLatestToolCall() {
    StreamTranslator stream = newStream(false);
    List<ObjectNode> chunks = new ArrayList<>();

    stream.onEvent(null, "{\"type\": \"tool-call-delta\", \"delta\": {\"message\": {\"tool_calls\": "
        + "{\"function\": {\"arguments\": \"{}\"}}}}}", chunks);
    assertThat(chunks).hasSize(1);
    stream.onEvent(null, "{\"type\": \"tool-call-start\", \"delta\": {\"message\": {\"tool_calls\": "
        + "{\"id\": \"c1\", \"type\": \"function\", \"function\": {\"name\": \"f\"}}}}}", chunks);
    stream.onEvent(null, "{\"type\": \"tool-call-delta\", \"delta\": {\"message\": {\"tool_calls\": "
        + "{\"function\": {\"arguments\": \"{}\"}}}}}", chunks);

    assertThat(chunks).hasSize(3);
    assertThat(chunks.get(1).at("/choices/0/delta/tool_calls/0/function/arguments").asString()).isEmpty();
    assertThat(chunks.get(2).at("/choices/0/delta/tool_calls/0/index").asInt()).isZero();
    assertThat(chunks.get(2).at("/choices/0/delta/tool_calls/0/function/arguments").asString()).isEqualTo("{}");
  }

  private static StreamTranslator newStream(boolean includeUsage) {
    return new CohereChatTranslator().newStream(context(true, includeUsage));
  }
}
