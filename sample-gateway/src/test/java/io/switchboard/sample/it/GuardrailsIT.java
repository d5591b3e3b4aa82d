package io.switchboard.sample.it;

import static io.switchboard.sample.it.ScriptedUpstream.chunks;
import static io.switchboard.sample.it.ScriptedUpstream.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import io.switchboard.sample.SampleGatewayApplication;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/**
 * Guardrails through a real gateway (see {@code guardrails/guardrails-it.yml}): input blocks in each client dialect's
 * error envelope, redaction sent upstream and restored for the client, a stream stopped mid-way by an output check
 * (error event, upstream cancelled), a clean stream untouched, and moderation through a failing provider following
 * fail-open and fail-closed.
 */
@SpringBootTest(classes = SampleGatewayApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.config.location=classpath:/guardrails/guardrails-it.yml")
class GuardrailsIT {

  static final ScriptedUpstream upstream = new ScriptedUpstream();
  static final HttpClient http = ItHttp.client();
  static final String UP = "/up/v1/chat/completions";

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

  @BeforeEach
  void fresh() {
    upstream.reset();
  }

  // ---- input: block in the client's dialect ---------------------------------------------------------------------

  @Test
  void openAiClientsGetAnOpenAiEnvelopeNamingPolicyAndCheckButNotTheText() throws Exception {
    upstream.script(UP, ok("never"));
    HttpResponse<String> response = post("/v1/chat/completions", openAi("g-strict", "my SSN is 123-45-6789"));
    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = Json.MAPPER.readTree(response.body()).path("error");
    assertThat(error.path("code").asString()).isEqualTo("guardrail_blocked");
    assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
    assertThat(error.path("message").asString()).contains("'strict'", "'pii'");
    assertThat(response.body()).doesNotContain("6789");
    assertThat(upstream.count(UP)).isZero();
  }

  @Test
  void anthropicClientsGetAnAnthropicEnvelope() throws Exception {
    HttpResponse<String> response = post("/v1/messages", "{\"model\":\"g-strict\",\"max_tokens\":50,\"messages\":"
        + "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"status of Blue Falcon?\"}]}]}");
    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode body = Json.MAPPER.readTree(response.body());
    assertThat(body.path("type").asString()).isEqualTo("error");
    assertThat(body.path("error").path("type").asString()).isEqualTo("invalid_request_error");
    assertThat(body.path("error").path("message").asString()).contains("'strict'", "'codenames'")
        .doesNotContainIgnoringCase("falcon");
    assertThat(upstream.count(UP)).isZero();
  }

  @Test
  void geminiClientsGetAGoogleEnvelope() throws Exception {
    HttpResponse<String> response = post("/v1beta/models/g-strict:generateContent",
        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"IBAN DE89 3704 0044 0532 0130 00\"}]}]}");
    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = Json.MAPPER.readTree(response.body()).path("error");
    assertThat(error.path("code").asInt()).isEqualTo(400);
    assertThat(error.path("status").asString()).isEqualTo("INVALID_ARGUMENT");
    assertThat(error.path("message").asString()).contains("'strict'", "'pii'");
    assertThat(response.body()).doesNotContain("0532");
  }

  @Test
  void cleanRequestsPassWithoutAHeader() throws Exception {
    upstream.script(UP, ok("fine"));
    HttpResponse<String> response = post("/v1/chat/completions", openAi("g-strict", "order ORD-2024-123456 late?"));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-switchboard-guardrails")).isEmpty();
  }

  // ---- input: redact and restore --------------------------------------------------------------------------------

  @Test
  void aPlainProxyRouteForwardsTheRedactedBody() throws Exception {
    upstream.script(UP, ok("done"));
    HttpResponse<String> response = post("/v1/chat/completions", openAi("g-proxy", "mail me at ada@lovelace.org"));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    String sent = upstream.calls().get(0).body();
    assertThat(sent).contains("[EMAIL_1]").doesNotContain("ada@lovelace.org");
    assertThat(Json.MAPPER.readTree(sent).path("messages").path(0).path("content").asString())
        .as("the whole redacted body arrives, under its own Content-Length").isEqualTo("mail me at [EMAIL_1]");
  }

  @Test
  void redactedUpstreamRestoredForTheClientInEachDialect() throws Exception {
    upstream.script(UP, ok("I will email [EMAIL_1] and call [PHONE_1]."));
    HttpResponse<String> response = post("/v1/chat/completions",
        openAi("g-private", "mail me at ada@lovelace.org or call +44 20 7946 0958"));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    String sent = upstream.calls().get(0).body();
    assertThat(sent).contains("[EMAIL_1]", "[PHONE_1]").doesNotContain("ada@lovelace.org", "7946");
    assertThat(Json.MAPPER.readTree(response.body()).path("choices").path(0).path("message").path("content")
        .asString()).isEqualTo("I will email ada@lovelace.org and call +44 20 7946 0958.");
    assertThat(response.headers().firstValue("x-switchboard-guardrails")).hasValue("redacted=private.pii:2");

    upstream.reset();
    upstream.script(UP, ok("Noted [EMAIL_1]."));
    response = post("/v1/messages", "{\"model\":\"g-private\",\"max_tokens\":50,\"messages\":"
        + "[{\"role\":\"user\",\"content\":\"I am grace@hopper.mil\"}]}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(upstream.calls().get(0).body()).doesNotContain("grace@hopper.mil");
    assertThat(Json.MAPPER.readTree(response.body()).path("content").path(0).path("text").asString())
        .isEqualTo("Noted grace@hopper.mil.");

    upstream.reset();
    upstream.script(UP, ok("Card [CARD_1] saved."));
    response = post("/v1beta/models/g-private:generateContent",
        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"save 4111 1111 1111 1111\"}]}]}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(upstream.calls().get(0).body()).doesNotContain("4111");
    assertThat(Json.MAPPER.readTree(response.body()).path("candidates").path(0).path("content").path("parts").path(0)
        .path("text").asString()).isEqualTo("Card 4111 1111 1111 1111 saved.");
  }

  @Test
  void placeholdersSplitAcrossStreamEventsAreRestored() throws Exception {
    upstream.script(UP, ScriptedUpstream.stream(Duration.ofMillis(5), "Sure, writing to [EM", "AIL_1", "] now."));
    HttpResponse<String> response = post("/v1/chat/completions", "{\"model\":\"g-private\",\"stream\":true,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"write to ada@lovelace.org\"}]}");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(streamText(response.body())).isEqualTo("Sure, writing to ada@lovelace.org now.");
    assertThat(response.body()).doesNotContain("[EMAIL_1]").contains("[DONE]");
  }

  @Test
  void inlineRegexRedaction() throws Exception {
    upstream.script(UP, ok("ok"));
    HttpResponse<String> response = post("/v1/chat/completions", openAi("g-inline", "see INTERNAL-4711 for details"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(upstream.calls().get(0).body()).contains("[REDACTED_1]").doesNotContain("4711");
  }

  // ---- output: streams --------------------------------------------------------------------------------------------

  @Test
  void aViolationMidStreamStopsItWithAnErrorEventAndCancelsTheUpstream() throws Exception {
    List<String> events = new ArrayList<>(chunks("Your SSN", " is 123-45-", "6789 and more"));
    upstream.script(UP, response -> response.status(200).header("content-type", "text/event-stream")
        .sendString(Flux.fromIterable(events.subList(0, 3)).concatWith(
            Flux.interval(Duration.ofMillis(50)).take(100).map(i -> chunks("filler " + i).get(0))))
        .then());
    HttpResponse<String> response = post("/v1/chat/completions", "{\"model\":\"g-answers\",\"stream\":true,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(response.statusCode()).isEqualTo(200);
    String body = response.body();
    assertThat(body).contains("guardrail_blocked", "'answers'").doesNotContain("6789").doesNotContain("[DONE]")
        .doesNotContain("filler 20");
    long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (!upstream.cancelled().contains(UP) && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertThat(upstream.cancelled()).contains(UP);
  }

  @Test
  void anthropicStreamsEndWithAnAnthropicErrorEvent() throws Exception {
    upstream.script(UP, ScriptedUpstream.stream(Duration.ofMillis(5), "The plan for proj", "ect-x is secret"));
    HttpResponse<String> response = post("/v1/messages", "{\"model\":\"g-answers\",\"max_tokens\":50,\"stream\":true,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(response.body()).contains("event: error", "guardrail").doesNotContain("message_stop");
  }

  @Test
  void aCleanStreamPassesUnchanged() throws Exception {
    upstream.script(UP, ScriptedUpstream.stream(Duration.ofMillis(5), "Hello", " there, order 4711 ships", " today."));
    HttpResponse<String> guarded = post("/v1/chat/completions", "{\"model\":\"g-answers\",\"stream\":true,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(streamText(guarded.body())).isEqualTo("Hello there, order 4711 ships today.");
    assertThat(guarded.body()).contains("[DONE]");
  }

  // ---- provider checks ------------------------------------------------------------------------------------------

  @Test
  void aFailingModerationProviderFollowsOnError() throws Exception {
    upstream.script("/mod/v1/moderations", ScriptedUpstream.error(500, "server_error", "down"));
    upstream.script(UP, ok("answered"));
    HttpResponse<String> open = post("/v1/chat/completions", openAi("g-mod-open", "hello"));
    assertThat(open.statusCode()).as(open.body()).isEqualTo(200);
    assertThat(open.headers().firstValue("x-switchboard-guardrails")).hasValue("flagged=moderated-open.moderation:error");
    HttpResponse<String> closed = post("/v1/chat/completions", openAi("g-mod-closed", "hello"));
    assertThat(closed.statusCode()).isEqualTo(400);
    assertThat(closed.body()).contains("guardrail_check_failed", "provider-error");
    assertThat(upstream.count(UP)).isEqualTo(1);
  }

  @Test
  void aFlaggingModerationProviderBlocks() throws Exception {
    upstream.script("/mod/v1/moderations", ScriptedUpstream.json(200, "{\"id\":\"m\",\"results\":[{\"flagged\":true,"
        + "\"categories\":{\"violence\":true,\"hate\":false}}]}"));
    HttpResponse<String> response = post("/v1/chat/completions", openAi("g-mod-closed", "something violent"));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("guardrail_blocked", "'moderation'");
    assertThat(Json.MAPPER.readTree(upstream.calls().get(0).body()).path("input").asString())
        .contains("something violent");
  }

  // ---- helpers ----------------------------------------------------------------------------------------------------

  static String openAi(String model, String text) {
    return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":"
        + Json.MAPPER.writeValueAsString(text) + "}]}";
  }

  // ---- output: JSON schema with one re-ask -------------------------------------------------------------------

  static final String SCHEMA_REQUEST = "{\"model\":\"g-json\",\"messages\":[{\"role\":\"user\",\"content\":"
      + "\"Give me a number\"}],\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"n\","
      + "\"schema\":{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}},\"required\":[\"n\"]}}}}";

  @Test
  void anAnswerBreakingTheSchemaIsAskedAgainOnceWithTheViolationNamed() throws Exception {
    upstream.script(UP, ok("{\\\"n\\\":\\\"seven\\\"}"), ok("{\\\"n\\\":7}"));
    HttpResponse<String> r = post("/v1/chat/completions", SCHEMA_REQUEST);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(Json.MAPPER.readTree(r.body()).path("choices").path(0).path("message").path("content").asString())
        .isEqualTo("{\"n\":7}");
    List<ScriptedUpstream.Call> calls = upstream.calls();
    assertThat(calls).hasSize(2);
    JsonNode second = Json.MAPPER.readTree(calls.get(1).body()).path("messages");
    assertThat(second).hasSize(3);
    assertThat(second.path(1).path("role").asString()).isEqualTo("assistant");
    assertThat(second.path(1).path("content").asString()).isEqualTo("{\"n\":\"seven\"}");
    assertThat(second.path(2).path("content").asString()).contains("$.n: expected integer");
  }

  @Test
  void aSecondBrokenAnswerIsBlockedAndNeverAskedAThirdTime() throws Exception {
    upstream.script(UP, ok("not json"), ok("still not json"), ok("{\\\"n\\\":1}"));
    HttpResponse<String> r = post("/v1/chat/completions", SCHEMA_REQUEST);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(Json.MAPPER.readTree(r.body()).path("error").path("code").asString()).isEqualTo("guardrail_blocked");
    assertThat(upstream.calls()).hasSize(2);
  }

  @Test
  void streamsAreNeverAskedAgain() throws Exception {
    upstream.script(UP, ScriptedUpstream.stream(Duration.ofMillis(5), "not", " json"));
    HttpResponse<String> r = post("/v1/chat/completions", SCHEMA_REQUEST.replace("{\"model\"", "{\"stream\":true,\"model\""));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("guardrail_blocked");
    assertThat(upstream.calls()).hasSize(1);
  }

  static String streamText(String sse) {
    StringBuilder b = new StringBuilder();
    for (String event : sse.split("\n\n")) {
      for (String line : event.split("\n")) {
        if (line.startsWith("data: {")) {
          b.append(Json.MAPPER.readTree(line.substring(6)).path("choices").path(0).path("delta").path("content")
              .asString(""));
        }
      }
    }
    return b.toString();
  }

  HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(ItHttp.post(port, path, body).build(), HttpResponse.BodyHandlers.ofString());
  }
}
