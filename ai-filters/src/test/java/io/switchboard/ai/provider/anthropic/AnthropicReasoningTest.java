package io.switchboard.ai.provider.anthropic;

import static io.switchboard.ai.provider.anthropic.AnthropicFixtures.context;
import static io.switchboard.ai.provider.anthropic.AnthropicFixtures.parse;
import static io.switchboard.ai.provider.anthropic.AnthropicInboundFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import io.switchboard.ai.provider.spi.StreamEvent;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reasoning across dialects through Anthropic: {@code reasoning_effort} asks Anthropic for extended thinking where
 * Anthropic accepts it, and the canonical {@code reasoning_content} an Anthropic client is shown as thinking blocks.
 */
final class AnthropicReasoningTest {

  private static final String HI = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

  private final AnthropicChatTranslator outbound = new AnthropicChatTranslator();
  private final AnthropicInboundTranslator inbound = new AnthropicInboundTranslator();

  private JsonNode upstream(String fields) {
    return outbound.toUpstream(parse("{\"model\":\"gpt-4o\"," + fields + "}"), context(false, false)).body();
  }

  @Test
  void reasoningEffortAsksForAThinkingBudget() {
    assertThat(upstream(HI + ",\"max_tokens\":16000,\"reasoning_effort\":\"medium\"").path("thinking").toString())
        .isEqualTo("{\"type\":\"enabled\",\"budget_tokens\":8192}");
    assertThat(upstream(HI + ",\"max_tokens\":30000,\"reasoning_effort\":\"high\"").path("thinking")
        .path("budget_tokens").asLong()).isEqualTo(24576);
    assertThat(upstream(HI + ",\"max_tokens\":2000,\"reasoning_effort\":\"low\",\"temperature\":1")
        .path("thinking").path("budget_tokens").asLong()).isEqualTo(1024);
  }

  @Test
  void withoutAClientMaximumTheBudgetComesOnTopOfTheDefaultMaximum() {
    JsonNode medium = upstream(HI + ",\"reasoning_effort\":\"medium\"");
    assertThat(medium.path("thinking").path("budget_tokens").asLong()).isEqualTo(8192);
    assertThat(medium.path("max_tokens").asLong()).isEqualTo(8192 + context(false, false).defaultMaxTokens());

    JsonNode low = upstream(HI + ",\"reasoning_effort\":\"low\"");
    assertThat(low.path("max_tokens").asLong()).isEqualTo(context(false, false).defaultMaxTokens());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "\"max_tokens\":1000,\"reasoning_effort\":\"low\"",
      "\"max_tokens\":16000,\"reasoning_effort\":\"minimal\"",
      "\"max_tokens\":16000,\"reasoning_effort\":\"medium\",\"temperature\":0.2",
      "\"max_tokens\":16000,\"reasoning_effort\":\"medium\",\"top_p\":0.5",
      "\"max_tokens\":16000,\"reasoning_effort\":\"medium\",\"response_format\":{\"type\":\"json_object\"}",
      "\"max_tokens\":16000,\"reasoning_effort\":\"medium\",\"tools\":[{\"type\":\"function\",\"function\":"
          + "{\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}}],\"tool_choice\":\"required\""})
  void thinkingIsLeftOffWhereAnthropicWouldRefuseIt(String fields) {
    assertThat(upstream(HI + "," + fields).has("thinking")).isFalse();
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"claude-sonnet-4-5, true", "claude-3-7-sonnet-20250219, true",
      "claude-opus-4-1@20250805, true", "claude-3-5-haiku-20241022, false", "claude-3-5-sonnet-latest, false",
      "claude-3-haiku-20240307, false", "claude-3-opus-20240229, false"})
  void onlyModelsWithExtendedThinkingAreAskedForIt(String model, boolean thinks) {
    assertThat(AnthropicThinking.thinks(model)).isEqualTo(thinks);
  }

  @Test
  void thinkingIsLeftOffOnceTheConversationHoldsToolCalls() {
    String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"},{\"role\":\"assistant\","
        + "\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\","
        + "\"arguments\":\"{}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"sunny\"}]";
    assertThat(upstream(messages + ",\"max_tokens\":16000,\"reasoning_effort\":\"high\"").has("thinking")).isFalse();
  }

  @Test
  void reasoningContentBecomesAThinkingBlockBeforeTheText() {
    ObjectNode completion = parse("""
        {"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{
         "role":"assistant","content":"42","reasoning_content":"6 times 7."},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":5,"completion_tokens":9,"total_tokens":14}}""");

    JsonNode content = inbound.fromCanonical(completion, AnthropicInboundFixtures.context(false)).path("content");

    assertThat(content).hasSize(2);
    assertThat(content.get(0)).isEqualTo(parse("{\"type\":\"thinking\",\"thinking\":\"6 times 7.\",\"signature\":\"\"}"));
    assertThat(content.get(1).path("text").asString()).isEqualTo("42");
  }

  @Test
  void streamedReasoningOpensAThinkingBlockThenTheTextBlock() {
    String head = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{"
        + "\"index\":0,\"delta\":";
    List<JsonNode> chunks = List.of(
        parse(head + "{\"role\":\"assistant\",\"reasoning_content\":\"Think\"},\"finish_reason\":null}]}"),
        parse(head + "{\"reasoning_content\":\"ing.\"},\"finish_reason\":null}]}"),
        parse(head + "{\"content\":\"Answer\"},\"finish_reason\":\"stop\"}]}"));

    List<StreamEvent> events = run(inbound.newStream(AnthropicInboundFixtures.context(true)), chunks);

    assertThat(events).extracting(StreamEvent::event).containsExactly("message_start", "ping",
        "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
        "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop");
    assertThat(events.get(2).data().get("content_block"))
        .isEqualTo(parse("{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}"));
    assertThat(events.get(3).data().get("delta"))
        .isEqualTo(parse("{\"type\":\"thinking_delta\",\"thinking\":\"Think\"}"));
    assertThat(events.get(6).data().path("content_block").path("type").asString()).isEqualTo("text");
    assertThat(events.get(6).data().path("index").asInt()).isEqualTo(1);
    assertThat(Json.MAPPER.writeValueAsString(events.get(7).data().get("delta"))).contains("Answer");
  }
}
