package io.switchboard.sample.it;

import static io.switchboard.sample.it.ItHttp.content;
import static io.switchboard.sample.it.ItHttp.millisSince;
import static io.switchboard.sample.it.ScriptedUpstream.chunks;
import static io.switchboard.sample.it.ScriptedUpstream.delayed;
import static io.switchboard.sample.it.ScriptedUpstream.error;
import static io.switchboard.sample.it.ScriptedUpstream.ok;
import static io.switchboard.sample.it.UsageProbe.completed;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.AiCall;
import io.switchboard.ai.Json;
import io.switchboard.ai.failover.TargetRegistry;
import io.switchboard.sample.SampleGatewayApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Fault injection through a real gateway: each test scripts faults on one target of an {@code AiFailover} route
 * (see {@code failover/failover-it.yml}) and checks what the client got, which attempts were made, and how long it
 * all took against the route's policy. Strategies and hedging are {@link FailoverStrategiesIT}'s; the fault matrix
 * with a healthy second target is {@link FaultMatrixIT}'s.
 */
@SpringBootTest(classes = {SampleGatewayApplication.class, UsageProbe.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.config.location=classpath:/failover/failover-it.yml")
class FailoverIT {

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
    UsageProbe.calls.clear();
  }

  // ---- failures before the first byte fail over ----------------------------------------------------------------

  @Test
  void rateLimitedTargetWithRetryAfterIsLeftForTheNextAtOnce() throws Exception {
    upstream.script(A, error(429, "rate_limit_exceeded", "slow down", "retry-after", "5"));
    upstream.script(B, ok("from b"));
    long start = System.nanoTime();
    HttpResponse<String> response = chat("fo-priority", "t1");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(millisSince(start)).as("no waiting when another target is free").isLessThan(1000);
    assertThat(content(response)).isEqualTo("from b");
    assertThat(response.headers().firstValue("x-switchboard-provider")).hasValue("b");
    assertThat(response.headers().firstValue("x-switchboard-attempts").orElseThrow())
        .startsWith("a/p-a;outcome=rate-limited;status=429").contains("b/p-b;outcome=ok;status=200");
    List<AiCall.Attempt> attempts = completed("t1").attempts();
    assertThat(attempts).extracting(AiCall.Attempt::outcome).containsExactly("rate-limited", "ok");
    // The next request skips a while its Retry-After lasts.
    assertThat(chat("fo-priority", "t1b").statusCode()).isEqualTo(200);
    assertThat(upstream.count(A)).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 503, 529})
  void serverErrorsAndOverloadFailOver(int status) throws Exception {
    upstream.script(A, error(status, "server_error", "boom"));
    upstream.script(B, ok("from b"));
    HttpResponse<String> response = chat("fo-priority", "s" + status);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(content(response)).isEqualTo("from b");
    String outcome = status == 500 ? "server-error" : "overloaded";
    assertThat(completed("s" + status).attempts()).extracting(AiCall.Attempt::outcome).containsExactly(outcome, "ok");
  }

  @Test
  void connectionRefusedFailsOverToAnotherDialect() throws Exception {
    upstream.script("/claude/v1/messages", ScriptedUpstream.json(200, "{\"id\":\"msg_1\",\"type\":\"message\","
        + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[{\"type\":\"text\",\"text\":\"from claude\"}],"
        + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":9,\"output_tokens\":3}}"));
    HttpResponse<String> response = chat("fo-cross", "cross");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(content(response)).isEqualTo("from claude");
    assertThat(completed("cross").attempts()).extracting(AiCall.Attempt::outcome).containsExactly("connection", "ok");
    ScriptedUpstream.Call sent = upstream.calls().get(0);
    JsonNode body = Json.MAPPER.readTree(sent.body());
    assertThat(body.path("model").asString()).isEqualTo("claude-sonnet-4-5");
    assertThat(body.path("messages").get(0).path("content").toString()).contains("hi");
    assertThat(sent.headers()).as("the target's extra headers").containsEntry("anthropic-beta", "test-beta");
  }

  @Test
  void resetBeforeTheResponseHeadFailsOver() throws Exception {
    upstream.script(A, ScriptedUpstream.resetConnection());
    upstream.script(B, ok("from b"));
    HttpResponse<String> response = chat("fo-priority", "reset");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(completed("reset").attempts()).extracting(AiCall.Attempt::outcome).containsExactly("connection", "ok");
  }

  @Test
  void slowFirstTokenFailsOverAfterTheFirstTokenTimeout() throws Exception {
    upstream.script(A, delayed(Duration.ofSeconds(3), ok("late")));
    upstream.script(B, ok("from b"));
    long start = System.nanoTime();
    HttpResponse<String> response = chat("fo-priority", "slow");
    long took = millisSince(start);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(content(response)).isEqualTo("from b");
    assertThat(took).as("first-token timeout is 700ms").isBetween(650L, 2000L);
    assertThat(completed("slow").attempts().get(0).outcome()).isEqualTo("timeout");
  }

  @Test
  void retryAfterIsHonouredWhenRetryingTheSameTarget() throws Exception {
    upstream.script(A, error(429, "rate_limit_exceeded", "slow down", "retry-after", "1"), ok("second try"));
    long start = System.nanoTime();
    HttpResponse<String> response = chat("fo-retry", "ra");
    long took = millisSince(start);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(content(response)).isEqualTo("second try");
    assertThat(took).as("waited the provider's Retry-After of 1s").isBetween(950L, 2500L);
    List<ScriptedUpstream.Call> calls = upstream.calls();
    assertThat(calls.get(1).atMillis() - calls.get(0).atMillis()).isGreaterThanOrEqualTo(950);
  }

  @Test
  void rateLimitResetHeadersStandInForAMissingRetryAfter() throws Exception {
    upstream.script(A, error(429, "rate_limit_exceeded", "slow down", "x-ratelimit-remaining-requests", "0",
        "x-ratelimit-reset-requests", "1s", "x-ratelimit-remaining-tokens", "5000", "x-ratelimit-reset-tokens", "20ms"),
        ok("after the reset"));
    HttpResponse<String> response = chat("fo-retry", "reset-hdr");
    assertThat(response.statusCode()).isEqualTo(200);
    List<ScriptedUpstream.Call> calls = upstream.calls();
    assertThat(calls.get(1).atMillis() - calls.get(0).atMillis())
        .as("waited for the exhausted request limit's reset, not the token limit's").isGreaterThanOrEqualTo(950);
  }

  @Test
  void retryAfterMsIsHonouredToTheMillisecond() throws Exception {
    upstream.script(A, error(429, "rate_limit_exceeded", "slow down", "retry-after-ms", "300"), ok("after 300ms"));
    HttpResponse<String> response = chat("fo-retry", "ra-ms");
    assertThat(response.statusCode()).isEqualTo(200);
    List<ScriptedUpstream.Call> calls = upstream.calls();
    assertThat(calls.get(1).atMillis() - calls.get(0).atMillis()).as("300ms asked, not rounded up to 1s")
        .isBetween(290L, 900L);
  }

  @Test
  void overloadWithRetryAfterIsHonouredToo() throws Exception {
    upstream.script(A, error(503, "overloaded", "busy", "retry-after", "1"), ok("capacity is back"));
    long start = System.nanoTime();
    HttpResponse<String> response = chat("fo-retry", "ra-503");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(content(response)).isEqualTo("capacity is back");
    List<ScriptedUpstream.Call> calls = upstream.calls();
    assertThat(calls.get(1).atMillis() - calls.get(0).atMillis()).as("the 503's Retry-After of 1s")
        .isGreaterThanOrEqualTo(950);
    assertThat(millisSince(start)).isLessThan(3000);
    assertThat(completed("ra-503").attempts()).extracting(AiCall.Attempt::outcome).containsExactly("overloaded", "ok");
  }

  @Test
  void rateLimitWithoutRetryAfterBacksOffBriefly() throws Exception {
    upstream.script(A, error(429, "rate_limit_exceeded", "slow down"), error(500, "x", "again"), ok("third"));
    HttpResponse<String> response = chat("fo-retry", "bo");
    assertThat(response.statusCode()).isEqualTo(200);
    List<ScriptedUpstream.Call> calls = upstream.calls();
    assertThat(calls).hasSize(3);
    // Full jitter under a 40ms base, 200ms cap: never more than the cap between attempts, plus scheduling (a
    // generous 600ms of it on a loaded machine; a 1s Retry-After wait, or the default 8s cap, would be far above).
    for (int i = 1; i < calls.size(); i++) {
      assertThat(calls.get(i).atMillis() - calls.get(i - 1).atMillis()).isLessThan(800);
    }
  }

  @Test
  void badRequestIsAnsweredAndNeverRetried() throws Exception {
    upstream.script(A, error(400, "invalid_value", "temperature must be <= 2"));
    upstream.script(B, ok("from b"));
    HttpResponse<String> response = chat("fo-priority", "bad");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("temperature must be <= 2");
    assertThat(upstream.count(B)).isZero();
  }

  @Test
  void contextWindowExceededGoesToALargerWindowWithoutTheDroppedParameters() throws Exception {
    upstream.script(A, error(400, "context_length_exceeded", "This model's maximum context length is 128000 tokens"));
    upstream.script(B, ok("b has the same window"));
    upstream.script(C, ok("from c"));
    HttpResponse<String> response = post("{\"model\":\"fo-context\",\"logit_bias\":{\"1\":1},"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "ctx");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(content(response)).isEqualTo("from c");
    assertThat(upstream.count(B)).as("gpt-4o's window is no larger than gpt-4o-mini's").isZero();
    JsonNode sentToC = Json.MAPPER.readTree(upstream.calls().get(1).body());
    assertThat(sentToC.has("logit_bias")).isFalse();
    assertThat(sentToC.path("model").asString()).isEqualTo("gpt-4.1");
  }

  @Test
  void credentialFailureEjectsTheTarget() throws Exception {
    upstream.script(A, error(401, "invalid_api_key", "Incorrect API key provided"));
    upstream.script(B, ok("from b"));
    assertThat(chat("fo-circuit", "auth1").statusCode()).isEqualTo(200);
    assertThat(chat("fo-circuit", "auth2").statusCode()).isEqualTo(200);
    assertThat(upstream.count(A)).as("ejected after its 401").isEqualTo(1);
    assertThat(completed("auth1").attempts().get(0).outcome()).isEqualTo("auth");
  }

  @Test
  void circuitOpensAfterConsecutiveFailuresThenProbesAndCloses() throws Exception {
    upstream.script(A, error(500, "x", "down"));
    upstream.script(B, ok("from b"));
    for (int i = 0; i < 3; i++) {
      assertThat(chat("fo-circuit", "open" + i).statusCode()).isEqualTo(200);
    }
    assertThat(upstream.count(A)).isEqualTo(3);
    assertThat(state("a/c-a")).isEqualTo("OPEN");
    JsonNode open = actuatorTarget("a/c-a");
    assertThat(open.path("circuit").asString()).as("the actuator shows the circuit").isEqualTo("OPEN");
    assertThat(open.path("consecutiveFailures").asInt()).isEqualTo(3);
    assertThat(actuatorTarget("b/c-b").path("circuit").asString()).isEqualTo("CLOSED");
    for (int i = 0; i < 3; i++) {
      assertThat(chat("fo-circuit", "skip" + i).statusCode()).isEqualTo(200);
    }
    assertThat(upstream.count(A)).as("skipped while open").isEqualTo(3);
    upstream.script(A, ok("a is back"));
    // open-base is 600ms; then the circuit lets one probe through. Wait for that, however late the timer fires.
    long halfOpen = System.nanoTime() + 5_000_000_000L;
    while (state("a/c-a").equals("OPEN") && System.nanoTime() < halfOpen) {
      Thread.sleep(10);
    }
    assertThat(state("a/c-a")).isEqualTo("HALF_OPEN");
    assertThat(actuatorTarget("a/c-a").path("circuit").asString()).isEqualTo("HALF_OPEN");
    HttpResponse<String> probe = chat("fo-circuit", "probe");
    assertThat(content(probe)).isEqualTo("a is back");
    // The probe's success is recorded as its answer completes, which may be just after the client has it.
    long deadline = System.nanoTime() + 2_000_000_000L;
    while (!state("a/c-a").equals("CLOSED") && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(state("a/c-a")).isEqualTo("CLOSED");
    assertThat(actuatorTarget("a/c-a").path("circuit").asString()).isEqualTo("CLOSED");
  }

  @Test
  void retryBudgetStopsRetriesWhenSpent() throws Exception {
    upstream.script(A, error(500, "x", "down"));
    upstream.script(B, ok("from b"));
    HttpResponse<String> response = chat("fo-nobudget", "budget");
    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(upstream.count(B)).isZero();
  }

  @Test
  void fallbackModelsAreTriedOnceTheTargetsAreExhausted() throws Exception {
    upstream.script(A, error(503, "x", "down"));
    upstream.script(C, ok("from the backup route"));
    HttpResponse<String> response = chat("fo-fallback", "fb");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(content(response)).isEqualTo("from the backup route");
    assertThat(response.headers().firstValue("x-switchboard-attempts").orElseThrow()).contains("c/fo-backup;outcome=ok");
  }

  // ---- streams -------------------------------------------------------------------------------------------------

  @Test
  void streamCutBeforeItsFirstEventFailsOver() throws Exception {
    upstream.script(A, ScriptedUpstream.streamThen(List.of(), "cut"));
    upstream.script(B, ScriptedUpstream.stream(Duration.ofMillis(5), "Hel", "lo"));
    Raw raw = stream("fo-stream", "cut0");
    assertThat(raw.status).isEqualTo(200);
    assertThat(raw.data()).contains("[DONE]");
    assertThat(String.join("", raw.data())).contains("Hel").contains("lo");
    // Closed before any event: the connection broke before the response was complete.
    assertThat(completed("cut0").attempts()).extracting(AiCall.Attempt::outcome).containsExactly("connection", "ok");
  }

  @Test
  void anthropicClientStreamFailsOverAndKeepsItsDialect() throws Exception {
    upstream.script(A, error(503, "x", "overloaded"));
    upstream.script(B, ScriptedUpstream.stream(Duration.ofMillis(5), "Bon", "jour"));
    HttpResponse<String> response = http.send(ItHttp.post(port, "/v1/messages",
        "{\"model\":\"fo-priority\",\"max_tokens\":50,\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
        .header("anthropic-version", "2023-06-01").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).startsWith("event: message_start").contains("\"text\":\"Bon\"")
        .contains("\"text\":\"jour\"").contains("event: message_stop");
    assertThat(response.headers().firstValue("x-switchboard-attempts").orElseThrow())
        .contains("outcome=overloaded").contains("outcome=ok");
  }

  @Test
  void malformedStreamFailsOverBeforeAnythingReachedTheClient() throws Exception {
    upstream.script(A, ScriptedUpstream.streamThen(List.of("data: {this is not json\n\n"), "cut"));
    upstream.script(B, ScriptedUpstream.stream(Duration.ofMillis(5), "ok"));
    Raw raw = stream("fo-stream", "malformed");
    assertThat(raw.status).isEqualTo(200);
    assertThat(raw.data()).contains("[DONE]").noneMatch(d -> d.contains("not json"));
  }

  @Test
  void streamCutMidwayEndsWithAnErrorEventNeverACleanFinish() throws Exception {
    List<String> events = chunks("Hel", "lo");
    upstream.script(A, ScriptedUpstream.streamThen(events.subList(0, 2), "cut"));
    upstream.script(B, ScriptedUpstream.stream(Duration.ofMillis(5), "never"));
    long start = System.nanoTime();
    Raw raw = stream("fo-stream", "cut1");
    assertThat(millisSince(start)).as("a cut is reported at once").isLessThan(1500);
    assertThat(raw.status).isEqualTo(200);
    assertThat(raw.data()).doesNotContain("[DONE]");
    assertThat(raw.data().get(raw.data().size() - 1)).contains("\"error\"");
    assertThat(String.join("", raw.data())).contains("Hel").contains("lo");
    assertThat(upstream.count(B)).as("no second answer after output started").isZero();
    assertThat(completed("cut1").outcome()).isEqualTo(AiCall.Outcome.UPSTREAM_ERROR);
    assertThat(completed("cut1").partialOutput()).as("what the client got before the cut").isEqualTo("Hello");
    assertThat(completed("cut1").partialOutputTokens()).isBetween(1L, 3L);
  }

  @Test
  void malformedEventMidStreamEndsWithAnErrorEvent() throws Exception {
    List<String> events = new ArrayList<>(chunks("Hel").subList(0, 1));
    events.add("data: {\"id\":\"c\",\"choices\":[{\"delta\":{\"content\":\"tru\n\n");
    events.addAll(chunks("lo"));
    // 100ms apart: "Hel" reaches the client before the broken event (in one read, nothing would have, and the
    // route would fail over instead, as malformedStreamFailsOverBeforeAnythingReachedTheClient shows).
    upstream.script(A, ScriptedUpstream.paced(Duration.ofMillis(100), events));
    upstream.script(B, ScriptedUpstream.stream(Duration.ofMillis(5), "never"));
    long start = System.nanoTime();
    Raw raw = stream("fo-stream", "mal1");
    assertThat(millisSince(start)).isLessThan(1500);
    assertThat(raw.status).isEqualTo(200);
    assertThat(raw.data()).doesNotContain("[DONE]").noneMatch(d -> d.contains("tru"));
    assertThat(raw.data().get(raw.data().size() - 1)).contains("\"error\"").contains("not JSON");
    assertThat(upstream.count(B)).isZero();
    assertThat(completed("mal1").outcome()).isEqualTo(AiCall.Outcome.UPSTREAM_ERROR);
    assertThat(completed("mal1").attempts()).extracting(AiCall.Attempt::outcome).containsExactly("ok");
  }

  @Test
  void anthropicClientGetsItsOwnErrorEventWhenTheStreamIsCut() throws Exception {
    upstream.script(A, ScriptedUpstream.streamThen(chunks("Bon", "jour").subList(0, 2), "cut"));
    upstream.script(B, ScriptedUpstream.stream(Duration.ofMillis(5), "never"));
    HttpResponse<String> response = http.send(ItHttp.post(port, "/v1/messages",
        "{\"model\":\"fo-stream\",\"max_tokens\":50,\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
        .header("anthropic-version", "2023-06-01").header(UsageProbe.HEADER, "anthropic-cut").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("event: message_start").contains("\"text\":\"Bon\"")
        .contains("event: error\ndata: {\"type\":\"error\"").doesNotContain("message_stop");
    assertThat(upstream.count(B)).isZero();
    assertThat(completed("anthropic-cut").outcome()).isEqualTo(AiCall.Outcome.UPSTREAM_ERROR);
    assertThat(completed("anthropic-cut").partialOutput()).isEqualTo("Bonjour");
  }

  @Test
  void geminiClientGetsGooglesErrorWhenTheStreamIsCut() throws Exception {
    upstream.script(A, ScriptedUpstream.streamThen(chunks("Bon", "jour").subList(0, 2), "cut"));
    upstream.script(B, ScriptedUpstream.stream(Duration.ofMillis(5), "never"));
    HttpResponse<String> response = http.send(ItHttp.post(port,
        "/v1beta/models/fo-stream:streamGenerateContent?alt=sse",
        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}")
        .header(UsageProbe.HEADER, "gemini-cut").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    List<String> data = response.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
    assertThat(String.join("", data)).contains("\"text\":\"Bon\"");
    assertThat(data.get(data.size() - 1)).startsWith("{\"error\":{\"code\":502");
    assertThat(data).noneMatch(d -> d.contains("\"finishReason\":\"STOP\""));
    assertThat(upstream.count(B)).isZero();
    assertThat(completed("gemini-cut").outcome()).isEqualTo(AiCall.Outcome.UPSTREAM_ERROR);
    assertThat(completed("gemini-cut").partialOutput()).isEqualTo("Bonjour");
  }

  @Test
  void responsesClientGetsResponseFailedWhenTheStreamIsCut() throws Exception {
    upstream.script(A, ScriptedUpstream.streamThen(chunks("Bon", "jour").subList(0, 2), "cut"));
    upstream.script(B, ScriptedUpstream.stream(Duration.ofMillis(5), "never"));
    HttpResponse<String> response = http.send(ItHttp.post(port, "/v1/responses",
        "{\"model\":\"fo-stream\",\"stream\":true,\"input\":\"hi\"}")
        .header(UsageProbe.HEADER, "responses-cut").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    List<String> kinds = response.body().lines().filter(l -> l.startsWith("event: ")).map(l -> l.substring(7))
        .toList();
    assertThat(kinds).startsWith("response.created", "response.in_progress").contains("response.output_text.delta")
        .endsWith("error", "response.failed").doesNotContain("response.completed");
    assertThat(response.body()).contains("\"delta\":\"Bon\"");
    assertThat(upstream.count(B)).isZero();
    assertThat(completed("responses-cut").outcome()).isEqualTo(AiCall.Outcome.UPSTREAM_ERROR);
    assertThat(completed("responses-cut").partialOutput()).isEqualTo("Bonjour");
  }

  @Test
  void stalledStreamGetsKeepAlivesThenEndsAtTheIdleTimeout() throws Exception {
    upstream.script(A, ScriptedUpstream.streamThen(chunks("Hel").subList(0, 1), "stall"));
    long start = System.nanoTime();
    Raw raw = stream("fo-stream", "stall");
    long took = millisSince(start);
    assertThat(raw.status).isEqualTo(200);
    assertThat(raw.comments).as("keep-alive comments every 150ms during the silence").isGreaterThanOrEqualTo(2);
    assertThat(raw.data()).doesNotContain("[DONE]");
    assertThat(raw.data().get(raw.data().size() - 1)).contains("\"error\"");
    assertThat(took).as("idle timeout of target a is 700ms").isBetween(650L, 3000L);
    assertThat(upstream.count(B)).as("output had started: never a second answer").isZero();
    assertThat(completed("stall").outcome()).isEqualTo(AiCall.Outcome.UPSTREAM_ERROR);
    assertThat(completed("stall").attempts()).extracting(AiCall.Attempt::outcome).containsExactly("ok");
  }

  @Test
  void slowStreamIsCutAtTheTotalTimeout() throws Exception {
    String[] pieces = new String[40];
    java.util.Arrays.fill(pieces, "x");
    upstream.script(A, ScriptedUpstream.stream(Duration.ofMillis(250), pieces));
    long start = System.nanoTime();
    Raw raw = stream("fo-stream", "total");
    long took = millisSince(start);
    assertThat(raw.data()).doesNotContain("[DONE]");
    assertThat(raw.data().get(raw.data().size() - 1)).contains("total timeout");
    assertThat(took).as("total timeout is 4s").isBetween(3800L, 6000L);
    assertThat(completed("total").outcome()).as("cut by the gateway: a broken answer, not a client gone")
        .isEqualTo(AiCall.Outcome.UPSTREAM_ERROR);
    assertThat(completed("total").partialOutput()).startsWith("xxx");
  }









  @Test
  void nothingStaysInFlightAfterConcurrentFaultsHedgesAndClientsGivingUp() throws Exception {
    ScriptedUpstream.Answer[] mixed = new ScriptedUpstream.Answer[40];
    for (int i = 0; i < mixed.length; i++) {
      mixed[i] = switch (i % 4) {
        case 0 -> error(500, "x", "boom");
        case 1 -> delayed(Duration.ofMillis(400), ok("slow"));
        case 2 -> ScriptedUpstream.resetConnection();
        default -> ok("fast");
      };
    }
    upstream.script(A, mixed);
    upstream.script(B, delayed(Duration.ofMillis(30), ok("b")));
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String model = i % 3 == 0 ? "fo-hedge" : i % 3 == 1 ? "fo-priority" : "fo-circuit";
      // Every fifth client gives up after 100ms: the gateway must cancel and forget its attempts.
      Duration patience = i % 5 == 0 ? Duration.ofMillis(100) : Duration.ofSeconds(20);
      inFlight.add(http.sendAsync(ItHttp.post(port, "/v1/chat/completions", ItHttp.chatBody(model, false))
          .timeout(patience).build(), HttpResponse.BodyHandlers.ofString()));
    }
    int served = 0;
    for (var future : inFlight) {
      try {
        HttpResponse<String> response = future.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        served++;
      } catch (java.util.concurrent.ExecutionException gaveUp) {
        assertThat(gaveUp.getCause()).isInstanceOf(java.net.http.HttpTimeoutException.class);
      }
    }
    assertThat(served).isGreaterThanOrEqualTo(40);
    long deadline = System.nanoTime() + 3_000_000_000L;
    while (targets.all().stream().anyMatch(t -> t.snapshot(System.nanoTime()).inFlight() != 0)
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(targets.all()).allSatisfy(t -> assertThat(t.snapshot(System.nanoTime()).inFlight())
        .as(t.key()).isZero());
  }

  // ---- helpers ---------------------------------------------------------------------------------------------------

  private JsonNode actuatorTarget(String target) throws IOException, InterruptedException {
    HttpResponse<String> actuator = http.send(HttpRequest.newBuilder(uri("/actuator/aitargets")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    for (JsonNode t : Json.MAPPER.readTree(actuator.body()).path("targets")) {
      if (t.path("target").asString().equals(target)) {
        return t;
      }
    }
    throw new AssertionError(target + " not in " + actuator.body());
  }

  private String state(String target) {
    return targets.all().stream().filter(s -> s.key().equals(target)).findFirst().orElseThrow().circuitState();
  }

  private URI uri(String path) {
    return ItHttp.uri(port, path);
  }

  private HttpResponse<String> chat(String model, String id) throws IOException, InterruptedException {
    return post(ItHttp.chatBody(model, false), id);
  }

  private HttpResponse<String> post(String body, String id) throws IOException, InterruptedException {
    HttpRequest.Builder request = ItHttp.post(port, "/v1/chat/completions", body);
    if (id != null) {
      request.header(UsageProbe.HEADER, id);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A streamed answer as the client saw it: data lines and the number of SSE comment lines. */
  record Raw(int status, List<String> data, int comments) {
  }

  private Raw stream(String model, String id) throws IOException, InterruptedException {
    HttpResponse<Stream<String>> response = http.send(ItHttp.post(port, "/v1/chat/completions",
        ItHttp.chatBody(model, true)).header(UsageProbe.HEADER, id).build(), HttpResponse.BodyHandlers.ofLines());
    List<String> data = new ArrayList<>();
    int[] comments = {0};
    try (Stream<String> lines = response.body()) {
      lines.forEach(line -> {
        if (line.startsWith("data: ")) {
          data.add(line.substring(6));
        } else if (line.startsWith(":")) {
          comments[0]++;
        }
      });
    }
    return new Raw(response.statusCode(), data, comments[0]);
  }
}
