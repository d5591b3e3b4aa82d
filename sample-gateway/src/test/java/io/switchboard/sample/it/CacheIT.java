package io.switchboard.sample.it;

import static io.switchboard.sample.it.ItHttp.content;
import static io.switchboard.sample.it.ScriptedUpstream.chunks;
import static io.switchboard.sample.it.ScriptedUpstream.delayed;
import static io.switchboard.sample.it.ScriptedUpstream.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import io.switchboard.sample.SampleGatewayApplication;
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
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code AiSemanticCache} through the real gateway (see {@code cache/cache-it.yml}): hits never reach the provider,
 * tenants never share, identical concurrent requests make one call, answers replay in every dialect (streams as
 * streams), broken answers are never stored, the control headers work, and hits take no rate-limit tokens.
 */
@SpringBootTest(classes = SampleGatewayApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.config.location=classpath:/cache/cache-it.yml")
class CacheIT {

  static final ScriptedUpstream upstream = new ScriptedUpstream();
  static final HttpClient http = ItHttp.client();
  static final String UP = "/up/v1/chat/completions";
  static final String ONE = "sk-cache-one";
  static final String TWO = "sk-cache-two";

  @LocalServerPort
  int port;

  @DynamicPropertySource
  static void upstreamPort(DynamicPropertyRegistry registry) {
    registry.add("fake.port", upstream::port);
  }

  @BeforeEach
  void fresh() {
    upstream.reset();
  }

  static String openAi(String model, String prompt, boolean stream) {
    return "{\"model\":\"" + model + "\",\"max_tokens\":50,\"temperature\":0,"
        + (stream ? "\"stream\":true," : "")
        + "\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\""
        + prompt + "\"}]}";
  }

  static String anthropic(String model, String prompt, boolean stream) {
    return "{\"model\":\"" + model + "\",\"max_tokens\":50,\"temperature\":0," + (stream ? "\"stream\":true," : "")
        + "\"system\":\"Be brief.\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
  }

  static String gemini(String prompt) {
    return "{\"systemInstruction\":{\"parts\":[{\"text\":\"Be brief.\"}]},\"contents\":[{\"role\":\"user\","
        + "\"parts\":[{\"text\":\"" + prompt + "\"}]}],\"generationConfig\":{\"maxOutputTokens\":50,"
        + "\"temperature\":0}}";
  }

  HttpResponse<String> post(String path, String body, String key, String... headers) throws Exception {
    HttpRequest.Builder request = ItHttp.post(port, path, body).timeout(Duration.ofSeconds(30))
        .header("authorization", "Bearer " + key);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> chat(String prompt, String key, String... headers) throws Exception {
    return post("/v1/chat/completions", openAi("cached-m", prompt, false), key, headers);
  }

  static String cache(HttpResponse<String> response) {
    return response.headers().firstValue("x-switchboard-cache").orElse("(none)");
  }

  /** The text of an SSE body in any dialect. */
  static String streamedText(String sse) {
    StringBuilder text = new StringBuilder();
    for (String line : sse.split("\n")) {
      if (!line.startsWith("data: ") || line.equals("data: [DONE]")) {
        continue;
      }
      JsonNode event = Json.MAPPER.readTree(line.substring(6));
      text.append(event.path("choices").path(0).path("delta").path("content").asString(""));
      text.append(event.path("delta").path("text").asString(""));
      if (event.path("type").asString("").equals("response.output_text.delta")) {
        text.append(event.path("delta").asString(""));
      }
      for (JsonNode part : event.path("candidates").path(0).path("content").path("parts")) {
        text.append(part.path("text").asString(""));
      }
    }
    return text.toString();
  }

  @Test
  void aRepeatedRequestIsAnsweredFromTheCacheWithoutCallingTheProvider() throws Exception {
    upstream.script(UP, ok("Paris"));
    HttpResponse<String> first = chat("capital of France?", ONE);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(cache(first)).isEqualTo("miss");
    HttpResponse<String> second = chat("capital of France?", ONE);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(cache(second)).isEqualTo("hit");
    assertThat(content(second)).isEqualTo("Paris");
    assertThat(Json.MAPPER.readTree(second.body()).path("id").asString()).startsWith("chatcmpl-")
        .isNotEqualTo(Json.MAPPER.readTree(first.body()).path("id").asString());
    assertThat(upstream.count(UP)).isEqualTo(1);
  }

  @Test
  void twoKeysNeverShareAnAnswer() throws Exception {
    upstream.script(UP, ok("for one"), ok("for two"));
    assertThat(content(chat("tenant question", ONE))).isEqualTo("for one");
    HttpResponse<String> other = chat("tenant question", TWO);
    assertThat(cache(other)).isEqualTo("miss");
    assertThat(content(other)).isEqualTo("for two");
    assertThat(content(chat("tenant question", TWO))).isEqualTo("for two");
    assertThat(content(chat("tenant question", ONE))).isEqualTo("for one");
    assertThat(upstream.count(UP)).isEqualTo(2);
  }

  @Test
  void aRouteWideCacheIsSharedByKeys() throws Exception {
    upstream.script(UP, ok("shared"));
    String body = openAi("shared-m", "route tenant", false);
    assertThat(cache(post("/v1/chat/completions", body, ONE))).isEqualTo("miss");
    HttpResponse<String> other = post("/v1/chat/completions", body, TWO);
    assertThat(cache(other)).isEqualTo("hit");
    assertThat(content(other)).isEqualTo("shared");
  }

  @Test
  void aHundredConcurrentIdenticalRequestsMakeOneUpstreamCall() throws Exception {
    upstream.script(UP, delayed(Duration.ofMillis(400), ok("coalesced")));
    List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      HttpRequest request = ItHttp.post(port, "/v1/chat/completions", openAi("cached-m", "coalesce me", false))
          .timeout(Duration.ofSeconds(30)).header("authorization", "Bearer " + ONE).build();
      futures.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
    }
    int hits = 0;
    for (CompletableFuture<HttpResponse<String>> future : futures) {
      HttpResponse<String> response = future.get();
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(content(response)).isEqualTo("coalesced");
      hits += cache(response).equals("hit") ? 1 : 0;
    }
    assertThat(upstream.count(UP)).isEqualTo(1);
    assertThat(hits).isEqualTo(99);
  }

  @Test
  void aStreamedAnswerReplaysAsAStreamInEveryDialect() throws Exception {
    upstream.script(UP, ScriptedUpstream.stream(Duration.ofMillis(5), "Hello", " from", " the cache"));
    HttpResponse<String> first = post("/v1/chat/completions", openAi("cached-m", "stream replay", true), ONE);
    assertThat(cache(first)).isEqualTo("miss");
    assertThat(streamedText(first.body())).isEqualTo("Hello from the cache");

    HttpResponse<String> openai = post("/v1/chat/completions", openAi("cached-m", "stream replay", true), ONE);
    assertThat(cache(openai)).isEqualTo("hit");
    assertThat(openai.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
    assertThat(openai.body()).endsWith("data: [DONE]\n\n").doesNotContain("\"usage\"");
    assertThat(streamedText(openai.body())).isEqualTo("Hello from the cache");

    HttpResponse<String> withUsage = post("/v1/chat/completions", openAi("cached-m", "stream replay", true)
        .replace("\"stream\":true,", "\"stream\":true,\"stream_options\":{\"include_usage\":true},"), ONE);
    assertThat(cache(withUsage)).isEqualTo("hit");
    assertThat(withUsage.body()).contains("\"usage\"");

    HttpResponse<String> claude = post("/v1/messages", anthropic("cached-m", "stream replay", true), ONE);
    assertThat(cache(claude)).isEqualTo("hit");
    assertThat(claude.body()).startsWith("event: message_start").contains("event: message_stop");
    assertThat(streamedText(claude.body())).isEqualTo("Hello from the cache");

    HttpResponse<String> gemini = post("/v1beta/models/cached-m:streamGenerateContent?alt=sse",
        gemini("stream replay"), ONE);
    assertThat(cache(gemini)).isEqualTo("hit");
    assertThat(streamedText(gemini.body())).isEqualTo("Hello from the cache");
    assertThat(gemini.body()).contains("\"finishReason\":\"STOP\"");

    HttpResponse<String> json = post("/v1/messages", anthropic("cached-m", "stream replay", false), ONE);
    assertThat(cache(json)).isEqualTo("hit");
    assertThat(Json.MAPPER.readTree(json.body()).path("content").path(0).path("text").asString())
        .isEqualTo("Hello from the cache");
    assertThat(upstream.count(UP)).isEqualTo(1);
  }

  @Test
  void anAnthropicClientsAnswerServesOpenAiClients() throws Exception {
    upstream.script(UP, ScriptedUpstream.stream(Duration.ofMillis(5), "Bonjour"));
    HttpResponse<String> first = post("/v1/messages", anthropic("cached-m", "from anthropic", true), ONE);
    assertThat(cache(first)).isEqualTo("miss");
    HttpResponse<String> openai = chat("from anthropic", ONE);
    assertThat(cache(openai)).isEqualTo("hit");
    assertThat(content(openai)).isEqualTo("Bonjour");
    assertThat(upstream.count(UP)).isEqualTo(1);
  }

  @Test
  void cutAndErroredStreamsAreNeverStored() throws Exception {
    List<String> events = chunks("partial", " answer");
    upstream.script(UP, ScriptedUpstream.streamThen(events.subList(0, 2), "cut"),
        ScriptedUpstream.streamThen(List.of(events.get(0), "data: {\"error\":{\"message\":\"boom\",\"type\":"
            + "\"server_error\"}}\n\n"), "cut"),
        ScriptedUpstream.stream(Duration.ofMillis(1), "whole"));
    String body = openAi("cached-m", "fragile stream", true);
    HttpResponse<String> cut = post("/v1/chat/completions", body, ONE);
    assertThat(cut.body()).doesNotContain("[DONE]");
    HttpResponse<String> errored = post("/v1/chat/completions", body, ONE);
    assertThat(cache(errored)).isEqualTo("miss");
    HttpResponse<String> whole = post("/v1/chat/completions", body, ONE);
    assertThat(cache(whole)).isEqualTo("miss");
    assertThat(streamedText(whole.body())).isEqualTo("whole");
    HttpResponse<String> hit = post("/v1/chat/completions", body, ONE);
    assertThat(cache(hit)).isEqualTo("hit");
    assertThat(streamedText(hit.body())).isEqualTo("whole");
    assertThat(upstream.count(UP)).isEqualTo(3);
  }

  @Test
  void providerErrorsAreNotStored() throws Exception {
    upstream.script(UP, ScriptedUpstream.error(400, "bad", "no"), ok("fine"));
    assertThat(chat("error first", ONE).statusCode()).isEqualTo(400);
    assertThat(cache(chat("error first", ONE))).isEqualTo("miss");
    assertThat(cache(chat("error first", ONE))).isEqualTo("hit");
  }

  @Test
  void controlHeaders() throws Exception {
    upstream.script(UP, ok("v1"), ok("v2"), ok("v3"), ok("v4"));
    assertThat(cache(chat("headers", ONE, "x-switchboard-cache", "no-store"))).isEqualTo("miss");
    assertThat(cache(chat("headers", ONE))).isEqualTo("miss"); // not stored before: v2 stored now
    HttpResponse<String> bypass = chat("headers", ONE, "x-switchboard-cache", "no-cache");
    assertThat(cache(bypass)).isEqualTo("miss");
    assertThat(content(bypass)).isEqualTo("v3");
    HttpResponse<String> hit = chat("headers", ONE);
    assertThat(content(hit)).as("no-cache still stores the fresh answer").isEqualTo("v3");
    HttpResponse<String> other = chat("headers", ONE, "x-switchboard-cache-namespace", "tenant-b");
    assertThat(cache(other)).isEqualTo("miss");
    assertThat(content(other)).isEqualTo("v4");
    assertThat(content(chat("headers", ONE, "x-switchboard-cache-namespace", "tenant-b"))).isEqualTo("v4");
    assertThat(upstream.count(UP)).isEqualTo(4);
  }

  @Test
  void aShortTtlExpires() throws Exception {
    upstream.script(UP, ok("short"), ok("again"));
    assertThat(cache(chat("ttl", ONE, "x-switchboard-cache-ttl", "1"))).isEqualTo("miss");
    assertThat(cache(chat("ttl", ONE))).isEqualTo("hit");
    Thread.sleep(1200);
    HttpResponse<String> expired = chat("ttl", ONE);
    assertThat(cache(expired)).isEqualTo("miss");
    assertThat(content(expired)).isEqualTo("again");
  }

  @Test
  void hitsTakeNoRateLimitTokens() throws Exception {
    upstream.script(UP, ok("limited"));
    // 3 requests per minute for this tenant: one miss, then hits only.
    for (int i = 0; i < 8; i++) {
      HttpResponse<String> response = chat("rate limited", ONE, "x-tenant", "t-hits");
      assertThat(response.statusCode()).as("request %d: %s", i, response.body()).isEqualTo(200);
      assertThat(cache(response)).isEqualTo(i == 0 ? "miss" : "hit");
    }
    // Misses still count: the limit applies to them.
    int refused = 0;
    for (int i = 0; i < 4; i++) {
      refused += chat("rate limited " + i, ONE, "x-tenant", "t-hits").statusCode() == 429 ? 1 : 0;
    }
    assertThat(refused).isEqualTo(2);
  }

  @Test
  void unauthenticatedRequestsAreRefusedBeforeTheCache() throws Exception {
    upstream.script(UP, ok("secret"));
    chat("auth first", ONE);
    HttpResponse<String> anonymous = post("/v1/chat/completions", openAi("cached-m", "auth first", false), "wrong");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body()).doesNotContain("secret");
  }

  @Test
  void aParaphraseIsASemanticHitAndADifferentNumberIsNot() throws Exception {
    upstream.script(UP, ok("Paris is the capital of France."), ok("Other answer"), ok("Third answer"));
    String path = "/v1/chat/completions";
    HttpResponse<String> first = post(path, openAi("semantic-m", "What is the capital of France?", false), ONE);
    assertThat(cache(first)).isEqualTo("miss");
    HttpResponse<String> paraphrase = post(path, openAi("semantic-m", "What's the capital city of France?", false),
        ONE);
    assertThat(cache(paraphrase)).as(paraphrase.body()).startsWith("semantic-hit; score=0.");
    assertThat(content(paraphrase)).isEqualTo("Paris is the capital of France.");
    HttpResponse<String> otherCountry = post(path, openAi("semantic-m", "What is the capital of Spain?", false),
        ONE);
    assertThat(cache(otherCountry)).isEqualTo("miss");
    HttpResponse<String> otherTenant = post(path, openAi("semantic-m", "What's the capital city of France?", false),
        TWO);
    assertThat(cache(otherTenant)).isEqualTo("miss");
    assertThat(upstream.count(UP)).isEqualTo(3);
  }

  static Map<String, String> none() {
    return Map.of();
  }
}
