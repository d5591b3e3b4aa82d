package io.switchboard.ai.provider.anthropic;

import static io.switchboard.ai.provider.anthropic.AnthropicFixtures.parse;
import static io.switchboard.ai.provider.anthropic.AnthropicInboundFixtures.context;
import static io.switchboard.ai.provider.anthropic.AnthropicInboundFixtures.jsonLines;
import static io.switchboard.ai.provider.anthropic.AnthropicInboundFixtures.lines;
import static io.switchboard.ai.provider.anthropic.AnthropicInboundFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.InboundStream;
import io.switchboard.ai.provider.spi.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

final class AnthropicInboundStreamTest {

  private final AnthropicInboundTranslator translator = new AnthropicInboundTranslator();

  @ParameterizedTest
  @ValueSource(strings = {"stream-text", "stream-tools", "stream-usage", "stream-empty", "stream-error"})
  void translatesGoldenStreams(String name) {
    List<StreamEvent> events = run(translator.newStream(context(true)), jsonLines(name + ".canonical.jsonl"));

    assertThat(lines(events)).containsExactlyElementsOf(jsonLines(name + ".anthropic.jsonl"));
    assertThat(events).allSatisfy(e -> assertThat(e.event()).isEqualTo(e.data().get("type").asString()));
  }

  @Test
  void numbersBlocksFromZeroAndClosesEachBeforeTheNext() {
    List<StreamEvent> events = run(translator.newStream(context(true)), jsonLines("stream-tools.canonical.jsonl"));
    List<String> shape = new ArrayList<>();
    for (StreamEvent event : events) {
      JsonNode index = event.data().get("index");
      shape.add(event.event() + (index == null ? "" : ":" + index.asInt()));
    }
    assertThat(shape).containsExactly("message_start", "ping",
        "content_block_start:0", "content_block_delta:0", "content_block_stop:0",
        "content_block_start:1", "content_block_delta:1", "content_block_delta:1", "content_block_stop:1",
        "content_block_start:2", "content_block_delta:2", "content_block_stop:2",
        "message_delta", "message_stop");
  }

  @Test
  void aWholeToolCallInOneChunkIsOneBlockWithOneDelta() {
    List<StreamEvent> events = runInline("""
        {"choices": [{"index": 0, "delta": {"tool_calls": [
          {"index": 0, "id": "c1", "type": "function", "function": {"name": "a", "arguments": "{\\"x\\":1}"}},
          {"index": 1, "id": "c2", "type": "function", "function": {"name": "b", "arguments": "{}"}}]},
          "finish_reason": "stop"}]}""");
    assertThat(events).extracting(StreamEvent::event).containsExactly("message_start", "ping",
        "content_block_start", "content_block_delta", "content_block_stop",
        "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop");
    assertThat(events.get(2).data().get("content_block").get("id").asString()).isEqualTo("c1");
    assertThat(events.get(3).data().get("delta").get("partial_json").asString()).isEqualTo("{\"x\":1}");
    // The upstream said stop, but the client must run its tool loop.
    assertThat(events.get(8).data().get("delta").get("stop_reason").asString()).isEqualTo("tool_use");
  }

  @Test
  void aRepeatedIdContinuesTheOpenCall() {
    List<StreamEvent> events = runInline(
        toolCall("{\"index\": 0, \"id\": \"c1\", \"function\": {\"name\": \"a\"}}"),
        toolCall("{\"index\": 0, \"id\": \"c1\", \"function\": {\"arguments\": \"{}\"}}"));
    assertThat(events).extracting(StreamEvent::event).containsExactly("message_start", "ping", "content_block_start",
        "content_block_delta", "content_block_stop", "message_delta", "message_stop");
  }

  @Test
  void derivesAnIdForACallWithout() {
    List<StreamEvent> events = runInline(
        toolCall("{\"index\": 3, \"function\": {\"name\": \"a\", \"arguments\": \"\"}}"));
    assertThat(events.get(2).data().get("content_block").get("id").asString())
        .isEqualTo("toolu_" + AnthropicInboundFixtures.RESPONSE_ID + "_3");
  }

  @Test
  void textAfterAToolCallOpensANewBlock() {
    List<StreamEvent> events = runInline("""
        {"choices": [{"index": 0, "delta": {"content": "a"}}]}""", """
        {"choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "id": "c1", "function": {"name": "f"}}]}}]}""",
        """
        {"choices": [{"index": 0, "delta": {"content": "b"}}]}""");
    assertThat(events).filteredOn(e -> e.event().equals("content_block_start"))
        .extracting(e -> e.data().get("content_block").get("type").asString())
        .containsExactly("text", "tool_use", "text");
  }

  @Test
  void refusesArgumentsForACallWhoseBlockIsClosed() {
    InboundStream stream = translator.newStream(context(true));
    List<StreamEvent> out = new ArrayList<>();
    stream.onChunk(parse("""
        {"choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "id": "c1", "function": {"name": "a"}}]}}]}"""),
        out);
    stream.onChunk(parse("""
        {"choices": [{"index": 0, "delta": {"tool_calls": [{"index": 1, "id": "c2", "function": {"name": "b"}}]}}]}"""),
        out);
    assertThatThrownBy(() -> stream.onChunk(parse("""
        {"choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "function": {"arguments": "{}"}}]}}]}"""),
        out)).isInstanceOfSatisfying(AiException.class, e -> assertThat(e.status()).isEqualTo(502));
  }

  @Test
  void ignoresOtherChoices() {
    List<StreamEvent> events = runInline("""
        {"choices": [{"index": 1, "delta": {"content": "other"}, "finish_reason": "length"}]}""");
    assertThat(events).extracting(StreamEvent::event).containsExactly("message_start", "ping", "message_delta",
        "message_stop");
    assertThat(events.get(2).data().get("delta").get("stop_reason").asString()).isEqualTo("end_turn");
  }

  @Test
  void takesUsageSentAlongsideTheLastChoice() {
    List<StreamEvent> events = runInline("""
        {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
         "usage": {"prompt_tokens": 30, "completion_tokens": 7, "prompt_tokens_details": {"cached_tokens": 10}}}""");
    JsonNode usage = events.get(2).data().get("usage");
    assertThat(usage.get("input_tokens").asLong()).isEqualTo(20);
    assertThat(usage.get("output_tokens").asLong()).isEqualTo(7);
    assertThat(usage.get("cache_read_input_tokens").asLong()).isEqualTo(10);
  }

  @Test
  void ignoresEverythingAfterTheEnd() {
    InboundStream stream = translator.newStream(context(true));
    List<StreamEvent> out = new ArrayList<>();
    stream.onComplete(out);
    int ended = out.size();
    stream.onChunk(parse("{\"choices\": [{\"index\": 0, \"delta\": {\"content\": \"late\"}}]}"), out);
    stream.onError(AiException.timeout("late"), out);
    stream.onComplete(out);
    assertThat(out).hasSize(ended);

    InboundStream failed = translator.newStream(context(true));
    List<StreamEvent> failedOut = new ArrayList<>();
    failed.onError(AiException.rateLimited("Slow down.", "3"), failedOut);
    failed.onComplete(failedOut);
    assertThat(failedOut).extracting(StreamEvent::event).containsExactly("error");
    assertThat(failedOut.get(0).data().get("error").get("type").asString()).isEqualTo("rate_limit_error");
  }

  /** A chunk whose delta holds one tool call. */
  private static String toolCall(String call) {
    return "{\"choices\": [{\"index\": 0, \"delta\": {\"tool_calls\": [" + call + "]}}]}";
  }

  private List<StreamEvent> runInline(String... chunks) {
    InboundStream stream = translator.newStream(context(true));
    List<StreamEvent> out = new ArrayList<>();
    for (String chunk : chunks) {
      stream.onChunk(parse(chunk), out);
    }
    stream.onComplete(out);
    return out;
  }
}
