package io.switchboard.ai.provider.openai;

import static io.switchboard.ai.provider.openai.ResponsesInboundFixtures.context;
import static io.switchboard.ai.provider.openai.ResponsesInboundFixtures.jsonLines;
import static io.switchboard.ai.provider.openai.ResponsesInboundFixtures.lines;
import static io.switchboard.ai.provider.openai.ResponsesInboundFixtures.parse;
import static io.switchboard.ai.provider.openai.ResponsesInboundFixtures.run;
import static io.switchboard.ai.provider.openai.ResponsesInboundFixtures.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.InboundStream;
import io.switchboard.ai.provider.spi.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

final class ResponsesInboundStreamTest {

  private static final String BASE = "67ccd3a9da748190baa7f1570fe91ac6";

  private final ResponsesInboundTranslator translator = new ResponsesInboundTranslator();

  @ParameterizedTest
  @ValueSource(strings = {"stream-text", "stream-tools", "stream-usage", "stream-empty", "stream-error"})
  void translatesGoldenStreams(String name) {
    List<StreamEvent> events = run(translator.newStream(context(true)), jsonLines(name + ".canonical.jsonl"));

    assertThat(lines(events)).containsExactlyElementsOf(jsonLines(name + ".responses.jsonl"));
    assertThat(events).allSatisfy(e -> assertThat(e.event()).isEqualTo(e.data().get("type").asString()));
    assertThat(events).extracting(e -> e.data().get("sequence_number").asInt())
        .containsExactlyElementsOf(IntStream.range(0, events.size()).boxed().toList());
  }

  @Test
  void theCompletedResponseMatchesTheWholeResponseOfTheSameAnswer() {
    List<StreamEvent> events = run(translator.newStream(context(true)), jsonLines("stream-tools.canonical.jsonl"));
    JsonNode streamed = events.get(events.size() - 1).data().get("response");
    JsonNode whole = translator.fromCanonical(parse("""
        {"choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant",
          "content": "I'll check both cities.", "tool_calls": [
            {"id": "call_DdmO9pD3xa9XTPNJ32zg2hcA", "type": "function",
             "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Paris\\"}"}},
            {"id": "call_ABgMWGn5Jws6cBpbtK4ZWxAi", "type": "function",
             "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Tokyo\\"}"}}]}}],
         "usage": {"prompt_tokens": 1496, "completion_tokens": 89, "prompt_tokens_details": {"cached_tokens": 1024}}}"""),
        context(false));
    assertThat(wire(streamed)).isEqualTo(wire(whole));
  }

  @Test
  void aRefusalIsARefusalPartOfTheMessage() {
    List<StreamEvent> events = runInline("""
        {"choices": [{"index": 0, "delta": {"content": "Well"}}]}""", """
        {"choices": [{"index": 0, "delta": {"refusal": "I can't"}}]}""", """
        {"choices": [{"index": 0, "delta": {"refusal": " help."}, "finish_reason": "stop"}]}""");
    assertThat(events).extracting(StreamEvent::event).containsExactly("response.created", "response.in_progress",
        "response.output_item.added", "response.content_part.added", "response.output_text.delta",
        "response.output_text.done", "response.content_part.done",
        "response.content_part.added", "response.refusal.delta", "response.refusal.delta", "response.refusal.done",
        "response.content_part.done", "response.output_item.done", "response.completed");
    assertThat(events.get(7).data().get("content_index").asInt()).isEqualTo(1);
    assertThat(events.get(10).data().get("refusal").asString()).isEqualTo("I can't help.");
    assertThat(wire(events.get(12).data().get("item").get("content"))).isEqualTo(Json.MAPPER.readTree("""
        [{"type": "output_text", "text": "Well", "annotations": [], "logprobs": []},
         {"type": "refusal", "refusal": "I can't help."}]"""));
  }

  @Test
  void aWholeToolCallInOneChunkIsOneItemWithOneDelta() {
    List<StreamEvent> events = runInline("""
        {"choices": [{"index": 0, "delta": {"tool_calls": [
          {"index": 0, "id": "c1", "type": "function", "function": {"name": "a", "arguments": "{\\"x\\":1}"}},
          {"index": 1, "id": "c2", "type": "function", "function": {"name": "b", "arguments": "{}"}}]},
          "finish_reason": "tool_calls"}]}""");
    assertThat(events).extracting(StreamEvent::event).containsExactly("response.created", "response.in_progress",
        "response.output_item.added", "response.function_call_arguments.delta",
        "response.function_call_arguments.done", "response.output_item.done",
        "response.output_item.added", "response.function_call_arguments.delta",
        "response.function_call_arguments.done", "response.output_item.done", "response.completed");
    assertThat(events.get(2).data().get("item").get("id").asString()).isEqualTo("fc_" + BASE + "_0");
    assertThat(events.get(6).data().get("output_index").asInt()).isEqualTo(1);
    assertThat(events.get(8).data().get("name").asString()).isEqualTo("b");
  }

  @Test
  void aCallWithoutArgumentsGetsAnEmptyObject() {
    List<StreamEvent> events = runInline(
        toolCall("{\"index\": 0, \"id\": \"c1\", \"function\": {\"name\": \"now\", \"arguments\": \"\"}}"));
    assertThat(events.get(3).event()).isEqualTo("response.function_call_arguments.delta");
    assertThat(events.get(3).data().get("delta").asString()).isEqualTo("{}");
    assertThat(events.get(4).data().get("arguments").asString()).isEqualTo("{}");
  }

  @Test
  void aRepeatedIdContinuesTheOpenCallAndALateNameIsKept() {
    List<StreamEvent> events = runInline(
        toolCall("{\"index\": 0, \"id\": \"c1\", \"function\": {\"arguments\": \"\"}}"),
        toolCall("{\"index\": 0, \"id\": \"c1\", \"function\": {\"name\": \"a\", \"arguments\": \"{}\"}}"));
    assertThat(events).extracting(StreamEvent::event).containsExactly("response.created", "response.in_progress",
        "response.output_item.added", "response.function_call_arguments.delta",
        "response.function_call_arguments.done", "response.output_item.done", "response.completed");
    assertThat(events.get(5).data().get("item").get("name").asString()).isEqualTo("a");
  }

  @Test
  void derivesACallIdForACallWithout() {
    List<StreamEvent> events = runInline(
        toolCall("{\"index\": 3, \"function\": {\"name\": \"a\", \"arguments\": \"{}\"}}"));
    assertThat(events.get(2).data().get("item").get("call_id").asString()).isEqualTo("call_" + BASE + "_3");
  }

  @Test
  void textAfterAToolCallOpensANewMessage() {
    List<StreamEvent> events = runInline("""
        {"choices": [{"index": 0, "delta": {"content": "a"}}]}""", """
        {"choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "id": "c1", "function": {"name": "f"}}]}}]}""",
        """
        {"choices": [{"index": 0, "delta": {"content": "b"}}]}""");
    assertThat(events).filteredOn(e -> e.event().equals("response.output_item.added"))
        .extracting(e -> e.data().get("item").get("id").asString())
        .containsExactly("msg_" + BASE + "_0", "fc_" + BASE + "_1", "msg_" + BASE + "_2");
  }

  @Test
  void refusesArgumentsForACallWhoseItemIsClosed() {
    InboundStream stream = translator.newStream(context(true));
    List<StreamEvent> out = new ArrayList<>();
    stream.onChunk(parse(toolCall("{\"index\": 0, \"id\": \"c1\", \"function\": {\"name\": \"a\"}}")), out);
    stream.onChunk(parse(toolCall("{\"index\": 1, \"id\": \"c2\", \"function\": {\"name\": \"b\"}}")), out);
    assertThatThrownBy(() -> stream.onChunk(parse(toolCall("{\"index\": 0, \"function\": {\"arguments\": \"{}\"}}")),
        out)).isInstanceOfSatisfying(AiException.class, e -> assertThat(e.status()).isEqualTo(502));
  }

  @Test
  void ignoresOtherChoices() {
    List<StreamEvent> events = runInline("""
        {"choices": [{"index": 1, "delta": {"content": "other"}, "finish_reason": "length"}]}""");
    assertThat(events).extracting(StreamEvent::event).containsExactly("response.created", "response.in_progress",
        "response.completed");
  }

  @Test
  void aContentFilteredStreamIsIncomplete() {
    List<StreamEvent> events = runInline("""
        {"choices": [{"index": 0, "delta": {"content": "I was"}, "finish_reason": "content_filter"}]}""");
    StreamEvent last = events.get(events.size() - 1);
    assertThat(last.event()).isEqualTo("response.incomplete");
    assertThat(last.data().get("response").get("incomplete_details").get("reason").asString())
        .isEqualTo("content_filter");
  }

  @Test
  void aStreamWithoutChunksStillOpensAndCompletesTheResponse() {
    InboundStream stream = translator.newStream(context(true));
    List<StreamEvent> out = new ArrayList<>();
    stream.onComplete(out);
    assertThat(out).extracting(StreamEvent::event).containsExactly("response.created", "response.in_progress",
        "response.completed");
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
    assertThat(failedOut).extracting(StreamEvent::event).containsExactly("response.created", "response.in_progress",
        "error", "response.failed");
    assertThat(failedOut.get(2).data().get("code").asString()).isEqualTo("rate_limit_exceeded");
    assertThat(failedOut.get(3).data().get("response").get("error").get("code").asString())
        .isEqualTo("rate_limit_exceeded");
  }

  @Test
  void anErrorWithoutCodeNamesItsType() {
    InboundStream stream = translator.newStream(context(true));
    List<StreamEvent> out = new ArrayList<>();
    stream.onError(AiException.invalidRequest("Bad.", "input"), out);
    JsonNode error = out.get(2).data();
    assertThat(error.get("code").asString()).isEqualTo("invalid_request_error");
    assertThat(error.get("param").asString()).isEqualTo("input");
    assertThat(error.get("error").get("message").asString()).isEqualTo("Bad.");
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
