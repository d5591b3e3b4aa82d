package io.switchboard.sample.it;

import static io.switchboard.sample.it.ScriptedUpstream.chunks;
import static io.switchboard.sample.it.ScriptedUpstream.error;
import static io.switchboard.sample.it.ScriptedUpstream.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.observe.UsageRecord;
import io.switchboard.ai.observe.UsageSink;
import io.switchboard.sample.SampleGatewayApplication;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Usage records and metrics through a real gateway: every kind of AI request (plain, streamed, failed over, a
 * stream cut by the provider, a client that leaves mid-stream, refused by AiAuth, refused by the rate limiter,
 * admitted by a static key) yields exactly one record with the right attempts, tokens and cost, the answers carry
 * the observability headers, and {@code /actuator/prometheus} shows the series fed from those records.
 */
@SpringBootTest(classes = {SampleGatewayApplication.class, UsageRecordsIT.Collector.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.config.location=classpath:/usage/usage-it.yml")
class UsageRecordsIT {

  static final ScriptedUpstream upstream = new ScriptedUpstream();
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final String A = "/a/v1/chat/completions";
  static final String B = "/b/v1/chat/completions";
  static final String KEY = "usage-it-client-key";
  static final int ROUNDS = 2;
  static final int KINDS = 9;

  /** Collects every record the publisher hands to sinks. */
  @TestConfiguration(proxyBeanMethods = false)
  static class Collector {
    static final List<UsageRecord> records = new CopyOnWriteArrayList<>();

    @Bean
    UsageSink collectingSink() {
      return new UsageSink() {
        @Override
        public String name() {
          return "test";
        }

        @Override
        public void accept(List<UsageRecord> batch) {
          records.addAll(batch);
        }
      };
    }
  }

  @LocalServerPort
  int port;

  @DynamicPropertySource
  static void upstreamPort(DynamicPropertyRegistry registry) {
    registry.add("fake.port", upstream::port);
  }

  @AfterAll
  static void close() {
    upstream.close();
  }

  @Test
  void everyRequestYieldsOneRecordAndTheMetricsFollow() throws Exception {
    Map<String, HttpResponse<String>> answers = new HashMap<>();
    for (int round = 0; round < ROUNDS; round++) {
      upstream.reset();
      upstream.script(A, ok("plain"));
      answers.put("plain-" + round, chat("gpt-4o-mini", false, "plain-" + round, null, null));

      upstream.script(A, ScriptedUpstream.stream(Duration.ofMillis(5), "a", "b", "c"));
      answers.put("stream-" + round, chat("gpt-4o-mini", true, "stream-" + round, null, null));

      upstream.script(A, error(503, "overloaded", "busy"));
      upstream.script(B, ok("from b"));
      answers.put("failover-" + round, chat("gpt-4.1-mini", false, "failover-" + round, null, null));

      List<String> firstTwo = chunks("Hello there, ", "general Kenobi").subList(0, 2);
      upstream.script(A, ScriptedUpstream.streamThen(firstTwo, "cut"));
      answers.put("cut-" + round, chat("gpt-4o-mini", true, "cut-" + round, null, null));

      upstream.script(A, ScriptedUpstream.stream(Duration.ofMillis(300), "one", "two", "three", "four", "five"));
      leaveMidStream("gone-" + round);

      answers.put("unauthorized-" + round, chat("gpt-4o", false, "unauthorized-" + round, "sk-wrong-key-1234567", null));

      upstream.script(B, ok("secure"));
      answers.put("secure-" + round, chat("gpt-4o", false, "secure-" + round, KEY, null));

      upstream.script(B, ok("limited"));
      answers.put("limited-" + round, chat("gpt-4.1", false, "limited-" + round, null, "tenant-" + round));
      answers.put("refused-" + round, chat("gpt-4.1", false, "refused-" + round, null, "tenant-" + round));
    }

    int expected = ROUNDS * KINDS;
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (Collector.records.size() < expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(300); // a duplicate would show up by now
    List<UsageRecord> records = Collector.records;
    assertThat(records).as("one record per request").hasSize(expected);
    Map<String, UsageRecord> byCase = records.stream()
        .collect(Collectors.toMap(r -> r.metadata().get("case"), r -> r));
    assertThat(byCase).hasSize(expected);

    for (int round = 0; round < ROUNDS; round++) {
      UsageRecord plain = byCase.get("plain-" + round);
      assertThat(plain.routeId()).isEqualTo("usage-plain");
      assertThat(plain.outcome()).isEqualTo("success");
      assertThat(plain.status()).isEqualTo(200);
      assertThat(plain.provider()).isEqualTo("a");
      assertThat(plain.tokens().promptTokens()).isEqualTo(10);
      assertThat(plain.tokens().completionTokens()).isEqualTo(2);
      assertThat(plain.costUsd()).isPositive();
      assertThat(plain.attempts()).hasSize(1);
      assertThat(plain.attempts().get(0).outcome()).isEqualTo("ok");
      assertThat(plain.attempts().get(0).model()).isEqualTo("gpt-4o-mini");
      assertThat(plain.latency().timeToFirstTokenMs()).isNotNull();
      assertThat(plain.latency().overheadMs()).isLessThan(plain.latency().totalMs());
      HttpResponse<String> plainAnswer = answers.get("plain-" + round);
      assertThat(plainAnswer.headers().firstValue("x-switchboard-target")).hasValue("a/gpt-4o-mini");
      assertThat(plainAnswer.headers().firstValue("x-switchboard-overhead-ms")).isPresent();
      assertThat(Double.parseDouble(plainAnswer.headers().firstValue("x-switchboard-overhead-ms").orElseThrow()))
          .isGreaterThanOrEqualTo(0);
      assertThat(new java.math.BigDecimal(plainAnswer.headers().firstValue("x-switchboard-cost-usd").orElseThrow()))
          .isEqualByComparingTo(plain.costUsd());

      UsageRecord stream = byCase.get("stream-" + round);
      assertThat(stream.stream()).isTrue();
      assertThat(stream.outcome()).isEqualTo("success");
      assertThat(stream.tokens().completionTokens()).isEqualTo(3);
      assertThat(stream.costUsd()).isPositive();
      assertThat(answers.get("stream-" + round).headers().firstValue("x-switchboard-target"))
          .hasValue("a/gpt-4o-mini");

      UsageRecord failover = byCase.get("failover-" + round);
      assertThat(failover.routeId()).isEqualTo("usage-failover");
      assertThat(failover.outcome()).isEqualTo("success");
      assertThat(failover.provider()).isEqualTo("b");
      assertThat(failover.attempts()).extracting(UsageRecord.Attempt::provider, UsageRecord.Attempt::outcome)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "overloaded"),
              org.assertj.core.groups.Tuple.tuple("b", "ok"));
      assertThat(answers.get("failover-" + round).headers().firstValue("x-switchboard-attempts")).isPresent();
      assertThat(answers.get("failover-" + round).headers().firstValue("x-switchboard-target"))
          .hasValue("b/gpt-4.1-mini");

      UsageRecord cut = byCase.get("cut-" + round);
      assertThat(cut.status()).isEqualTo(200);
      assertThat(cut.outcome()).isEqualTo("upstream_error");
      assertThat(cut.errorType()).isNotNull();
      assertThat(cut.tokens().completionTokens()).as("tokens actually delivered").isPositive();
      assertThat(cut.costUsd()).as("delivered tokens are billed").isPositive();

      UsageRecord gone = byCase.get("gone-" + round);
      assertThat(gone.outcome()).isEqualTo("cancelled");
      assertThat(gone.stream()).isTrue();
      assertThat(gone.provider()).isEqualTo("a");
      assertThat(gone.latency().totalMs()).isLessThan(1500); // recorded when the client left, not at stream end

      UsageRecord unauthorized = byCase.get("unauthorized-" + round);
      assertThat(unauthorized.status()).isEqualTo(401);
      assertThat(unauthorized.outcome()).isEqualTo("rejected");
      assertThat(unauthorized.errorType()).isEqualTo("authentication_error");
      assertThat(unauthorized.provider()).isNull();
      assertThat(unauthorized.keyId()).isNull();
      assertThat(unauthorized.requestedModel()).isEqualTo("gpt-4o");

      UsageRecord secure = byCase.get("secure-" + round);
      assertThat(secure.outcome()).isEqualTo("success");
      assertThat(secure.keyId()).startsWith("static:").hasSize("static:".length() + 8);

      assertThat(byCase.get("limited-" + round).outcome()).isEqualTo("success");
      UsageRecord refused = byCase.get("refused-" + round);
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.outcome()).isEqualTo("rejected");
      assertThat(refused.errorType()).isEqualTo("rate_limit_error");
      assertThat(refused.attempts()).isEmpty();
    }
    assertThat(records.toString()).doesNotContain(KEY, "sk-wrong-key", "key-a-secret", "key-b-secret");

    String scrape = get("/actuator/prometheus");
    java.nio.file.Files.writeString(java.nio.file.Path.of("target/usage-it-prometheus.txt"), scrape);
    io.switchboard.sample.examples.DashboardQueries.assertAnsweredBy(scrape); // the Grafana dashboard cannot rot
    int n = ROUNDS;
    assertThat(sum(scrape, "switchboard_requests_total", Map.of("route", "usage-plain", "outcome", "success",
        "stream", "false", "status_class", "2xx", "gen_ai_provider_name", "a",
        "gen_ai_request_model", "gpt-4o-mini", "gen_ai_operation_name", "chat", "dialect", "openai"))).isEqualTo(n);
    assertThat(sum(scrape, "switchboard_requests_total", Map.of("route", "usage-plain", "outcome", "cancelled")))
        .isEqualTo(n);
    assertThat(sum(scrape, "switchboard_requests_total", Map.of("outcome", "rejected", "status_class", "4xx")))
        .isEqualTo(2 * n);
    assertThat(sum(scrape, "switchboard_requests_total", Map.of())).isEqualTo(ROUNDS * KINDS);
    assertThat(sum(scrape, "gen_ai_client_operation_duration_seconds_count", Map.of("route", "usage-plain")))
        .isEqualTo(4 * n);
    assertThat(scrape).contains("gen_ai_client_operation_duration_seconds_bucket");
    assertThat(sum(scrape, "switchboard_gateway_overhead_seconds_count", Map.of())).isEqualTo(ROUNDS * KINDS);
    assertThat(sum(scrape, "gen_ai_client_token_usage_tokens_sum", Map.of("gen_ai_token_type", "input",
        "route", "usage-plain", "gen_ai_request_model", "gpt-4o-mini"))).as("cut and left streams had no usage yet")
        .isEqualTo(10.0 * 2 * n);
    assertThat(sum(scrape, "switchboard_tokens_total", Map.of("gen_ai_token_type", "output",
        "route", "usage-failover", "team", "none"))).isEqualTo(2.0 * n);
    assertThat(sum(scrape, "switchboard_cost_usd_total", Map.of("route", "usage-plain"))).isPositive();
    assertThat(sum(scrape, "switchboard_attempts_total", Map.of("gen_ai_provider_name", "a",
        "outcome", "overloaded"))).isEqualTo(n);
    assertThat(sum(scrape, "switchboard_retries_total", Map.of("route", "usage-failover", "kind", "failover")))
        .isEqualTo(n);
    assertThat(sum(scrape, "switchboard_ratelimit_rejections_total", Map.of("route", "usage-limited")))
        .isEqualTo(n);
    assertThat(sum(scrape, "gen_ai_server_time_to_first_token_seconds_count", Map.of())).isPositive();
    assertThat(sum(scrape, "switchboard_usage_records_total", Map.of("sink", "test"))).isEqualTo(ROUNDS * KINDS);
    assertThat(scrape).contains("switchboard_circuit_state{");
    assertThat(scrape).doesNotContain("usage-it-client-key");
  }

  /** Sums the samples of {@code name} whose labels include {@code labels}. */
  static double sum(String scrape, String name, Map<String, String> labels) {
    double total = 0;
    Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE);
    Matcher m = line.matcher(scrape);
    while (m.find()) {
      Map<String, String> have = new HashMap<>();
      if (m.group(1) != null) {
        Matcher l = Pattern.compile("(\\w+)=\"([^\"]*)\"").matcher(m.group(1));
        while (l.find()) {
          have.put(l.group(1), l.group(2));
        }
      }
      if (have.entrySet().containsAll(labels.entrySet())) {
        total += Double.parseDouble(m.group(2));
      }
    }
    return total;
  }

  private HttpResponse<String> chat(String model, boolean stream, String tag, String key, String tenant)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/v1/chat/completions")).timeout(Duration.ofSeconds(20))
        .header("content-type", "application/json").header("x-switchboard-tag-case", tag)
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"stream\":" + stream
            + ",\"metadata\":{\"feature\":\"it\"},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
    if (key != null) {
      request.header("authorization", "Bearer " + key);
    }
    if (tenant != null) {
      request.header("x-tenant", tenant);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  /** Starts a streamed request on a raw socket, reads until the first event, then closes the connection. */
  private void leaveMidStream(String tag) throws Exception {
    String body = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "x-switchboard-tag-case: " + tag + "\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
          + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder seen = new StringBuilder();
      byte[] buffer = new byte[1024];
      while (!seen.toString().contains("data:")) {
        int read = in.read(buffer);
        if (read < 0) {
          break;
        }
        seen.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
      }
      assertThat(seen.toString()).startsWith("HTTP/1.1 200").contains("x-switchboard-target: a/gpt-4o-mini");
    }
  }
}
