package io.switchboard.ai.predicate;

import static io.switchboard.ai.predicate.Exchanges.post;
import static io.switchboard.ai.predicate.Exchanges.test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ai.catalog.PromptTokens;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.handler.AsyncPredicate;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

final class AiPromptTokensRoutePredicateFactoryTest {

  /** 3 per message + "user" (1) + "Hello, world!" (4) + 3 reply priming = 11 tokens (o200k). */
  private static final String ELEVEN = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\","
      + "\"content\":\"Hello, world!\"}]}";

  private final AiPromptTokensRoutePredicateFactory factory = new AiPromptTokensRoutePredicateFactory(Exchanges.READER);

  private AsyncPredicate<ServerWebExchange> tokens(Long min, Long max) {
    return factory.applyAsync(new AiPromptTokensRoutePredicateFactory.Config().setMin(min).setMax(max));
  }

  @Test
  void minIsInclusiveMaxExclusive() {
    assertThat(test(tokens(11L, null), post("/v1/chat/completions", ELEVEN))).isTrue();
    assertThat(test(tokens(12L, null), post("/v1/chat/completions", ELEVEN))).isFalse();
    assertThat(test(tokens(null, 12L), post("/v1/chat/completions", ELEVEN))).isTrue();
    assertThat(test(tokens(0L, 11L), post("/v1/chat/completions", ELEVEN))).isFalse();
    assertThat(test(tokens(11L, 12L), post("/v1/chat/completions", ELEVEN))).isTrue();
  }

  @Test
  void everyDialectIsEstimated() {
    String text = "Summarise the attached contract. ".repeat(60);
    AsyncPredicate<ServerWebExchange> long300 = tokens(300L, null);
    AsyncPredicate<ServerWebExchange> short300 = tokens(0L, 300L);
    String[][] requests = {
        {"/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text
            + "\"}]}"},
        {"/v1/responses", "{\"model\":\"gpt-4o\",\"input\":\"" + text + "\"}"},
        {"/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":9,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"" + text + "\"}]}"},
        {"/v1/messages/count_tokens", "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"" + text + "\"}]}"},
        {"/v1beta/models/gemini-2.5-pro:generateContent", "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\""
            + text + "\"}]}]}"},
        {"/v1beta/models/gemini-2.5-pro:countTokens", "{\"generateContentRequest\":{\"contents\":[{\"parts\":"
            + "[{\"text\":\"" + text + "\"}]}]}}"},
        {"/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":[\"" + text + "\"]}"},
    };
    for (String[] request : requests) {
      assertThat(test(long300, post(request[0], request[1]))).as(request[0]).isTrue();
      assertThat(test(short300, post(request[0], request[1]))).as(request[0]).isFalse();
      String small = request[1].replace(text, "Hi");
      assertThat(test(short300, post(request[0], small))).as(request[0]).isTrue();
    }
  }

  @Test
  void unknownEstimatesMatchNoRange() {
    for (String body : new String[] {"{\"model\":", "[]", ""}) {
      assertThat(test(tokens(0L, null), post("/v1/chat/completions", body))).as(body).isFalse();
    }
    assertThat(test(tokens(0L, null), post("/not/an/ai/endpoint", ELEVEN))).isFalse();
  }

  @Test
  void estimateIsKeptOnTheExchangeForLaterRoutesAndFilters() {
    MockServerWebExchange exchange = post("/v1/chat/completions", ELEVEN);
    assertThat(test(tokens(0L, 100L), exchange)).isTrue();
    assertThat(exchange.<Long>getAttribute(PromptTokens.ATTRIBUTE)).isEqualTo(11L);
    exchange.getAttributes().put(PromptTokens.ATTRIBUTE, 5000L); // what a second estimate would not see
    assertThat(test(tokens(1000L, null), exchange)).isTrue();
  }

  @Test
  void nothingIsReadOrEstimatedWhenAnEarlierPredicateFails() {
    AtomicInteger reads = new AtomicInteger();
    MockServerWebExchange exchange = Exchanges.counting("/v1/chat/completions", ELEVEN, reads);
    AsyncPredicate<ServerWebExchange> route = AsyncPredicate.<ServerWebExchange>from(e -> false)
        .and(tokens(0L, null));
    assertThat(test(route, exchange)).isFalse();
    assertThat(reads).hasValue(0);
    assertThat(exchange.getAttributes()).doesNotContainKey(PromptTokens.ATTRIBUTE);
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> tokens(null, null)).hasMessageContaining("AiPromptTokens: no bound given");
    assertThatThrownBy(() -> tokens(-1L, null)).hasMessageContaining("AiPromptTokens: min -1, max none");
    assertThatThrownBy(() -> tokens(100L, 100L))
        .hasMessageContaining("AiPromptTokens: min 100, max 100 (expected 0 <= min < max; min is inclusive, max "
            + "exclusive)");
    assertThatThrownBy(() -> tokens(null, 0L)).hasMessageContaining("min 0, max 0");
  }

  @Test
  void describesItselfForTheRouteListing() {
    assertThat(tokens(100000L, null)).hasToString("AiPromptTokens: 100000 <= tokens");
    assertThat(tokens(null, 32000L)).hasToString("AiPromptTokens: 0 <= tokens < 32000");
    assertThat(factory.name()).isEqualTo("AiPromptTokens");
  }
}
