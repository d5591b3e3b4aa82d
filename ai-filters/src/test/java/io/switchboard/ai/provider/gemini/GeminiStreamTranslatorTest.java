package io.switchboard.ai.provider.gemini;

import static io.switchboard.ai.provider.gemini.GeminiFixtures.context;
import static io.switchboard.ai.provider.gemini.GeminiFixtures.jsonLines;
import static io.switchboard.ai.provider.gemini.GeminiFixtures.normalized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.StreamTranslator;
import io.switchboard.ai.provider.spi.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

final class GeminiStreamTranslatorTest {

  @Test
  void streamsTextThenFinishThenUsage() {
    StreamTranslator stream = newStream(true);

    List<ObjectNode> chunks = run(stream, "stream-text.gemini.sse");
    stream.onComplete(chunks);

    assertThat(normalized(chunks)).containsExactlyElementsOf(jsonLines("stream-text.openai-chunks.jsonl"));
    assertThat(stream.finished()).isTrue();
    assertThat(stream.usage()).isEqualTo(new TokenUsage(5, 7, 2, 0, 4));
  }

  @Test
  void streamsFunctionCallsWholeAndFinishesWithToolCalls() {
    StreamTranslator stream = newStream(false);

    List<ObjectNode> chunks = run(stream, "stream-function-call.gemini.sse");
    stream.onComplete(chunks);

    assertThat(normalized(chunks)).containsExactlyElementsOf(jsonLines("stream-function-call.openai-chunks.jsonl"));
    assertThat(stream.finished()).isTrue();
    assertThat(stream.usage()).isEqualTo(TokenUsage.of(30, 15));
  }

  @Test
  void sendsNoUsageChunkUnlessAskedFor() {
    StreamTranslator stream = newStream(false);
    List<ObjectNode> chunks = run(stream, "stream-text.gemini.sse");
    int before = chunks.size();

    stream.onComplete(chunks);

    assertThat(chunks).hasSize(before);
    assertThat(chunks).noneMatch(chunk -> chunk.has("usage"));
  }

  @Test
  void opensWithTheRoleDeltaOnTheFirstEvent() {
    StreamTranslator stream = newStream(false);
    List<ObjectNode> chunks = new ArrayList<>();

    stream.onEvent(null, "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hi\"}]}}]}", chunks);

    assertThat(chunks).hasSize(2);
    assertThat(chunks.get(0).at("/choices/0/delta/role").asString()).isEqualTo("assistant");
    assertThat(chunks.get(0).at("/choices/0/delta/content").asString()).isEmpty();
    assertThat(chunks.get(1).at("/choices/0/delta/content").asString()).isEqualTo("Hi");
  }

  @Test
  void isNotFinishedWhenTheStreamStopsBeforeAFinishReason() {
    StreamTranslator stream = newStream(true);
    List<Sse.Event> events = Sse.parse(GeminiFixtures.text("stream-text.gemini.sse"));
    List<ObjectNode> chunks = new ArrayList<>();

    for (Sse.Event event : events.subList(0, events.size() - 1)) {
      stream.onEvent(event.event(), event.data(), chunks);
    }

    assertThat(stream.finished()).isFalse();
    assertThat(chunks).noneMatch(chunk -> chunk.at("/choices/0/finish_reason").isString());
    assertThat(stream.usage()).isEqualTo(new TokenUsage(5, 4, 0, 0, 4));
  }

  @Test
  void turnsAnErrorEventIntoAnUpstreamError() {
    StreamTranslator stream = newStream(false);
    List<ObjectNode> chunks = new ArrayList<>();
    stream.onEvent(null, "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hi\"}]}}]}", chunks);

    assertThatThrownBy(() -> stream.onEvent(null, """
        {"error": {"code": 503, "message": "The model is overloaded.", "status": "UNAVAILABLE"}}""", chunks))
        .isInstanceOfSatisfying(AiException.class, e -> {
          assertThat(e.status()).isEqualTo(502);
          assertThat(e.type()).isEqualTo("upstream_error");
          assertThat(e.code()).isEqualTo("UNAVAILABLE");
          assertThat(e.getMessage()).isEqualTo("The model is overloaded.");
        });
    assertThat(stream.finished()).isFalse();
  }

  @Test
  void usesTheNumericCodeWhenAnErrorHasNoStatus() {
    StreamTranslator stream = newStream(false);

    assertThatThrownBy(() -> stream.onEvent(null, "{\"error\": {\"code\": 500, \"message\": \"boom\"}}",
        new ArrayList<>()))
        .isInstanceOfSatisfying(AiException.class, e -> assertThat(e.code()).isEqualTo("500"));
  }

  @Test
  void endsABlockedPromptWithContentFilter() {
    StreamTranslator stream = newStream(false);
    List<ObjectNode> chunks = new ArrayList<>();

    stream.onEvent(null, "{\"promptFeedback\": {\"blockReason\": \"PROHIBITED_CONTENT\"}}", chunks);

    assertThat(chunks).hasSize(2);
    assertThat(chunks.get(1).at("/choices/0/finish_reason").asString()).isEqualTo("content_filter");
    assertThat(stream.finished()).isTrue();
  }

  @Test
  void mapsMaxTokensToLength() {
    StreamTranslator stream = newStream(false);
    List<ObjectNode> chunks = new ArrayList<>();

    stream.onEvent(null, """
        {"candidates": [{"content": {"parts": [{"text": "cut"}]}, "finishReason": "MAX_TOKENS"}]}""", chunks);

    assertThat(chunks.get(chunks.size() - 1).at("/choices/0/finish_reason").asString()).isEqualTo("length");
  }

  @Test
  void rejectsAnEventThatIsNotJson() {
    StreamTranslator stream = newStream(false);

    assertThatThrownBy(() -> stream.onEvent(null, "{oops", new ArrayList<>()))
        .isInstanceOfSatisfying(AiException.class, e -> assertThat(e.status()).isEqualTo(502));
  }

  private static StreamTranslator newStream(boolean includeUsage) {
    return new GeminiChatTranslator().newStream(context(true, includeUsage));
  }

  private static List<ObjectNode> run(StreamTranslator stream, String fixture) {
    List<ObjectNode> chunks = new ArrayList<>();
    for (Sse.Event event : Sse.parse(GeminiFixtures.text(fixture))) {
      stream.onEvent(event.event(), event.data(), chunks);
    }
    return chunks;
  }
}
