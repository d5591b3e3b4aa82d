package io.switchboard.ai.provider.openai;

import static io.switchboard.ai.provider.openai.ResponsesInboundFixtures.context;
import static io.switchboard.ai.provider.openai.ResponsesInboundFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import io.switchboard.ai.provider.spi.StreamEvent;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The canonical {@code reasoning_content} as a Responses API {@code reasoning} item, whole and streamed. */
final class ResponsesReasoningTest {

  private static final String HEAD = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
      + "\"choices\":[{\"index\":0,\"delta\":";

  private final ResponsesInboundTranslator translator = new ResponsesInboundTranslator();

  @Test
  void reasoningContentIsAReasoningItemBeforeTheMessage() {
    JsonNode output = translator.fromCanonical(parse("""
        {"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{
         "role":"assistant","content":"42","reasoning_content":"6 times 7."},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":5,"completion_tokens":9,"total_tokens":14}}"""), context(false)).path("output");

    assertThat(output).hasSize(2);
    assertThat(output.get(0).path("type").asString()).isEqualTo("reasoning");
    assertThat(output.get(0).path("id").asString()).startsWith("rs_");
    assertThat(output.get(0).path("summary")).isEmpty();
    assertThat(output.get(0).path("content")).containsExactly(parse("{\"type\":\"reasoning_text\",\"text\":\"6 times 7.\"}"));
    assertThat(output.get(1).path("type").asString()).isEqualTo("message");
  }

  @Test
  void streamedReasoningIsAReasoningItemWithReasoningTextEvents() {
    List<StreamEvent> events = run(translator.newStream(context(true)), List.of(
        parse(HEAD + "{\"role\":\"assistant\",\"reasoning_content\":\"Think\"},\"finish_reason\":null}]}"),
        parse(HEAD + "{\"reasoning_content\":\"ing.\"},\"finish_reason\":null}]}"),
        parse(HEAD + "{\"content\":\"Answer\"},\"finish_reason\":\"stop\"}]}")));

    assertThat(events).extracting(StreamEvent::event).containsExactly("response.created", "response.in_progress",
        "response.output_item.added", "response.content_part.added", "response.reasoning_text.delta",
        "response.reasoning_text.delta", "response.reasoning_text.done", "response.content_part.done",
        "response.output_item.done",
        "response.output_item.added", "response.content_part.added", "response.output_text.delta",
        "response.output_text.done", "response.content_part.done", "response.output_item.done",
        "response.completed");
    assertThat(events.get(4).data().path("output_index").asInt()).isZero();
    assertThat(events.get(4).data().path("content_index").asInt()).isZero();
    assertThat(events.get(6).data().path("text").asString()).isEqualTo("Thinking.");
    JsonNode completed = events.get(events.size() - 1).data().path("response");
    JsonNode whole = translator.fromCanonical(parse("""
        {"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{
         "role":"assistant","content":"Answer","reasoning_content":"Thinking."},"finish_reason":"stop"}]}"""),
        context(true));
    assertThat(completed.path("output")).isEqualTo(whole.path("output"));
  }

  private static ObjectNode parse(String json) {
    return (ObjectNode) Json.MAPPER.readTree(json);
  }
}
