package io.switchboard.ai.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import io.switchboard.ai.catalog.CatalogEntry;
import io.switchboard.ai.provider.spi.StreamEvent;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.request.Dialect;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

final class UsageCostTest {

  /**
   * Each kind of token at its own price, USD per million: input 3, output 15, cache read 0.3, cache write 3.75,
   * reasoning 20.
   */
  static final CatalogEntry PRICES = new CatalogEntry("test", "priced", List.of(), CatalogEntry.Mode.CHAT, 1000, 1000,
      new BigDecimal("3"), new BigDecimal("15"), new BigDecimal("0.3"), new BigDecimal("3.75"), new BigDecimal("20"),
      Set.of());

  /** 1000 prompt tokens (200 cached, 100 written to the cache), 500 completion tokens (300 reasoning). */
  static final TokenUsage USAGE = new TokenUsage(1000, 500, 200, 100, 300);

  /** (700 x 3 + 200 x 0.3 + 100 x 3.75 + 200 x 15 + 300 x 20) / 1e6. */
  static final String COST = "0.011535";

  private static final UsageCost OPENAI = UsageCost.forClient(Dialect.OPENAI, PRICES);

  @Test
  void splicesAfterTheLastMemberWhateverTheLayout() {
    String compact = "{\"usage\":{\"prompt_tokens\":9}}";
    assertThat(splice(compact, compact.indexOf('}')))
        .isEqualTo("{\"usage\":{\"prompt_tokens\":9,\"cost\":0.5}}");
    // Pretty-printed: the field follows the last member, the indentation before the brace stays.
    String pretty = "{\n  \"usage\": {\n    \"total_tokens\": 11\n  }\n}";
    assertThat(splice(pretty, pretty.indexOf("  }") + 2))
        .isEqualTo("{\n  \"usage\": {\n    \"total_tokens\": 11,\"cost\":0.5\n  }\n}");
    String nested = "{\"usage\":{\"prompt_tokens_details\":{\"cached_tokens\":4}}}";
    assertThat(splice(nested, nested.length() - 2))
        .isEqualTo("{\"usage\":{\"prompt_tokens_details\":{\"cached_tokens\":4},\"cost\":0.5}}");
    assertThat(splice("{\"usage\":{ }}", 11)).isEqualTo("{\"usage\":{\"cost\":0.5 }}");
  }

  @Test
  void aWrongOffsetLeavesTheBodyAlone() {
    byte[] json = bytes("{\"usage\":{\"a\":1}}");
    for (int offset : new int[] {-1, 0, 3, json.length}) {
      assertThat(UsageCost.splice(json, offset, "0.5")).isSameAs(json);
    }
  }

  @Test
  void forwardedBodiesGetTheCostInTheirTopLevelUsageOnly() {
    String body = "{\"id\":\"é✓\",\"choices\":[{\"message\":{\"content\":\"usage ✓\"},\"usage\":{}}],"
        + "\"usage\": {\"prompt_tokens\":1000, \"prompt_tokens_details\": {\"cached_tokens\":200}} ,\"x\":1}";
    String out = text(OPENAI.intoJson(bytes(body), USAGE));
    assertThat(out).isEqualTo(body.replace("{\"cached_tokens\":200}}",
        "{\"cached_tokens\":200},\"cost\":" + COST + "}"));
    assertThat(out).contains("\"cost\":" + COST);
    assertThat(Json.MAPPER.readTree(out).path("usage").path("cost").isNumber()).isTrue();
  }

  @Test
  void nothingIsAddedWithoutUsagePriceOrForGemini() {
    byte[] noUsage = bytes("{\"choices\":[]}");
    assertThat(OPENAI.intoJson(noUsage, USAGE)).isSameAs(noUsage);
    byte[] body = bytes("{\"usage\":{\"prompt_tokens\":1}}");
    assertThat(UsageCost.forClient(Dialect.OPENAI, null).intoJson(body, USAGE)).isSameAs(body);
    assertThat(UsageCost.forClient(Dialect.GEMINI, PRICES)).isSameAs(UsageCost.NONE);
    assertThat(UsageCost.NONE.intoJson(body, USAGE)).isSameAs(body);
    assertThat(UsageCost.NONE.cost(USAGE)).isNull();
  }

  @Test
  void anUpstreamsOwnCostIsReplaced() {
    String out = text(OPENAI.intoJson(bytes("{\"usage\":{\"cost\":9.99,\"prompt_tokens\":1}}"), USAGE));
    assertThat(cost(Json.MAPPER.readTree(out).path("usage"))).isEqualTo(COST);
    assertThat(out).containsOnlyOnce("\"cost\"");
  }

  @Test
  void tinyCostsAreWrittenInPlainNotation() {
    TokenUsage one = TokenUsage.of(1, 0);
    assertThat(text(OPENAI.intoJson(bytes("{\"usage\":{}}"), one))).isEqualTo("{\"usage\":{\"cost\":0.000003}}");
    ObjectNode translated = Json.object();
    translated.putObject("usage").put("prompt_tokens", 1);
    UsageCost cheap = UsageCost.forClient(Dialect.OPENAI, new CatalogEntry("t", "m", List.of(), CatalogEntry.Mode.CHAT,
        1, 1, new BigDecimal("0.15"), new BigDecimal("0.6"), null, null, null, Set.of()));
    cheap.intoJson(translated, one);
    assertThat(Json.MAPPER.writeValueAsString(translated))
        .isEqualTo("{\"usage\":{\"prompt_tokens\":1,\"cost\":0.00000015}}");
  }

  @Test
  void forwardedEventsKeepTheirFramingAroundTheSplice() {
    String data = "{\"choices\":[],\"usage\":{\"prompt_tokens\":1000}}";
    String spliced = data.replace("1000}", "1000,\"cost\":" + COST + "}");
    assertThat(text(OPENAI.intoEvent(event("data: " + data + "\n\n"), USAGE))).isEqualTo("data: " + spliced + "\n\n");
    assertThat(text(OPENAI.intoEvent(event("data:" + data + "\r\n\r\n"), USAGE)))
        .isEqualTo("data:" + spliced + "\r\n\r\n");
    // Data over two lines is not one run of the raw bytes: the event is written anew, line by line.
    assertThat(text(OPENAI.intoEvent(event("data: {\"usage\":{\"a\":1}\ndata: }\n\n"), USAGE)))
        .isEqualTo("data: {\"usage\":{\"a\":1,\"cost\":" + COST + "}\ndata: }\n\n");
  }

  @Test
  void anthropicEventsGetTheCostOnlyInMessageDelta() {
    UsageCost anthropic = UsageCost.forClient(Dialect.ANTHROPIC, PRICES);
    SseEvent delta = event("event: message_delta\n"
        + "data: {\"type\":\"message_delta\",\"usage\":{\"output_tokens\":500}}\n\n");
    assertThat(text(anthropic.intoEvent(delta, USAGE))).isEqualTo("event: message_delta\ndata: "
        + "{\"type\":\"message_delta\",\"usage\":{\"output_tokens\":500,\"cost\":" + COST + "}}\n\n");
    SseEvent start = event("event: message_start\ndata: {\"message\":{\"usage\":{\"input_tokens\":1}}}\n\n");
    assertThat(anthropic.intoEvent(start, USAGE)).isSameAs(start.raw());
    ObjectNode translated = Json.object().put("type", "message_delta");
    translated.putObject("usage").put("output_tokens", 500);
    anthropic.intoEvent(new StreamEvent("message_delta", translated), USAGE);
    assertThat(cost(translated.path("usage"))).isEqualTo(COST);
  }

  @Test
  void responsesEventsGetTheCostInTheFinalResponse() {
    UsageCost responses = UsageCost.forClient(Dialect.RESPONSES, PRICES);
    for (String type : List.of("response.completed", "response.incomplete", "response.in_progress")) {
      ObjectNode data = Json.object().put("type", type);
      data.putObject("response").putObject("usage").put("total_tokens", 1500);
      responses.intoEvent(new StreamEvent(type, data), USAGE);
      JsonNode usage = data.path("response").path("usage");
      assertThat(usage.has("cost")).as(type).isEqualTo(!type.equals("response.in_progress"));
      if (usage.has("cost")) {
        assertThat(cost(usage)).isEqualTo(COST);
      }
    }
  }

  /** A usage object's cost exactly as it is written on the wire (parsing would make a double of it). */
  static String cost(JsonNode usage) {
    java.util.regex.Matcher number = java.util.regex.Pattern.compile("\"cost\":([-0-9.eE+]+)")
        .matcher(Json.MAPPER.writeValueAsString(usage));
    assertThat(number.find()).as("a number-valued cost in %s", usage).isTrue();
    return number.group(1);
  }

  private static String splice(String json, int closingBrace) {
    return text(UsageCost.splice(bytes(json), closingBrace, "0.5"));
  }

  static SseEvent event(String raw) {
    List<SseEvent> events = new SseDecoder().feed(bytes(raw));
    assertThat(events).hasSize(1);
    return events.get(0);
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
