package io.switchboard.sample.it;

import static io.switchboard.sample.it.ItHttp.content;
import static io.switchboard.sample.it.ItHttp.millisSince;
import static io.switchboard.sample.it.ScriptedUpstream.delayed;
import static io.switchboard.sample.it.ScriptedUpstream.error;
import static io.switchboard.sample.it.ScriptedUpstream.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import io.switchboard.ai.failover.TargetRegistry;
import io.switchboard.sample.SampleGatewayApplication;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The strategies and hedging of {@code AiFailover} through a real gateway (see {@code failover/strategies-it.yml}):
 * how traffic is spread (weighted, least-latency, cost, least-busy, prefix-affinity), and what hedging does to the
 * tail of the time to first token, at what cost. Faults and error classes are {@link FailoverIT}'s and
 * {@link FaultMatrixIT}'s.
 */
@SpringBootTest(classes = SampleGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.config.location=classpath:/failover/strategies-it.yml")
class FailoverStrategiesIT {

  static final ScriptedUpstream upstream = new ScriptedUpstream();
  static final HttpClient http = ItHttp.client();
  static final String A = "/a/v1/chat/completions";
  static final String B = "/b/v1/chat/completions";
  static final String C = "/c/v1/chat/completions";

  @LocalServerPort
  int port;

  @Autowired
  TargetRegistry targets;

  @DynamicPropertySource
  static void upstreamPort(DynamicPropertyRegistry registry) {
    registry.add("fake.port", upstream::port);
  }

  @BeforeEach
  void fresh() {
    upstream.reset();
    targets.reset(null);
  }

  @Test
  void weightedStrategySplitsByWeight() throws Exception {
    upstream.script(A, ok("a"));
    upstream.script(B, ok("b"));
    int n = 1000;
    for (int i = 0; i < n; i++) {
      assertThat(chat("fo-weighted", null).statusCode()).isEqualTo(200);
    }
    double shareA = upstream.count(A) / (double) n;
    // Weights 3:1 → 0.75. Binomial: σ = sqrt(0.75 · 0.25 / 1000) = 0.0137, and ±4.5σ = ±0.062 fails a correct draw
    // about once in 150,000 runs, while 2:1 (0.667) lies outside it. The exact
    // distribution, with fixed seeds and chi-square, is TargetOrderStatisticsTest's.
    assertThat(shareA).isBetween(0.75 - 0.062, 0.75 + 0.062);
  }

  @Test
  void leastLatencySendsMostTrafficToTheFasterTarget() throws Exception {
    upstream.script(A, delayed(Duration.ofMillis(60), ok("slow")));
    upstream.script(B, delayed(Duration.ofMillis(3), ok("fast")));
    int n = 200;
    for (int i = 0; i < n; i++) {
      assertThat(chat("fo-latency", null).statusCode()).isEqualTo(200);
    }
    double shareB = upstream.count(B) / (double) n;
    assertThat(shareB).as("5%% exploration aside, the fast target takes the traffic").isGreaterThan(0.85);
  }

  @Test
  void costStrategyStartsWithTheCheapestPricedTarget() throws Exception {
    upstream.script(A, ok("a"));
    upstream.script(B, ok("b"));
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> response = chat("fo-cost", null);
      assertThat(response.headers().firstValue("x-switchboard-model")).as("gpt-4o-mini is cheaper than gpt-4.1")
          .hasValue("gpt-4o-mini");
    }
    upstream.script(B, error(503, "x", "down"));
    assertThat(content(chat("fo-cost", null))).as("then the dearer one").isEqualTo("a");
  }

  @Test
  void leastBusySendsANewRequestToTheIdleTarget() throws Exception {
    upstream.script(A, delayed(Duration.ofMillis(400), ok("a")));
    upstream.script(B, delayed(Duration.ofMillis(400), ok("b")));
    for (int round = 0; round < 5; round++) {
      upstream.reset();
      upstream.script(A, delayed(Duration.ofMillis(400), ok("a")));
      upstream.script(B, delayed(Duration.ofMillis(400), ok("b")));
      var first = http.sendAsync(chatRequest("fo-busy", false), HttpResponse.BodyHandlers.ofString());
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (upstream.calls().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      HttpResponse<String> second = http.send(chatRequest("fo-busy", false), HttpResponse.BodyHandlers.ofString());
      assertThat(content(second)).as("round %d: the other target is idle", round)
          .isNotEqualTo(content(first.get()));
    }
  }

  @Test
  void hedgingCutsTheSlowTailAndReportsItsExtraCost() throws Exception {
    // a streams its first token after 5ms, but every tenth request only after 1.2s; b always after 20ms.
    int n = 50;
    ScriptedUpstream.Answer[] tail = new ScriptedUpstream.Answer[n];
    for (int i = 0; i < n; i++) {
      ScriptedUpstream.Answer answer = ScriptedUpstream.stream(Duration.ofMillis(5), "from", " a");
      tail[i] = i % 10 == 9 ? delayed(Duration.ofMillis(1200), answer) : answer;
    }
    ScriptedUpstream.Answer fromB = delayed(Duration.ofMillis(15), ScriptedUpstream.stream(Duration.ofMillis(5), "b"));
    upstream.script(A, tail);
    upstream.script(B, fromB);
    List<Long> unhedged = timesToFirstToken("fo-nohedge", n);
    upstream.reset();
    upstream.script(A, tail);
    upstream.script(B, fromB);
    List<Long> hedged = timesToFirstToken("fo-hedge", n);

    HttpResponse<String> actuator = http.send(HttpRequest.newBuilder(ItHttp.uri(port, "/actuator/aitargets")).GET()
        .build(), HttpResponse.BodyHandlers.ofString());
    JsonNode stats = Json.MAPPER.readTree(actuator.body()).path("routes").path("hedged").path("stats");
    System.out.printf("hedging, %d streamed requests, 1 in 10 with a 1.2s first token on a: time to first token"
            + " p50/p95/p99 without hedging %d/%d/%d ms, with a 150ms hedge %d/%d/%d ms; %d hedges (%d won),"
            + " extra cost %.8f USD (%.2f %% of requests hedged)%n", n, percentile(unhedged, 50),
        percentile(unhedged, 95), percentile(unhedged, 99), percentile(hedged, 50), percentile(hedged, 95),
        percentile(hedged, 99), stats.path("hedges").asLong(), stats.path("hedgeWins").asLong(),
        stats.path("hedgeExtraCostUsd").asDouble(), 100.0 * stats.path("hedges").asLong() / n);
    assertThat(percentile(unhedged, 99)).as("the slow tail without hedging").isGreaterThanOrEqualTo(1150);
    assertThat(percentile(hedged, 99)).as("hedge after 150ms to a 20ms target (~170ms; bound for a loaded"
        + " machine)").isLessThan(900);
    assertThat(percentile(hedged, 50)).as("fast requests are not slowed by hedging").isLessThan(150);
    assertThat(stats.path("hedges").asLong()).as("only the slow tail is hedged").isBetween(5L, 15L);
    assertThat(stats.path("hedgeWins").asLong()).isGreaterThanOrEqualTo(5L);
    assertThat(stats.path("hedgeExtraCostUsd").asDouble()).as(actuator.body()).isGreaterThan(0);
    assertThat(actuator.body()).doesNotContain("key-a-secret").doesNotContain("127.0.0.1");
    // The losers, a's slow answers, were cancelled: their connections closed before they answered.
    long deadline = System.nanoTime() + 3_000_000_000L;
    while (upstream.cancelled().stream().filter(A::equals).count() < 5 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(upstream.cancelled().stream().filter(A::equals).count()).isGreaterThanOrEqualTo(5);
  }

  @Test
  void hedgingAfterTheTargetsObservedP95() throws Exception {
    upstream.script(A, ScriptedUpstream.stream(Duration.ofMillis(5), "from", " a"));
    upstream.script(B, ScriptedUpstream.stream(Duration.ofMillis(5), "b"));
    timesToFirstToken("fo-hedge-p95", 25); // 20 samples make a p95: a few ms, so the 100ms min-delay applies
    assertThat(upstream.count(B)).as("no hedge while a is fast").isZero();
    upstream.script(A, delayed(Duration.ofMillis(1500), ScriptedUpstream.stream(Duration.ofMillis(5), "late")));
    long start = System.nanoTime();
    HttpResponse<String> response = http.send(chatRequest("fo-hedge-p95", true), HttpResponse.BodyHandlers.ofString());
    assertThat(millisSince(start)).as("hedged after ~100ms, not after a's 1.5s").isLessThan(800);
    assertThat(response.headers().firstValue("x-switchboard-hedge")).hasValue("hedge");
    assertThat(response.headers().firstValue("x-switchboard-provider")).hasValue("b");
    assertThat(response.body()).contains("[DONE]").doesNotContain("late");
  }

  @Test
  void hedgesStopWhenTheRoutesHedgeSpendPerHourIsUsedUp() throws Exception {
    // The first request answers at once: it fills the hedge budget (a share of requests), which a route's very
    // first request cannot draw on yet.
    upstream.script(A, ok("fast a"), delayed(Duration.ofMillis(700), ok("slow a")));
    upstream.script(B, ok("b"));
    assertThat(content(chat("fo-hedge-capped", null))).isEqualTo("fast a");
    HttpResponse<String> first = chat("fo-hedge-capped", null);
    assertThat(first.headers().firstValue("x-switchboard-hedge")).as("the first hedge fits the cap").hasValue("hedge");
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> capped = chat("fo-hedge-capped", null);
      assertThat(content(capped)).as("no money left for hedges: a answers, late").isEqualTo("slow a");
      assertThat(capped.headers().firstValue("x-switchboard-hedge")).isEmpty();
    }
    HttpResponse<String> actuator = http.send(HttpRequest.newBuilder(ItHttp.uri(port, "/actuator/aitargets")).GET()
        .build(), HttpResponse.BodyHandlers.ofString());
    JsonNode stats = Json.MAPPER.readTree(actuator.body()).path("routes").path("hedged-capped").path("stats");
    assertThat(stats.path("hedges").asLong()).isEqualTo(1);
    assertThat(stats.path("hedgesDeniedByCost").asLong()).isEqualTo(2);
  }

  @Test
  void prefixAffinityKeepsAConversationOnTheTargetThatHoldsItsPrefix() throws Exception {
    upstream.script(A, ok("a"));
    upstream.script(B, ok("b"));
    upstream.script(C, ok("c"));
    String system = "You are a support agent for Acme. ".repeat(40);
    java.util.Set<String> servedBy = new java.util.HashSet<>();
    StringBuilder history = new StringBuilder();
    for (int turn = 0; turn < 8; turn++) {
      history.append("{\"role\":\"user\",\"content\":\"question ").append(turn).append("\"},");
      HttpResponse<String> response = post("{\"model\":\"fo-affinity\",\"messages\":[{\"role\":\"system\","
          + "\"content\":\"" + system + "\"}," + history + "{\"role\":\"user\",\"content\":\"go\"}]}", null);
      assertThat(response.statusCode()).isEqualTo(200);
      servedBy.add(response.headers().firstValue("x-switchboard-provider").orElseThrow());
      history.append("{\"role\":\"assistant\",\"content\":\"answer ").append(turn).append("\"},");
    }
    assertThat(servedBy).as("every turn of the conversation on one target").hasSize(1);
  }

  // ---- helpers ---------------------------------------------------------------------------------------------------

  /** Streams {@code n} requests one after the other; each one's time until its first data line arrived. */
  private List<Long> timesToFirstToken(String model, int n) throws Exception {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      HttpResponse<Stream<String>> response = http.send(chatRequest(model, true), HttpResponse.BodyHandlers.ofLines());
      assertThat(response.statusCode()).isEqualTo(200);
      long[] first = {-1};
      List<String> data = new ArrayList<>();
      try (Stream<String> lines = response.body()) {
        lines.filter(line -> line.startsWith("data: ")).forEach(line -> {
          if (first[0] < 0) {
            first[0] = millisSince(start);
          }
          data.add(line);
        });
      }
      assertThat(data).as("a complete stream").contains("data: [DONE]");
      out.add(first[0]);
    }
    return out;
  }

  /** Nearest-rank percentile. */
  private static long percentile(List<Long> values, int p) {
    List<Long> sorted = values.stream().sorted().toList();
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  private HttpRequest chatRequest(String model, boolean stream) {
    return ItHttp.post(port, "/v1/chat/completions", ItHttp.chatBody(model, stream)).build();
  }

  private HttpResponse<String> chat(String model, String id) throws IOException, InterruptedException {
    return post(ItHttp.chatBody(model, false), id);
  }

  private HttpResponse<String> post(String body, String id) throws IOException, InterruptedException {
    return http.send(ItHttp.post(port, "/v1/chat/completions", body).build(), HttpResponse.BodyHandlers.ofString());
  }
}
