package io.switchboard.ai.provider.gemini;

import static io.switchboard.ai.provider.gemini.GeminiInboundTranslatorTest.CONTEXT;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import io.switchboard.ai.provider.spi.InboundStream;
import io.switchboard.ai.provider.spi.StreamEvent;
import io.switchboard.ai.provider.spi.TranslationContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reasoning across dialects through Gemini: {@code reasoning_effort} asks Gemini for a thinking budget with the
 * thoughts included, and the canonical {@code reasoning_content} a Gemini client is shown as thought parts.
 */
final class GeminiReasoningTest {

  private static final TranslationContext UPSTREAM = new TranslationContext("gemini-2.5-flash",
      "gemini-2.5-flash", false, false, "chatcmpl-1", 1_700_000_000L, 4096);

  private final GeminiChatTranslator outbound = new GeminiChatTranslator();
  private final GeminiInboundTranslator inbound = new GeminiInboundTranslator();

  @ParameterizedTest
  @CsvSource({"low, 1024", "medium, 8192", "high, 24576"})
  void reasoningEffortAsksForThoughtsWithABudget(String effort, long budget) {
    JsonNode body = outbound.toUpstream(parse("{\"model\":\"g\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
        + "\"reasoning_effort\":\"" + effort + "\"}"), UPSTREAM).body();

    assertThat(body.path("generationConfig").path("thinkingConfig").toString())
        .isEqualTo("{\"thinkingBudget\":" + budget + ",\"includeThoughts\":true}");
  }

  @Test
  void modelsWithoutThinkingAreNotAskedForIt() {
    TranslationContext old = new TranslationContext("gemini-2.0-flash", "gemini-2.0-flash", false, false,
        "chatcmpl-1", 1_700_000_000L, 4096);
    JsonNode body = outbound.toUpstream(parse("{\"model\":\"g\",\"messages\":[{\"role\":\"user\",\"content\":"
        + "\"Hi\"}],\"reasoning_effort\":\"high\"}"), old).body();
    assertThat(body.path("generationConfig").has("thinkingConfig")).isFalse();
    assertThat(GeminiOptions.thinks("models/gemini-2.5-pro")).isTrue();
    assertThat(GeminiOptions.thinks("gemini-3-pro-preview")).isTrue();
    assertThat(GeminiOptions.thinks("gemini-1.5-flash")).isFalse();
    assertThat(GeminiOptions.thinks("gemma-3-27b-it")).isFalse();
  }

  @Test
  void noEffortOrMinimalLeavesThinkingToTheModel() {
    for (String extra : new String[] {"", ",\"reasoning_effort\":\"minimal\""}) {
      JsonNode body = outbound.toUpstream(parse("{\"model\":\"g\",\"messages\":[{\"role\":\"user\",\"content\":"
          + "\"Hi\"}]" + extra + "}"), UPSTREAM).body();
      assertThat(body.path("generationConfig").has("thinkingConfig")).as(extra).isFalse();
    }
  }

  @Test
  void reasoningContentBecomesAThoughtPartBeforeTheAnswer() {
    ObjectNode completion = parse("""
        {"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{
         "role":"assistant","content":"42","reasoning_content":"6 times 7."},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":5,"completion_tokens":9,"total_tokens":14}}""");

    JsonNode parts = inbound.fromCanonical(completion, CONTEXT).path("candidates").path(0).path("content")
        .path("parts");

    assertThat(parts).containsExactly(parse("{\"text\":\"6 times 7.\",\"thought\":true}"), parse("{\"text\":\"42\"}"));
  }

  @Test
  void streamedReasoningArrivesAsThoughtParts() {
    InboundStream stream = inbound.newStream(CONTEXT);
    List<StreamEvent> events = new ArrayList<>();
    String head = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{"
        + "\"index\":0,\"delta\":";
    stream.onChunk(parse(head + "{\"role\":\"assistant\",\"reasoning_content\":\"Thinking.\"},\"finish_reason\":null}]}"),
        events);
    stream.onChunk(parse(head + "{\"content\":\"Answer\"},\"finish_reason\":\"stop\"}]}"), events);
    stream.onComplete(events);

    List<JsonNode> parts = events.stream()
        .flatMap(e -> e.data().path("candidates").path(0).path("content").path("parts").valueStream()).toList();
    assertThat(parts).containsExactly(parse("{\"text\":\"Thinking.\",\"thought\":true}"),
        parse("{\"text\":\"Answer\"}"));
  }

  private static ObjectNode parse(String json) {
    return (ObjectNode) Json.MAPPER.readTree(json);
  }
}
