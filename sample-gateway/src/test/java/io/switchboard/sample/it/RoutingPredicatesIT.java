package io.switchboard.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import io.switchboard.ai.catalog.PromptTokens;
import io.switchboard.sample.SampleGatewayApplication;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;

/**
 * The routing predicates through the real gateway ({@code it/predicates-it.yml}): requests in every client dialect
 * land on the route their size, capabilities, metadata or dialect select, with the predicates composed with
 * {@code Path} and {@code AiModel} in shortcut and full forms.
 */
@SpringBootTest(classes = {SampleGatewayApplication.class, RoutingPredicatesIT.RouteProbe.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.config.location=classpath:/it/predicates-it.yml")
final class RoutingPredicatesIT {

  private static final FakeUpstream upstream = new FakeUpstream();
  private static final HttpClient http = ItHttp.client();
  private static final String GEMINI = "/v1beta/models/auto:generateContent";

  @LocalServerPort
  int port;

  @Autowired
  RouteLocator routes;

  @DynamicPropertySource
  static void upstreamPort(DynamicPropertyRegistry registry) {
    registry.add("fake.port", upstream::port);
  }

  @AfterAll
  static void stopUpstream() {
    upstream.close();
  }

  /** Tells which route served a request, and the prompt estimate a later filter finds on the exchange. */
  @TestConfiguration(proxyBeanMethods = false)
  static class RouteProbe {
    @Bean
    GlobalFilter routeProbe() {
      return new Probe();
    }

    static final class Probe implements GlobalFilter, Ordered {
      @Override
      public Mono<Void> filter(org.springframework.web.server.ServerWebExchange exchange,
          org.springframework.cloud.gateway.filter.GatewayFilterChain chain) {
        exchange.getResponse().beforeCommit(() -> Mono.fromRunnable(() -> {
          Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
          Long tokens = exchange.getAttribute(PromptTokens.ATTRIBUTE);
          exchange.getResponse().getHeaders().set("x-route", route == null ? "none" : route.getId());
          exchange.getResponse().getHeaders().set("x-prompt-tokens", String.valueOf(tokens));
        }));
        return chain.filter(exchange);
      }

      @Override
      public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
      }
    }
  }

  private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder request = ItHttp.post(port, path, body);
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String route(String path, String body, String... headers) throws Exception {
    HttpResponse<String> response = post(path, body, headers);
    assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
    return response.headers().firstValue("x-route").orElse("(none)");
  }

  private static String chat(String text, String extra) {
    return "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]" + extra + "}";
  }

  /** About {@code n} × 5 tokens of prose. */
  private static String words(int n) {
    return "The quick brown fox jumps. ".repeat(n);
  }

  @Test
  void promptSizeSelectsTheRouteInEveryDialect() throws Exception {
    String big = words(2000); // ~54 KB: estimated off the event loop (PromptTokens.OFFLOAD_BYTES)
    String medium = words(200);
    assertThat(route("/v1/chat/completions", chat(big, ""))).isEqualTo("long");
    assertThat(route("/v1/chat/completions", chat(medium, ""))).isEqualTo("mid");
    assertThat(route("/v1/chat/completions", chat("hi", ""))).isEqualTo("fallback");
    assertThat(route("/v1/messages", "{\"model\":\"auto\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\","
        + "\"content\":\"" + big + "\"}]}")).isEqualTo("long");
    assertThat(route(GEMINI, "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"" + medium + "\"}]}]}"))
        .isEqualTo("mid");
    assertThat(route("/v1/responses", "{\"model\":\"auto\",\"input\":\"" + big + "\"}")).isEqualTo("long");
    assertThat(route("/v1/responses", "{\"model\":\"auto\",\"input\":\"hi\"}")).isEqualTo("responses");
  }

  @Test
  void theEstimateStaysOnTheExchangeForLaterFilters() throws Exception {
    HttpResponse<String> response = post("/v1/chat/completions", chat(words(200), ""));
    long tokens = Long.parseLong(response.headers().firstValue("x-prompt-tokens").orElseThrow());
    assertThat(tokens).isBetween(500L, 2000L);
    assertThat(response.headers().firstValue("x-switchboard-provider")).hasValue("mid");
  }

  @Test
  void metadataInEveryDialectAndHeaders() throws Exception {
    assertThat(route("/v1/chat/completions", chat("hi", ",\"metadata\":{\"tier\":\"gold\"}"))).isEqualTo("gold");
    assertThat(route("/v1/responses", "{\"model\":\"auto\",\"input\":\"hi\",\"metadata\":{\"tier\":\"platinum\"}}"))
        .isEqualTo("gold");
    assertThat(route("/v1/chat/completions", chat("hi", ",\"metadata\":{\"tier\":\"silver\"}")))
        .isEqualTo("fallback");
    assertThat(route("/v1/chat/completions", chat("hi", ",\"user\":\"team-a-17\""))).isEqualTo("team-a");
    assertThat(route("/v1/messages", "{\"model\":\"auto\",\"max_tokens\":10,\"metadata\":{\"user_id\":\"team-a-9\"},"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).isEqualTo("team-a");
    // the header route comes first and wins even over a long prompt
    assertThat(route("/v1/chat/completions", chat(words(600), ""), "x-tenant", "acme")).isEqualTo("tenant");
    assertThat(route("/v1/chat/completions", chat("hi", ""), "x-tenant", "other")).isEqualTo("fallback");
  }

  @Test
  void capabilitiesInEveryDialect() throws Exception {
    String tool = "[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}}]";
    String schema = "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"n\",\"schema\":{\"type\":\"object\"}}}";
    assertThat(route("/v1/chat/completions", chat("hi", ",\"tools\":" + tool + ",\"response_format\":" + schema)))
        .isEqualTo("agents");
    assertThat(route("/v1/chat/completions", chat("hi", ",\"tools\":" + tool))).isEqualTo("fallback");
    assertThat(route("/v1/chat/completions", "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":["
        + "{\"type\":\"text\",\"text\":\"what is it?\"},{\"type\":\"image_url\",\"image_url\":{\"url\":"
        + "\"https://example.com/a.png\"}}]}]}")).isEqualTo("multimodal");
    assertThat(route(GEMINI, "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"what is it?\"},"
        + "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}}]}]}")).isEqualTo("multimodal");
    assertThat(route("/v1/messages", "{\"model\":\"auto\",\"max_tokens\":4096,\"thinking\":{\"type\":\"enabled\","
        + "\"budget_tokens\":2048},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).isEqualTo("reasoning");
    assertThat(route("/v1/responses", "{\"model\":\"auto\",\"input\":\"hi\",\"reasoning\":{\"effort\":\"high\"}}"))
        .isEqualTo("reasoning");
  }

  @Test
  void dialectsByPathAlone() throws Exception {
    HttpResponse<String> count = post("/v1/messages/count_tokens", "{\"model\":\"claude-sonnet-4-5\","
        + "\"messages\":[{\"role\":\"user\",\"content\":\"" + words(600) + "\"}]}");
    assertThat(count.headers().firstValue("x-route")).hasValue("counter");
    long counted = Json.MAPPER.readTree(count.body()).path("input_tokens").asLong();
    assertThat(counted).isGreaterThan(2000);
    assertThat(count.headers().firstValue("x-prompt-tokens")).hasValue("null"); // AiDialect read no body
    assertThat(route("/v1beta/models/auto:countTokens", "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}"))
        .isEqualTo("counter");
    assertThat(route("/v1/embeddings", "{\"model\":\"auto\",\"input\":\"" + words(600) + "\"}")).isEqualTo("embed");
    assertThat(route("/v1beta/models/auto:batchEmbedContents", "{\"requests\":[{\"model\":\"models/auto\","
        + "\"content\":{\"parts\":[{\"text\":\"hi\"}]}}]}")).isEqualTo("embed");
  }

  @Test
  void malformedBodiesGetTheUsual400() throws Exception {
    HttpResponse<String> invalid = post("/v1/chat/completions", "{\"model\":\"auto\",\"messages\":[");
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(Json.MAPPER.readTree(invalid.body()).path("error").path("code").asString()).isEqualTo("invalid_json");
    assertThat(post("/v1/messages", "[1,2]").statusCode()).isEqualTo(400);
  }

  @Test
  void anOrdinaryRouteBehindAiPredicatesGetsTheBodyIntact() throws Exception {
    upstream.on("/plain/v1/chat/completions", FakeUpstream.json(200, "{\"ok\":true}"));
    String body = chat(words(50), ",\"tools\":[]");
    HttpResponse<String> response = post("/plain/v1/chat/completions", body);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-route")).hasValue("plain");
    assertThat(upstream.lastRequest().body()).isEqualTo(body);
  }

  @Test
  void routeListingShowsWhatEachPredicateMatches() {
    Map<String, String> predicates = routes.getRoutes().collectList().block().stream()
        .collect(Collectors.toMap(Route::getId, r -> r.getPredicate().toString()));
    assertThat(predicates.get("long")).contains("AiModel: auto").contains("AiPromptTokens: 2000 <= tokens");
    assertThat(predicates.get("mid")).contains("AiPromptTokens: 500 <= tokens < 2000");
    assertThat(predicates.get("multimodal")).contains("AiCapability: any of images,audio");
    assertThat(predicates.get("agents")).contains("AiCapability: all of tools,json-schema");
    assertThat(predicates.get("team-a")).contains("AiMetadata: user regexp=team-a-[0-9]{1,4}");
    assertThat(predicates.get("tenant")).contains("AiMetadata: header:x-tenant regexp=acme|initech");
    assertThat(predicates.get("embed")).contains("AiDialect: openai-embeddings,embeddings");
    assertThat(predicates).hasSize(14);
  }
}
