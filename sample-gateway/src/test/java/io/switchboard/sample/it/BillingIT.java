package io.switchboard.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import io.switchboard.ai.observe.UsageRecord;
import io.switchboard.ai.observe.UsageSink;
import io.switchboard.ai.observe.billing.BillingLedger;
import io.switchboard.sample.SampleGatewayApplication;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code /actuator/aibilling} through the real gateway: guarded like {@code aikeys}, JSON and CSV totals that equal
 * the sums of the usage records the ledger was fed, and (once the usage publisher is in) of the records the gateway
 * itself produced for requests with two virtual keys in two teams.
 */
@SpringBootTest(classes = {SampleGatewayApplication.class, BillingIT.Records.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.config.location=classpath:/billing/billing-it.yml")
class BillingIT {

  static final ScriptedUpstream upstream = new ScriptedUpstream();
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final String ADMIN = "admin-key-for-integration-tests-0001";

  /** Collects every usage record the gateway hands to its sinks. */
  @TestConfiguration(proxyBeanMethods = false)
  static class Records {
    static final List<UsageRecord> seen = new CopyOnWriteArrayList<>();

    @Bean
    UsageSink collectingSink() {
      return new UsageSink() {
        @Override
        public String name() {
          return "test-collector";
        }

        @Override
        public void accept(List<UsageRecord> batch) {
          seen.addAll(batch);
        }
      };
    }
  }

  @LocalServerPort
  int port;

  @Autowired
  BillingLedger ledger;

  @DynamicPropertySource
  static void upstreamPort(DynamicPropertyRegistry registry) {
    registry.add("fake.port", upstream::port);
  }

  @BeforeEach
  void fresh() {
    upstream.reset();
  }

  @Test
  void theEndpointIsForAdminsOnly() throws Exception {
    assertThat(get("/actuator/aibilling", null).statusCode()).isEqualTo(401);
    assertThat(get("/actuator/aibilling", "not-a-key").statusCode()).isEqualTo(401);
    assertThat(get("/actuator/aibilling?by=nope", ADMIN).statusCode()).isEqualTo(400);
  }

  @Test
  void jsonAndCsvTotalsEqualTheRecordsFed() throws Exception {
    Instant day = Instant.parse("2026-10-02T00:00:00Z");
    List<UsageRecord> fed = List.of(
        record(day.plusSeconds(3600), "k1", "team, \"quoted\"", "m1", "success", 100, 20, new BigDecimal("0.000123")),
        record(day.plusSeconds(7200), "k2", "team, \"quoted\"", "m1", "cancelled", 50, 3, new BigDecimal("0.0000031")),
        record(day.plusSeconds(90000), "k3", "other", "m2", "upstream_error", 0, 0, null));
    ledger.accept(fed);
    HttpResponse<String> json = get("/actuator/aibilling?by=team&from=2026-10-02&to=2026-10-03&bucket=day", ADMIN);
    assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
    JsonNode body = Json.MAPPER.readTree(json.body());
    assertThat(body.path("rows").size()).isEqualTo(2);
    JsonNode first = body.path("rows").get(0);
    assertThat(first.path("period").asString()).isEqualTo("2026-10-02");
    assertThat(first.path("team").asString()).isEqualTo("team, \"quoted\"");
    assertThat(first.path("requests").asLong()).isEqualTo(2);
    assertThat(first.path("inputTokens").asLong()).isEqualTo(150);
    assertThat(first.path("outputTokens").asLong()).isEqualTo(23);
    assertThat(new BigDecimal(first.path("costUsd").asString())).isEqualByComparingTo("0.0001261");
    assertThat(body.path("total").path("requests").asLong()).isEqualTo(3);

    HttpResponse<String> csv = get("/actuator/aibilling?by=team&from=2026-10-02&to=2026-10-03&format=csv", ADMIN);
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("content-type").orElseThrow()).startsWith("text/csv");
    assertThat(csv.body()).isEqualTo("period,team,requests,input_tokens,output_tokens,cached_tokens,cost_usd\r\n"
        + "2026-10-02,\"team, \"\"quoted\"\"\",2,150,23,0,0.0001261\r\n"
        + "2026-10-03,other,1,0,0,0,0\r\n");
  }

  @Test
  void theGatewaysOwnUsageRecordsAddUp() throws Exception {
    upstream.script("/v1/chat/completions", ScriptedUpstream.ok("hello"));
    String red = createKey("red");
    String blue = createKey("blue");
    Records.seen.clear();
    int sent = 0;
    for (int i = 0; i < 5; i++) {
      assertThat(chat(red, "gpt-4o-mini").statusCode()).isEqualTo(200);
      assertThat(chat(blue, i % 2 == 0 ? "gpt-4o" : "gpt-4o-mini").statusCode()).isEqualTo(200);
      sent += 2;
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (Records.seen.size() < sent && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    if (Records.seen.isEmpty() && !publisherPresent()) {
      System.out.println("BillingIT: no usage publisher on this branch yet; the end-to-end sums are checked once "
          + "it is merged");
      Assumptions.abort("no usage publisher yet");
    }
    assertThat(Records.seen).hasSize(sent);
    // The ledger is a sink of the same batches: wait until it has counted them all (or give up after 5 s).
    String today = Instant.now().toString().substring(0, 10);
    JsonNode body = null;
    long settle = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      body = Json.MAPPER.readTree(get("/actuator/aibilling?by=team&from=" + today + "&to=" + today, ADMIN).body());
      long counted = 0;
      for (JsonNode r : body.path("rows")) {
        if (List.of("red", "blue").contains(r.path("team").asString())) {
          counted += r.path("requests").asLong();
        }
      }
      if (counted >= sent || System.nanoTime() > settle) {
        break;
      }
      Thread.sleep(50);
    }
    for (String team : List.of("red", "blue")) {
      List<UsageRecord> mine = Records.seen.stream().filter(r -> team.equals(r.team())).toList();
      JsonNode row = null;
      for (JsonNode r : body.path("rows")) {
        if (r.path("team").asString().equals(team)) {
          row = r;
        }
      }
      assertThat(row).as(body.toString()).isNotNull();
      assertThat(row.path("requests").asLong()).isEqualTo(mine.size());
      assertThat(row.path("inputTokens").asLong())
          .isEqualTo(mine.stream().mapToLong(r -> r.tokens().promptTokens()).sum());
      assertThat(row.path("outputTokens").asLong())
          .isEqualTo(mine.stream().mapToLong(r -> r.tokens().completionTokens()).sum());
      assertThat(new BigDecimal(row.path("costUsd").asString())).isEqualByComparingTo(mine.stream()
          .map(r -> r.costUsd() == null ? BigDecimal.ZERO : r.costUsd()).reduce(BigDecimal.ZERO, BigDecimal::add));
    }
  }

  private static boolean publisherPresent() {
    try {
      Class.forName("io.switchboard.ai.observe.UsagePublisher");
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  static UsageRecord record(Instant time, String key, String team, String model, String outcome, long prompt,
      long completion, BigDecimal cost) {
    return new UsageRecord("r", time, "open", "openai", "chat", key, null, team, model, "fake", model, List.of(),
        200, outcome, null, false, new UsageRecord.Latency(1, null, 1, 0),
        new UsageRecord.Tokens(prompt, completion, 0, 0, 0), cost, null, Map.of());
  }

  private String createKey(String team) throws Exception {
    HttpResponse<String> created = http.send(HttpRequest.newBuilder(uri("/actuator/aikeys"))
        .header("x-switchboard-admin-key", ADMIN).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + team + "-key\",\"team\":\"" + team + "\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    return Json.MAPPER.readTree(created.body()).path("key").asString();
  }

  private HttpResponse<String> chat(String key, String model) throws Exception {
    return http.send(HttpRequest.newBuilder(uri("/v1/chat/completions"))
        .header("authorization", "Bearer " + key).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"hi\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String adminKey) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
    if (adminKey != null) {
      request.header("x-switchboard-admin-key", adminKey);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
