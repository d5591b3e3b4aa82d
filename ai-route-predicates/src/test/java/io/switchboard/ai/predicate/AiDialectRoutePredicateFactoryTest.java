package io.switchboard.ai.predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.web.server.ServerWebExchange;

final class AiDialectRoutePredicateFactoryTest {

  private final AiDialectRoutePredicateFactory factory = new AiDialectRoutePredicateFactory();

  private Predicate<ServerWebExchange> dialects(String... names) {
    return factory.apply(new AiDialectRoutePredicateFactory.Config().setDialects(List.of(names)));
  }

  @ParameterizedTest
  @CsvSource({
      "/v1/chat/completions, openai-chat",
      "/team-a/v1/chat/completions, openai-chat",
      "/v1/embeddings, openai-embeddings",
      "/v1/embeddings, embeddings",
      "/v1/responses, responses",
      "/v1/messages, anthropic",
      "/v1/messages/count_tokens, anthropic",
      "/v1/messages/count_tokens, count-tokens",
      "/v1beta/models/gemini-2.5-flash:generateContent, gemini",
      "/v1beta/models/gemini-2.5-flash:streamGenerateContent, gemini",
      "/v1beta/models/gemini-embedding-001:embedContent, gemini",
      "/v1beta/models/gemini-embedding-001:batchEmbedContents, embeddings",
      "/v1beta/models/gemini-2.5-flash:countTokens, count-tokens",
  })
  void matchesTheEndpointsItNames(String path, String dialect) {
    assertThat(dialects(dialect).test(Exchanges.post(path, "{}"))).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
      "/v1/chat/completions, openai-embeddings",
      "/v1/embeddings, openai-chat",
      "/v1/responses, openai-chat",
      "/v1/messages, openai-chat",
      "/v1/messages, count-tokens",
      "/v1beta/models/gemini-2.5-flash:generateContent, anthropic",
      "/v1beta/models/gemini-2.5-flash:generateContent, embeddings",
      "/v1/models, openai-chat",
      "/health, gemini",
  })
  void doesNotMatchOthers(String path, String dialect) {
    assertThat(dialects(dialect).test(Exchanges.post(path, "{}"))).isFalse();
  }

  @Test
  void anyOfSeveralAndEveryArgumentForm() {
    Predicate<ServerWebExchange> predicate = dialects("anthropic", "GEMINI", " responses ");
    assertThat(predicate.test(Exchanges.post("/v1/messages", "{}"))).isTrue();
    assertThat(predicate.test(Exchanges.post("/v1/responses", "{}"))).isTrue();
    assertThat(predicate.test(Exchanges.post("/v1/chat/completions", "{}"))).isFalse();
    // the full form's "anthropic,gemini" arrives as one value
    assertThat(dialects("anthropic,gemini").test(Exchanges.post("/v1/messages", "{}"))).isTrue();
  }

  @Test
  void neverReadsTheBody() {
    AtomicInteger reads = new AtomicInteger();
    ServerWebExchange exchange = Exchanges.counting("/v1/messages", "{\"model\":\"claude\"}", reads);
    assertThat(dialects("anthropic").test(exchange)).isTrue();
    assertThat(reads).hasValue(0);
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> dialects("antropic"))
        .hasMessageContaining("AiDialect: 'antropic' (expected one of: openai-chat, openai-embeddings, responses,"
            + " anthropic, gemini, embeddings, count-tokens)");
    assertThatThrownBy(() -> dialects(" ", "")).hasMessageContaining("AiDialect: no dialect given");
  }

  @Test
  void describesItselfForTheRouteListing() {
    assertThat(dialects("gemini", "anthropic")).hasToString("AiDialect: anthropic,gemini");
    assertThat(factory.name()).isEqualTo("AiDialect");
  }
}
