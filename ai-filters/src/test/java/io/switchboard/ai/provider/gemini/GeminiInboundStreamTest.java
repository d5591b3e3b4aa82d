package io.switchboard.ai.provider.gemini;

import static io.switchboard.ai.provider.gemini.GeminiFixtures.jsonLines;
import static io.switchboard.ai.provider.gemini.GeminiFixtures.normalized;
import static io.switchboard.ai.provider.gemini.GeminiInboundTranslatorTest.CONTEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.Json;
import io.switchboard.ai.error.AiException;
import io.switchboard.ai.provider.spi.InboundStream;
import io.switchboard.ai.provider.spi.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

final class GeminiInboundStreamTest {

  private static final String HEADER =
      "\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\"";
  private static final String META = "\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"resp-1\"";

  private final InboundStream stream = new GeminiInboundTranslator().newStream(CONTEXT);
  private final List<StreamEvent> events = new ArrayList<>();

  @ParameterizedTest
  @ValueSource(strings = {"stream-text", "stream-tool-call", "stream-usage"})
  void streamsAsInTheGoldenFixtures(String fixture) {
    for (JsonNode chunk : jsonLines("inbound/" + fixture + ".openai-chunks.jsonl")) {
      stream.onChunk((ObjectNode) chunk, events);
    }
    stream.onComplete(events);

    assertThat(data()).containsExactlyElementsOf(jsonLines("inbound/" + fixture + ".gemini-events.jsonl"));
    assertThat(events).allSatisfy(event -> assertThat(event.event()).isNull());
  }

  @Test
  void endsAFailedStreamWithGooglesErrorAndDropsTheIncompleteCall() {
    for (JsonNode chunk : jsonLines("inbound/stream-error.openai-chunks.jsonl")) {
      stream.onChunk((ObjectNode) chunk, events);
    }
    stream.onError(AiException.rateLimited("Slow down.", "30"), events);

    assertThat(data()).containsExactlyElementsOf(jsonLines("inbound/stream-error.gemini-events.jsonl"));
  }

  @Test
  void sendsTheFinishEventBeforeAnErrorThatArrivesInsteadOfUsage() {
    chunk("{\"index\":0,\"delta\":{\"content\":\"Done\"},\"finish_reason\":\"stop\"}");
    assertThat(events).isEmpty();

    stream.onError(AiException.timeout("Too slow."), events);

    assertThat(data()).containsExactly(
        json("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Done\"}]},"
            + "\"finishReason\":\"STOP\",\"index\":0}]," + META + "}"),
        json("{\"error\":{\"code\":504,\"message\":\"Too slow.\",\"status\":\"DEADLINE_EXCEEDED\"}}"));
  }

  @Test
  void mergesUsageThatArrivesInTheFinishingChunk() {
    stream.onChunk(parse("{" + HEADER + ",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}"), events);

    assertThat(data()).containsExactly(json("{\"candidates\":[{\"finishReason\":\"STOP\",\"index\":0}],"
        + "\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":2,\"totalTokenCount\":5}," + META + "}"));
  }

  @Test
  void sendsUsageAloneWhenNoChoiceFinished() {
    chunk("{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}");
    stream.onChunk(parse("{" + HEADER + ",\"choices\":[],"
        + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}"), events);
    stream.onComplete(events);

    assertThat(data()).hasSize(2);
    assertThat(data().get(1)).isEqualTo(json("{\"usageMetadata\":{\"promptTokenCount\":3,"
        + "\"candidatesTokenCount\":2,\"totalTokenCount\":5}," + META + "}"));
  }

  @Test
  void flushesACallStillPendingWhenTheStreamEndsWithoutAFinishReason() {
    chunk("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c1\",\"function\":"
        + "{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":\"}}]}}");
    chunk("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"1}\"}}]}}");
    assertThat(events).isEmpty();

    stream.onComplete(events);

    assertThat(data()).containsExactly(json("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":"
        + "[{\"functionCall\":{\"name\":\"f\",\"args\":{\"a\":1}}}]},\"index\":0}]," + META + "}"));
  }

  @Test
  void startsANewCallWhenTheIdChangesEvenWithoutAnIndex() {
    chunk("{\"index\":0,\"delta\":{\"tool_calls\":[{\"id\":\"c1\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}},"
        + "{\"id\":\"c2\",\"function\":{\"name\":\"g\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}");
    stream.onComplete(events);

    assertThat(data()).hasSize(1);
    assertThat(data().get(0).at("/candidates/0/content/parts")).isEqualTo(json(
        "[{\"functionCall\":{\"name\":\"f\",\"args\":{}}},{\"functionCall\":{\"name\":\"g\",\"args\":{}}}]"));
  }

  @Test
  void keepsCandidatesOfSeveralChoicesApart() {
    chunk("{\"index\":0,\"delta\":{\"content\":\"A\"}},{\"index\":1,\"delta\":{\"content\":\"B\"}}");
    chunk("{\"index\":1,\"delta\":{},\"finish_reason\":\"length\"}");
    chunk("{\"index\":0,\"delta\":{\"content\":\"A2\"},\"finish_reason\":\"stop\"}");
    stream.onComplete(events);

    assertThat(data()).containsExactly(
        json("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"A\"}]},\"index\":0},"
            + "{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"B\"}]},\"index\":1}]," + META + "}"),
        json("{\"candidates\":[{\"finishReason\":\"MAX_TOKENS\",\"index\":1}]," + META + "}"),
        json("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"A2\"}]},"
            + "\"finishReason\":\"STOP\",\"index\":0}]," + META + "}"));
  }

  @Test
  void sendsNothingForChunksAGeminiClientWouldNotSee() {
    chunk("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}");
    chunk("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"function\":{\"name\":\"f\"}}]}}");

    assertThat(events).isEmpty();
  }

  @Test
  void rejectsStreamedArgumentsThatAreNotAJsonObject() {
    chunk("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"function\":"
        + "{\"name\":\"f\",\"arguments\":\"{oops\"}}]}}");

    assertThatThrownBy(() -> chunk("{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}"))
        .isInstanceOfSatisfying(AiException.class, e -> assertThat(e.status()).isEqualTo(502));
  }

  /** Feeds a chunk holding the given choices. */
  private void chunk(String choices) {
    stream.onChunk(parse("{" + HEADER + ",\"choices\":[" + choices + "]}"), events);
  }

  private List<JsonNode> data() {
    return normalized(events.stream().map(StreamEvent::data).toList());
  }

  private static ObjectNode parse(String json) {
    return (ObjectNode) json(json);
  }

  private static JsonNode json(String text) {
    return Json.MAPPER.readTree(text);
  }
}
