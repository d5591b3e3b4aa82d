package io.switchboard.ai.predicate;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.catalog.PromptTokens;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.handler.AsyncPredicate;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Routes built from several AI predicates, evaluated in turn over one exchange as the gateway's handler mapping
 * does: the body is read once in all, each derived fact computed once, in any predicate order.
 */
final class PredicateCompositionTest {

  private static final String BODY = "{\"model\":\"gpt-4o\",\"metadata\":{\"tier\":\"gold\"},\"stream\":true,"
      + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello, world!\"}]}";

  private final AiModelRoutePredicateFactory model = new AiModelRoutePredicateFactory(Exchanges.READER);
  private final AiPromptTokensRoutePredicateFactory tokens = new AiPromptTokensRoutePredicateFactory(Exchanges.READER);
  private final AiCapabilityRoutePredicateFactory capability = new AiCapabilityRoutePredicateFactory(Exchanges.READER);
  private final AiMetadataRoutePredicateFactory metadata = new AiMetadataRoutePredicateFactory(Exchanges.READER);
  private final AiDialectRoutePredicateFactory dialect = new AiDialectRoutePredicateFactory();

  @SafeVarargs
  private static AsyncPredicate<ServerWebExchange> route(AsyncPredicate<ServerWebExchange>... predicates) {
    AsyncPredicate<ServerWebExchange> all = AsyncPredicate.from(e -> true);
    for (AsyncPredicate<ServerWebExchange> predicate : predicates) {
      all = all.and(predicate);
    }
    return all;
  }

  /** The index of the first route that matches, as RoutePredicateHandlerMapping picks it (routes in order). */
  private static int firstMatch(ServerWebExchange exchange, List<AsyncPredicate<ServerWebExchange>> routes) {
    return Flux.range(0, routes.size())
        .concatMap(i -> Mono.from(routes.get(i).apply(exchange)).filter(Boolean::booleanValue).map(b -> i))
        .next().blockOptional().orElse(-1);
  }

  private AsyncPredicate<ServerWebExchange> min(long min) {
    return tokens.applyAsync(new AiPromptTokensRoutePredicateFactory.Config().setMin(min));
  }

  private AsyncPredicate<ServerWebExchange> caps(String... names) {
    return capability.applyAsync(new AiCapabilityRoutePredicateFactory.Config().setCapabilities(List.of(names)));
  }

  private AsyncPredicate<ServerWebExchange> meta(String key, String regexp) {
    return metadata.applyAsync(new AiMetadataRoutePredicateFactory.Config().setKey(key).setRegexp(regexp));
  }

  private AsyncPredicate<ServerWebExchange> models(String glob) {
    return model.applyAsync(new AiModelRoutePredicateFactory.Config().setPatterns(List.of(glob)));
  }

  private AsyncPredicate<ServerWebExchange> dialects(String name) {
    return AsyncPredicate.from(dialect.apply(new AiDialectRoutePredicateFactory.Config().setDialects(List.of(name))));
  }

  @Test
  void bodyReadOnceAcrossPredicatesAndRoutesInAnyOrder() {
    AtomicInteger reads = new AtomicInteger();
    MockServerWebExchange exchange = Exchanges.counting("/v1/chat/completions", BODY, reads);
    List<AsyncPredicate<ServerWebExchange>> routes = List.of(
        route(dialects("anthropic"), min(0)),                              // path says no: nothing read
        route(min(1000), caps("tools"), meta("tier", "gold")),             // too short
        route(meta("tier", "silver"), models("gpt-*")),                    // wrong tier
        route(caps("tools", "streaming"), models("claude-*")),             // wrong model
        route(models("gpt-*"), meta("tier", "gold|platinum"), caps("tools", "streaming"), min(5)),
        route(min(0)));
    assertThat(firstMatch(exchange, routes)).isEqualTo(4);
    assertThat(reads).hasValue(1);
    assertThat(exchange.getAttributes()).containsKeys(PromptTokens.ATTRIBUTE, RequestMetadata.ATTRIBUTE,
        AiCapabilityRoutePredicateFactory.DETECTED_ATTRIBUTE);
  }

  @Test
  void pathOnlyRoutesBeforeAiRoutesReadNothing() {
    AtomicInteger reads = new AtomicInteger();
    MockServerWebExchange exchange = Exchanges.counting("/v1/messages", BODY, reads);
    assertThat(firstMatch(exchange, List.of(route(dialects("anthropic"), meta("header:x-tenant", null)),
        route(dialects("anthropic"))))).isEqualTo(1);
    assertThat(reads).hasValue(0);
  }

  @Test
  void theBodyStaysReadableForTheRouteThatServesIt() {
    MockServerWebExchange exchange = Exchanges.post("/v1/chat/completions", BODY);
    List<AsyncPredicate<ServerWebExchange>> routes = List.of(route(min(1_000_000)), route(caps("audio")),
        route(dialects("openai-chat")));
    assertThat(firstMatch(exchange, routes)).isEqualTo(2);
    org.springframework.http.server.reactive.ServerHttpRequest replay = exchange.getRequiredAttribute(
        org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CACHED_SERVER_HTTP_REQUEST_DECORATOR_ATTR);
    String forwarded = org.springframework.core.io.buffer.DataBufferUtils.join(replay.getBody())
        .map(b -> b.toString(java.nio.charset.StandardCharsets.UTF_8)).block();
    assertThat(forwarded).isEqualTo(BODY);
  }
}
