package io.switchboard.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import io.switchboard.ai.governance.budget.BudgetStore;
import io.switchboard.ai.governance.budget.InMemoryBudgetStore;
import io.switchboard.sample.SampleGatewayApplication;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code AiBudget} through the real sample gateway with the in-memory store (see {@code budget/budget-it.yml}):
 * 200 parallel requests against a budget with room for a few, refusals in the client's dialect, settlement of
 * streams at the fallback price, release on failure.
 */
@SpringBootTest(classes = SampleGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.config.location=classpath:/budget/budget-it.yml")
class BudgetIT {

  static final ScriptedUpstream upstream = new ScriptedUpstream();
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final String CHAT = "/v1/chat/completions";

  /** A completion that used 10 prompt and 1000 completion tokens. */
  static final ScriptedUpstream.Answer THOUSAND_TOKENS = ScriptedUpstream.json(200, "{\"id\":\"c1\","
      + "\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{"
      + "\"role\":\"assistant\",\"content\":\"long\"},\"finish_reason\":\"length\"}],"
      + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":1000,\"total_tokens\":1010}}");

  @LocalServerPort
  int port;

  @Autowired
  BudgetStore store;

  @DynamicPropertySource
  static void upstreamPort(DynamicPropertyRegistry registry) {
    registry.add("fake.port", upstream::port);
  }

  @BeforeEach
  void fresh() {
    upstream.reset();
  }

  // ---- the concurrency test -------------------------------------------------------------------------------------

  @Test
  void twoHundredParallelRequestsNeverOverspend() throws Exception {
    upstream.script(CHAT, ScriptedUpstream.delayed(Duration.ofMillis(300), THOUSAND_TOKENS));
    // gpt-4o: 2.50 USD in / 10 USD out per million; max_tokens 1000 => at most ~0.01 USD per request.
    BigDecimal limit = new BigDecimal("0.05");
    List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      futures.add(http.sendAsync(chatRequest("gpt-4o", 1000, "sk-budget-1", Map.of()),
          HttpResponse.BodyHandlers.ofString()));
    }
    int ok = 0;
    int refused = 0;
    BigDecimal maxCost = null;
    for (CompletableFuture<HttpResponse<String>> future : futures) {
      HttpResponse<String> response = future.get();
      if (response.statusCode() == 200) {
        ok++;
      } else {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        JsonNode error = Json.MAPPER.readTree(response.body()).path("error");
        assertThat(error.path("code").asString()).isEqualTo("budget_exceeded");
        assertThat(error.path("message").asString()).contains("'shared-daily'").contains("resets at");
        assertThat(response.headers().firstValue("x-switchboard-budget-limit")).hasValue("shared-daily");
        assertThat(response.headers().firstValue("x-switchboard-budget-reset")).isPresent();
        assertThat(response.headers().firstValue("retry-after")).isPresent();
        String message = error.path("message").asString();
        maxCost = new BigDecimal(message.replaceAll(".*maximum cost ([0-9.]+) USD.*", "$1"));
        refused++;
      }
    }
    awaitSettled();
    BigDecimal spent = spent("shared-daily");
    System.out.printf("[BudgetIT] 200 parallel: %d served, %d refused, spent %s of %s USD (max cost %s)%n", ok,
        refused, spent.toPlainString(), limit, maxCost);
    assertThat(ok).as("the budget has room for a few").isBetween(1, 5);
    assertThat(refused).isEqualTo(200 - ok);
    assertThat(upstream.count(CHAT)).as("refused requests never reach the provider").isEqualTo(ok);
    assertThat(maxCost).isNotNull();
    assertThat(spent).as("spend within one request's maximum cost of the limit")
        .isLessThanOrEqualTo(limit.add(maxCost));
  }

  // ---- refusals ---------------------------------------------------------------------------------------------------

  @Test
  void anExhaustedUserBudgetIsA429NamingTheLimitAndItsReset() throws Exception {
    upstream.script(CHAT, THOUSAND_TOKENS);
    // gpt-4o-mini: 0.15 in / 0.60 out per million; 1000 output tokens ~ 0.0006 USD; the user has 0.001 per day.
    HttpResponse<String> first = send(chatRequest("gpt-4o-mini", 1000, "sk-budget-1",
        Map.of("x-switchboard-user", "alice")));
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(first.headers().firstValue("x-switchboard-budget-limit")).hasValue("user-daily");
    assertThat(first.headers().firstValue("x-switchboard-budget-remaining-usd")).isPresent();
    awaitSettled();
    HttpResponse<String> second = send(chatRequest("gpt-4o-mini", 1000, "sk-budget-1",
        Map.of("x-switchboard-user", "alice")));
    assertThat(second.statusCode()).as(second.body()).isEqualTo(429);
    JsonNode error = Json.MAPPER.readTree(second.body()).path("error");
    assertThat(error.path("type").asString()).isEqualTo("insufficient_quota");
    assertThat(error.path("message").asString()).contains("'user-daily'").contains("user, day")
        .contains("resets at").contains("T00:00:00Z");
    assertThat(second.headers().firstValue("retry-after")).isPresent();
    // Another user is not affected.
    assertThat(send(chatRequest("gpt-4o-mini", 1000, "sk-budget-1", Map.of("x-switchboard-user", "bob")))
        .statusCode()).isEqualTo(200);
    assertThat(upstream.count(CHAT)).isEqualTo(2);
  }

  @Test
  void refusalsTakeTheClientsDialect() throws Exception {
    upstream.script(CHAT, THOUSAND_TOKENS);
    assertThat(send(chatRequest("gpt-4o-mini", 1000, "sk-budget-1", Map.of("x-switchboard-user", "carol")))
        .statusCode()).isEqualTo(200);
    awaitSettled();
    HttpRequest anthropic = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/anthropic/v1/messages"))
        .header("content-type", "application/json").header("x-api-key", "sk-budget-1")
        .header("x-switchboard-user", "carol")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"max_tokens\":1000,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
        .build();
    HttpResponse<String> response = send(anthropic);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
    JsonNode body = Json.MAPPER.readTree(response.body());
    assertThat(body.path("type").asString()).isEqualTo("error");
    assertThat(body.path("error").path("type").asString()).isEqualTo("rate_limit_error");
    assertThat(body.path("error").path("message").asString()).contains("'user-daily'");
  }

  @Test
  void aRequestThatCouldNeverFitIsA403() throws Exception {
    upstream.script(CHAT, THOUSAND_TOKENS);
    // 5000 output tokens at 0.60 per million = 0.003 USD > the user's whole 0.001.
    HttpResponse<String> response = send(chatRequest("gpt-4o-mini", 5000, "sk-budget-1",
        Map.of("x-switchboard-user", "dave")));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
    assertThat(Json.MAPPER.readTree(response.body()).path("error").path("message").asString())
        .contains("'user-daily'").contains("lower max_tokens");
    assertThat(upstream.count(CHAT)).isZero();
  }

  @Test
  void anExhaustedTotalBudgetIsA403ThatNeverResets() throws Exception {
    upstream.script(CHAT, THOUSAND_TOKENS);
    // team-total: 0.002 USD in total; each call ~0.0006.
    int served = 0;
    HttpResponse<String> last = null;
    for (String user : List.of("t1", "t2", "t3", "t4")) {
      last = send(chatRequest("gpt-4o-mini", 1000, "sk-budget-2",
          Map.of("x-switchboard-user", user, "x-switchboard-team", "research")));
      if (last.statusCode() == 200) {
        served++;
      }
      awaitSettled();
    }
    assertThat(served).isEqualTo(3);
    assertThat(last.statusCode()).as(last.body()).isEqualTo(403);
    assertThat(last.body()).contains("'team-total'").contains("does not reset");
    assertThat(last.headers().firstValue("x-switchboard-budget-reset")).isEmpty();
  }

  // ---- settlement -------------------------------------------------------------------------------------------------

  @Test
  void aStreamIsSettledWhenItEndsAtTheFallbackPriceForUnpricedModels() throws Exception {
    upstream.script(CHAT, ScriptedUpstream.stream(Duration.ofMillis(20), "a", "b", "c"));
    BigDecimal before = spent("house");
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + CHAT))
        .header("content-type", "application/json").header("authorization", "Bearer sk-budget-1")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"house-model\",\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
        .build();
    HttpResponse<String> response = send(request);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("[DONE]");
    awaitSettled();
    // usage 10 prompt + 3 completion tokens at the default fallback prices (15 / 75 USD per million).
    assertThat(spent("house").subtract(before)).isEqualByComparingTo("0.000375");
  }

  @Test
  void aFailedCallReleasesItsReservation() throws Exception {
    upstream.script(CHAT, ScriptedUpstream.error(400, "invalid_request", "bad"));
    BigDecimal before = spent("house");
    HttpResponse<String> response = send(chatRequest("house-model", 100, "sk-budget-1", Map.of()));
    assertThat(response.statusCode()).isEqualTo(400);
    awaitSettled();
    assertThat(spent("house")).isEqualByComparingTo(before);
    assertThat(reserved("house")).isEqualByComparingTo("0");
  }

  @Test
  void keyBudgetsAreKeptUnderTheKeysHashNeverTheKey() throws Exception {
    upstream.script(CHAT, THOUSAND_TOKENS);
    assertThat(send(chatRequest("gpt-4o-mini", 10, "sk-budget-2", Map.of())).statusCode()).isEqualTo(200);
    awaitSettled();
    Map<String, BudgetStore.Standing> snapshot = memory().snapshot();
    assertThat(snapshot.keySet()).anyMatch(k -> k.startsWith("per-key:month:"));
    assertThat(snapshot.keySet()).noneMatch(k -> k.contains("sk-budget"));
    assertThat(spent("per-key")).isPositive();
  }

  // ---- helpers ----------------------------------------------------------------------------------------------------

  HttpRequest chatRequest(String model, int maxTokens, String key, Map<String, String> headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + CHAT))
        .timeout(Duration.ofSeconds(30))
        .header("content-type", "application/json").header("authorization", "Bearer " + key)
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"max_tokens\":" + maxTokens
            + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
    headers.forEach(builder::header);
    return builder.build();
  }

  static HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  InMemoryBudgetStore memory() {
    return (InMemoryBudgetStore) store;
  }

  /** Settlement runs once the exchange completes, just after the client has its answer. */
  void awaitSettled() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (memory().reservations() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(memory().reservations()).as("reservations left").isZero();
  }

  BigDecimal spent(String limit) {
    return memory().snapshot().entrySet().stream().filter(e -> e.getKey().startsWith(limit + ":"))
        .map(e -> e.getValue().spentUsd()).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  BigDecimal reserved(String limit) {
    return memory().snapshot().entrySet().stream().filter(e -> e.getKey().startsWith(limit + ":"))
        .map(e -> e.getValue().reservedUsd()).reduce(BigDecimal.ZERO, BigDecimal::add);
  }
}
