package io.switchboard.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import io.switchboard.ai.catalog.CostCalculator;
import io.switchboard.ai.catalog.ModelCatalog;
import io.switchboard.ai.provider.spi.TokenUsage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Every answer reports its cost in the client's usage object ({@code usage.cost}), streamed or not, fast path or
 * translated: exactly the cost of its usage by the catalog's prices (cached and reasoning tokens at their own), the
 * value of {@code x-switchboard-cost-usd} where there is one, and absent for a model the catalog does not price.
 */
final class UsageCostIT extends GatewayIT {

  /** 1234 prompt tokens (1000 cached), 567 completion tokens (500 reasoning). */
  static final String OPENAI_USAGE = "{\"prompt_tokens\":1234,\"completion_tokens\":567,\"total_tokens\":1801,"
      + "\"prompt_tokens_details\":{\"cached_tokens\":1000},\"completion_tokens_details\":{\"reasoning_tokens\":500}}";
  static final TokenUsage OPENAI_TOKENS = new TokenUsage(1234, 567, 1000, 0, 500);

  /** gpt-4o: (234 x 2.50 + 1000 x 1.25 cached + 567 x 10) / 1e6; its reasoning is billed as output. */
  static final String GPT_4O_COST = "0.007505";

  /** sonar-deep-research: (1234 x 2, no cache price + 67 x 8 + 500 x 3 reasoning) / 1e6. */
  static final String SONAR_COST = "0.004504";

  /** 100 uncached input tokens, 1000 read from the cache, 200 written to it, 50 output tokens. */
  static final String ANTHROPIC_USAGE = "{\"input_tokens\":100,\"cache_read_input_tokens\":1000,"
      + "\"cache_creation_input_tokens\":200,\"output_tokens\":50}";

  /** claude-sonnet-4-5: (100 x 3 + 1000 x 0.30 + 200 x 3.75 + 50 x 15) / 1e6. */
  static final String CLAUDE_COST = "0.0021";

  static final String COMPLETION = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
      + "\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Prix ✓\"},"
      + "\"finish_reason\":\"stop\"}],\"usage\":" + OPENAI_USAGE + "}";

  static final String MESSAGE = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\","
      + "\"content\":[{\"type\":\"text\",\"text\":\"Prix ✓\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
      + "\"usage\":" + ANTHROPIC_USAGE + "}";

  static final String HI = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

  @Autowired
  ModelCatalog catalog;

  static List<String> openAiChunks() {
    return List.of(
        sseData("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
            + "{\"role\":\"assistant\",\"content\":\"Prix\"},\"finish_reason\":null}],\"usage\":null}"),
        sseData("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},"
            + "\"finish_reason\":\"stop\"}],\"usage\":null}"),
        sseData("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":" + OPENAI_USAGE + "}"),
        "data: [DONE]\n\n");
  }

  static List<String> anthropicEvents() {
    return List.of(
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_s\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"content\":[],\"model\":\"m\",\"stop_reason\":null,\"usage\":"
            + "{\"input_tokens\":100,\"cache_read_input_tokens\":1000,\"cache_creation_input_tokens\":200,"
            + "\"output_tokens\":1}}}\n\n",
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
            + "{\"type\":\"text\",\"text\":\"\"}}\n\n",
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
            + "{\"type\":\"text_delta\",\"text\":\"Prix\"}}\n\n",
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
            + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":50}}\n\n",
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
  }

  @Test
  void theLiteralsAreWhatTheCatalogPricesSay() {
    assertThat(cost("gpt-4o", OPENAI_TOKENS)).isEqualTo(GPT_4O_COST);
    assertThat(cost("sonar-deep-research", OPENAI_TOKENS)).isEqualTo(SONAR_COST);
    assertThat(cost("claude-sonnet-4-5", new TokenUsage(1300, 50, 1000, 200, 0))).isEqualTo(CLAUDE_COST);
  }

  // ---- OpenAI clients

  @Test
  void openAiAnswerForwardedAsReceivedButForTheCost() throws Exception {
    upstream.on("/v1/chat/completions", FakeUpstream.json(200, COMPLETION));
    HttpResponse<String> response = post("/v1/chat/completions", "{\"model\":\"gpt-4o\"," + HI + "}",
        "Authorization", "Bearer " + CLIENT_KEY, "x-test-call", "c1");
    assertThat(response.body()).isEqualTo(COMPLETION.replace(OPENAI_USAGE,
        OPENAI_USAGE.substring(0, OPENAI_USAGE.length() - 1) + ",\"cost\":" + GPT_4O_COST + "}"));
    assertThat(response.headers().firstValue("x-switchboard-cost-usd")).hasValue(GPT_4O_COST);
    assertThat(recorded("c1")).isEqualTo(GPT_4O_COST);
  }

  @Test
  void openAiStreamCarriesTheCostInTheUsageChunkItAskedFor() throws Exception {
    upstream.on("/v1/chat/completions", FakeUpstream.sse(openAiChunks(), Duration.ZERO));
    List<TimedLine> lines = stream("/v1/chat/completions", "{\"model\":\"openai/sonar-deep-research\","
        + "\"stream\":true,\"stream_options\":{\"include_usage\":true}," + HI + "}", "x-test-call", "c2");
    assertThat(costIn(lines.get(2).data())).isEqualTo(SONAR_COST);
    assertThat(lines.get(2).data()).endsWith("{\"reasoning_tokens\":500},\"cost\":" + SONAR_COST + "}}");
    assertThat(recorded("c2")).isEqualTo(SONAR_COST);
  }

  @Test
  void openAiStreamWithoutIncludeUsageHasNoUsageChunkAndNoCost() throws Exception {
    upstream.on("/v1/chat/completions", FakeUpstream.sse(openAiChunks(), Duration.ZERO));
    List<TimedLine> lines = stream("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true," + HI + "}");
    assertThat(lines).extracting(TimedLine::data).noneMatch(d -> d.contains("cost")).hasSize(3);
  }

  @Test
  void openAiClientsOfATranslatedProviderGetTheCostToo() throws Exception {
    upstream.on("/v1/messages", FakeUpstream.json(200, MESSAGE));
    HttpResponse<String> plain = post("/v1/chat/completions", "{\"model\":\"claude-sonnet-4-5\"," + HI + "}");
    assertThat(Json.MAPPER.readTree(plain.body()).path("usage").has("cost")).isTrue();
    assertThat(costIn(plain.body())).isEqualTo(CLAUDE_COST);
    assertThat(plain.headers().firstValue("x-switchboard-cost-usd")).hasValue(CLAUDE_COST);

    upstream.on("/v1/messages", FakeUpstream.sse(anthropicEvents(), Duration.ZERO));
    List<TimedLine> lines = stream("/v1/chat/completions", "{\"model\":\"claude-sonnet-4-5\",\"stream\":true,"
        + "\"stream_options\":{\"include_usage\":true}," + HI + "}", "x-test-call", "c4");
    assertThat(costIn(lines.get(lines.size() - 2).data())).isEqualTo(CLAUDE_COST);
    assertThat(recorded("c4")).isEqualTo(CLAUDE_COST);
  }

  @Test
  void embeddingsAreCostedWhenPriced() throws Exception {
    String answer = "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.5]}],"
        + "\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":1000,\"total_tokens\":1000}}";
    upstream.on("/v1/embeddings", FakeUpstream.json(200, answer));
    HttpResponse<String> response = post("/v1/embeddings", "{\"model\":\"openai/text-embedding-3-small\","
        + "\"input\":\"x\"}");
    // 1000 x $0.02 per million tokens.
    assertThat(response.body()).isEqualTo(answer.replace("1000}", "1000,\"cost\":0.00002}"));
    assertThat(response.headers().firstValue("x-switchboard-cost-usd")).hasValue("0.00002");
  }

  @Test
  void unpricedModelsGetNoCostAtAll() throws Exception {
    upstream.on("/v1/chat/completions", FakeUpstream.json(200, COMPLETION));
    HttpResponse<String> plain = post("/v1/chat/completions", "{\"model\":\"openai/no-such-model\"," + HI + "}",
        "Authorization", "Bearer " + CLIENT_KEY, "x-test-call", "c6");
    assertThat(plain.body()).isEqualTo(COMPLETION);
    assertThat(plain.headers().firstValue("x-switchboard-cost-usd")).isEmpty();
    assertThat(call("c6").costUsd()).isNull();

    upstream.on("/v1/chat/completions", FakeUpstream.sse(openAiChunks(), Duration.ZERO));
    assertThat(stream("/v1/chat/completions", "{\"model\":\"openai/no-such-model\",\"stream\":true,"
        + "\"stream_options\":{\"include_usage\":true}," + HI + "}"))
        .extracting(TimedLine::data).containsExactlyElementsOf(openAiChunks().stream()
            .map(e -> e.substring("data: ".length(), e.length() - 2)).toList());
    assertThat(stream("/v1/responses", "{\"model\":\"openai/no-such-model\",\"stream\":true,\"input\":\"Hi\"}"))
        .extracting(TimedLine::data).noneMatch(d -> d.contains("cost"));
    upstream.on("/v1/messages", FakeUpstream.json(200, MESSAGE));
    assertThat(post("/v1/messages", "{\"model\":\"claude-unknown-9\",\"max_tokens\":9," + HI + "}").body())
        .isEqualTo(MESSAGE);
  }

  // ---- Responses API clients

  @Test
  void responsesAnswerCarriesTheCostInItsUsage() throws Exception {
    upstream.on("/v1/chat/completions", FakeUpstream.json(200, COMPLETION));
    HttpResponse<String> response = post("/v1/responses", "{\"model\":\"gpt-4o\",\"input\":\"Hi\"}");
    JsonNode usage = Json.MAPPER.readTree(response.body()).path("usage");
    assertThat(usage.path("input_tokens_details").path("cached_tokens").asInt()).isEqualTo(1000);
    assertThat(usage.has("cost")).isTrue();
    assertThat(costIn(response.body())).isEqualTo(GPT_4O_COST);
    assertThat(response.headers().firstValue("x-switchboard-cost-usd")).hasValue(GPT_4O_COST);
  }

  @Test
  void responsesStreamCarriesTheCostInResponseCompleted() throws Exception {
    upstream.on("/v1/chat/completions", FakeUpstream.sse(openAiChunks(), Duration.ZERO));
    List<TimedLine> lines = stream("/v1/responses", "{\"model\":\"openai/sonar-deep-research\",\"stream\":true,"
        + "\"input\":\"Hi\"}", "x-test-call", "r2");
    String completed = lines.get(lines.size() - 1).data();
    assertThat(Json.MAPPER.readTree(completed).path("type").asString()).isEqualTo("response.completed");
    assertThat(costIn(completed)).isEqualTo(SONAR_COST);
    assertThat(lines.subList(0, lines.size() - 1)).extracting(TimedLine::data).noneMatch(d -> d.contains("cost"));
    assertThat(recorded("r2")).isEqualTo(SONAR_COST);
  }

  // ---- Anthropic clients

  @Test
  void anthropicAnswerForwardedAsReceivedButForTheCost() throws Exception {
    upstream.on("/v1/messages", FakeUpstream.json(200, MESSAGE));
    HttpResponse<String> response = post("/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":9,"
        + HI + "}", "x-api-key", CLIENT_KEY, "x-test-call", "a1");
    assertThat(response.body()).isEqualTo(MESSAGE.replace("\"output_tokens\":50}",
        "\"output_tokens\":50,\"cost\":" + CLAUDE_COST + "}"));
    assertThat(response.headers().firstValue("x-switchboard-cost-usd")).hasValue(CLAUDE_COST);
    assertThat(recorded("a1")).isEqualTo(CLAUDE_COST);
  }

  @Test
  void anthropicStreamCarriesTheWholeCostInMessageDelta() throws Exception {
    upstream.on("/v1/messages", FakeUpstream.sse(anthropicEvents(), Duration.ZERO));
    HttpResponse<String> response = post("/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":9,"
        + "\"stream\":true," + HI + "}", "x-api-key", CLIENT_KEY, "x-test-call", "a2");
    assertThat(response.body()).isEqualTo(String.join("", anthropicEvents()).replace("{\"output_tokens\":50}",
        "{\"output_tokens\":50,\"cost\":" + CLAUDE_COST + "}"));
    assertThat(recorded("a2")).isEqualTo(CLAUDE_COST);
  }

  @Test
  void anthropicClientsOfAnOpenAiProviderGetTheCostToo() throws Exception {
    upstream.on("/v1/chat/completions", FakeUpstream.json(200, COMPLETION));
    HttpResponse<String> plain = post("/v1/messages", "{\"model\":\"gpt-4o\",\"max_tokens\":9," + HI + "}",
        "x-api-key", CLIENT_KEY);
    assertThat(Json.MAPPER.readTree(plain.body()).path("usage").has("cost")).isTrue();
    assertThat(costIn(plain.body())).isEqualTo(GPT_4O_COST);
    assertThat(plain.headers().firstValue("x-switchboard-cost-usd")).hasValue(GPT_4O_COST);

    upstream.on("/v1/chat/completions", FakeUpstream.sse(openAiChunks(), Duration.ZERO));
    List<TimedLine> lines = stream("/v1/messages", "{\"model\":\"openai/sonar-deep-research\",\"max_tokens\":9,"
        + "\"stream\":true," + HI + "}", "x-test-call", "a3");
    String delta = lines.stream().map(TimedLine::data).filter(d -> d.contains("\"type\":\"message_delta\""))
        .findFirst().orElseThrow();
    assertThat(Json.MAPPER.readTree(delta).path("usage").has("cost")).isTrue();
    assertThat(costIn(delta)).isEqualTo(SONAR_COST);
    assertThat(lines).extracting(TimedLine::data).filteredOn(d -> d.contains("cost")).hasSize(1);
    assertThat(recorded("a3")).isEqualTo(SONAR_COST);
  }

  // ---- Gemini clients: the header only

  @Test
  void geminiUsageMetadataStaysUntouched() throws Exception {
    String answer = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hi\"}]},"
        + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":1000,\"candidatesTokenCount\":100,"
        + "\"totalTokenCount\":1100}}";
    upstream.on("/v1beta/models/gemini-2.5-flash:generateContent", FakeUpstream.json(200, answer));
    HttpResponse<String> response = post("/v1beta/models/gemini-2.5-flash:generateContent",
        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]}", "x-goog-api-key", CLIENT_KEY);
    assertThat(response.body()).isEqualTo(answer);
    // (1000 x 0.30 + 100 x 2.50) / 1e6
    assertThat(response.headers().firstValue("x-switchboard-cost-usd")).hasValue("0.00055");

    upstream.on("/v1/messages", FakeUpstream.json(200, MESSAGE));
    HttpResponse<String> translated = post("/v1beta/models/claude-sonnet-4-5:generateContent",
        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]}", "x-goog-api-key", CLIENT_KEY);
    assertThat(translated.body()).doesNotContain("cost");
    assertThat(translated.headers().firstValue("x-switchboard-cost-usd")).hasValue(CLAUDE_COST);
  }

  /** The cost the catalog gives a model's usage, as the gateway writes it. */
  private String cost(String model, TokenUsage usage) {
    return CostCalculator.cost(catalog.findByModel(model).orElseThrow(), usage).stripTrailingZeros()
        .toPlainString();
  }

  /** The cost the gateway recorded for the exchange tagged {@code id}, as it writes it. */
  private static String recorded(String id) throws InterruptedException {
    return call(id).costUsd().stripTrailingZeros().toPlainString();
  }

  /** The literal number of the only {@code "cost"} field in a JSON text (parsing would turn it into a double). */
  static @Nullable String costIn(String json) {
    Matcher number = Pattern.compile("\"cost\":([0-9.eE+-]+)").matcher(json);
    if (!number.find()) {
      return null;
    }
    String found = number.group(1);
    assertThat(number.find()).as("a second cost in %s", json).isFalse();
    return found;
  }
}
