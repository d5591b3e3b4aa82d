package io.switchboard.ai.routing;

import static io.switchboard.ai.routing.UsageCostTest.PRICES;
import static io.switchboard.ai.routing.UsageCostTest.bytes;
import static io.switchboard.ai.routing.UsageCostTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import io.switchboard.ai.catalog.CostCalculator;
import io.switchboard.ai.provider.anthropic.AnthropicChatTranslator;
import io.switchboard.ai.provider.anthropic.AnthropicInboundTranslator;
import io.switchboard.ai.provider.openai.OpenAiStreamReader;
import io.switchboard.ai.provider.openai.ResponsesInboundTranslator;
import io.switchboard.ai.provider.spi.InboundContext;
import io.switchboard.ai.provider.spi.TranslationContext;
import io.switchboard.ai.request.Dialect;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Each stream codec puts the stream's cost into the client's final usage object, and nowhere else. */
final class StreamCodecCostTest {

  /** An OpenAI stream whose usage has 1000 prompt (200 cached) and 500 completion (300 reasoning) tokens. */
  static final String OPENAI_STREAM = """
      data: {"id":"c","object":"chat.completion.chunk",\
      "choices":[{"index":0,"delta":{"role":"assistant","content":"é✓"},"finish_reason":null}],"usage":null}

      data: {"id":"c","object":"chat.completion.chunk",\
      "choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null}

      data: {"id":"c","object":"chat.completion.chunk","choices":[],\
      "usage":{"prompt_tokens":1000,"completion_tokens":500,"total_tokens":1500,\
      "prompt_tokens_details":{"cached_tokens":200},"completion_tokens_details":{"reasoning_tokens":300}}}

      data: [DONE]

      """;

  /** (800 x 3 + 200 x 0.3 + 200 x 15 + 300 x 20) / 1e6: cached and reasoning tokens at their own prices. */
  static final String OPENAI_COST = "0.01146";

  /** An Anthropic stream: 700 uncached input tokens, 200 read from the cache, 100 written to it; 500 output. */
  static final String ANTHROPIC_STREAM = """
      event: message_start
      data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],\
      "model":"m","usage":{"input_tokens":700,"cache_read_input_tokens":200,"cache_creation_input_tokens":100,\
      "output_tokens":1}}}

      event: content_block_start
      data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

      event: content_block_delta
      data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Bonjour ✓"}}

      event: content_block_stop
      data: {"type":"content_block_stop","index":0}

      event: message_delta
      data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},\
      "usage": {"output_tokens":500} }

      event: message_stop
      data: {"type":"message_stop"}

      """;

  /** (700 x 3 + 200 x 0.3 + 100 x 3.75 + 500 x 15) / 1e6. */
  static final String ANTHROPIC_COST = "0.010035";

  private static final TranslationContext CONTEXT = new TranslationContext("m", "m", true, true, "chatcmpl-1", 1,
      1024);
  private static final InboundContext INBOUND = new InboundContext("m", true, "msg_1", 1);

  @Test
  void openAiPassthroughSplicesTheCostIntoTheUsageChunkTheClientAskedFor() {
    OpenAiPassthroughCodec codec = new OpenAiPassthroughCodec(true, UsageCost.forClient(Dialect.OPENAI, PRICES));
    String out = run(codec, OPENAI_STREAM);
    assertThat(out).isEqualTo(OPENAI_STREAM.replace("{\"reasoning_tokens\":300}}",
        "{\"reasoning_tokens\":300},\"cost\":" + OPENAI_COST + "}"));
    assertThat(out).containsOnlyOnce("\"cost\":" + OPENAI_COST);
    assertThat(CostCalculator.cost(PRICES, codec.usage()).stripTrailingZeros().toPlainString()).isEqualTo(OPENAI_COST);
  }

  @Test
  void openAiPassthroughStillDropsTheUsageChunkTheClientDidNotAskFor() {
    String out = run(new OpenAiPassthroughCodec(false, UsageCost.forClient(Dialect.OPENAI, PRICES)), OPENAI_STREAM);
    assertThat(out).doesNotContain("\"cost\"").doesNotContain("\"choices\":[]").endsWith("data: [DONE]\n\n");
  }

  @Test
  void unpricedModelsStreamUntouched() {
    assertThat(run(new OpenAiPassthroughCodec(true, UsageCost.forClient(Dialect.OPENAI, null)), OPENAI_STREAM))
        .isEqualTo(OPENAI_STREAM);
    assertThat(run(new SameDialectPassthroughCodec(Dialect.ANTHROPIC, new AnthropicChatTranslator().newStream(CONTEXT),
        UsageCost.forClient(Dialect.ANTHROPIC, null)), ANTHROPIC_STREAM)).isEqualTo(ANTHROPIC_STREAM);
  }

  @Test
  void anthropicPassthroughSplicesTheWholeStreamsCostIntoMessageDelta() {
    SameDialectPassthroughCodec codec = new SameDialectPassthroughCodec(Dialect.ANTHROPIC,
        new AnthropicChatTranslator().newStream(CONTEXT), UsageCost.forClient(Dialect.ANTHROPIC, PRICES));
    String out = run(codec, ANTHROPIC_STREAM);
    // Every other byte as received, the space before the usage object's closing brace included.
    assertThat(out).isEqualTo(ANTHROPIC_STREAM.replace("{\"output_tokens\":500}",
        "{\"output_tokens\":500,\"cost\":" + ANTHROPIC_COST + "}"));
    assertThat(out).containsOnlyOnce("\"cost\":" + ANTHROPIC_COST);
    assertThat(codec.finished()).isTrue();
  }

  @Test
  void translatedOpenAiStreamsCarryTheCostInTheUsageChunk() {
    TranslatingStreamCodec codec = new TranslatingStreamCodec(new AnthropicChatTranslator().newStream(CONTEXT),
        UsageCost.forClient(Dialect.OPENAI, PRICES));
    List<JsonNode> chunks = dataOf(run(codec, ANTHROPIC_STREAM));
    JsonNode usage = chunks.get(chunks.size() - 1).path("usage");
    assertThat(UsageCostTest.cost(usage)).isEqualTo(ANTHROPIC_COST);
    assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(c -> assertThat(c.toString()).doesNotContain("cost"));
  }

  @Test
  void anthropicClientsOfAnOpenAiProviderGetTheCostInMessageDelta() {
    InboundStreamCodec codec = new InboundStreamCodec(new OpenAiStreamReader(),
        new AnthropicInboundTranslator().newStream(INBOUND), UsageCost.forClient(Dialect.ANTHROPIC, PRICES));
    List<JsonNode> events = dataOf(run(codec, OPENAI_STREAM));
    JsonNode delta = events.stream().filter(e -> e.path("type").asString().equals("message_delta")).findFirst()
        .orElseThrow();
    assertThat(UsageCostTest.cost(delta.path("usage"))).isEqualTo(OPENAI_COST);
    assertThat(events.stream().filter(e -> e.toString().contains("cost"))).hasSize(1);
  }

  @Test
  void responsesClientsGetTheCostInResponseCompleted() {
    InboundStreamCodec codec = new InboundStreamCodec(new AnthropicChatTranslator().newStream(CONTEXT),
        new ResponsesInboundTranslator().newStream(INBOUND), UsageCost.forClient(Dialect.RESPONSES, PRICES));
    List<JsonNode> events = dataOf(run(codec, ANTHROPIC_STREAM));
    JsonNode completed = events.get(events.size() - 1);
    assertThat(completed.path("type").asString()).isEqualTo("response.completed");
    assertThat(UsageCostTest.cost(completed.path("response").path("usage"))).isEqualTo(ANTHROPIC_COST);
    assertThat(events.stream().filter(e -> e.toString().contains("cost"))).hasSize(1);
  }

  /** Feeds a whole stream through a codec, as the relay does, and returns what the client gets. */
  private static String run(StreamCodec codec, String stream) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (SseEvent event : new SseDecoder().feed(bytes(stream))) {
      codec.onEvent(event, out);
    }
    codec.onComplete(out);
    return text(out.toByteArray());
  }

  /** The JSON {@code data:} payloads of a client stream, in order ({@code [DONE]} left out). */
  private static List<JsonNode> dataOf(String stream) {
    List<JsonNode> data = new ArrayList<>();
    for (SseEvent event : new SseDecoder().feed(bytes(stream))) {
      if (!event.data().equals("[DONE]")) {
        data.add(Json.MAPPER.readTree(event.data()));
      }
    }
    return data;
  }
}
