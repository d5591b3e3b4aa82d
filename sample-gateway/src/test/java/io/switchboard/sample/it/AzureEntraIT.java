package io.switchboard.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.Json;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Azure OpenAI with Microsoft Entra ID instead of an {@code api-key}: a client-credentials grant at a (fake) token
 * endpoint whose token is cached, renewed before it expires and forgotten when Azure refuses it; and a fixed token.
 */
final class AzureEntraIT extends GatewayIT {

  private static final String COMPLETION = """
      {"id":"chatcmpl-az","object":"chat.completion","created":1,"model":"gpt-4o","choices":[{"index":0,
       "message":{"role":"assistant","content":"Hi from Azure"},"finish_reason":"stop"}],
       "usage":{"prompt_tokens":3,"completion_tokens":3,"total_tokens":6}}""";
  private static final String DEPLOYMENT = "/entra/openai/deployments/prod-gpt4o/chat/completions";
  private static final String ASK = "{\"model\":\"azure-entra/prod-gpt4o\",\"messages\":[{\"role\":\"user\","
      + "\"content\":\"Hi\"}]}";

  @BeforeEach
  void freshTokens() {
    // Whatever token an earlier test left in the cache has expired: each test sees its own token requests.
    TestClock.advance(Duration.ofHours(2));
    upstream.on("/entra/token", FakeGoogle.tokens("eyJ.entra-", 3599));
  }

  private static List<FakeUpstream.Recorded> calls(String path) {
    return upstream.requests().stream().filter(r -> r.path().startsWith(path)).toList();
  }

  @Test
  void clientCredentialsTokenIsObtainedOnceAndSentAsBearer() throws Exception {
    upstream.on(DEPLOYMENT, FakeUpstream.json(200, COMPLETION));

    HttpResponse<String> first = post("/v1/chat/completions", ASK);
    HttpResponse<String> second = post("/v1/chat/completions", ASK);

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
    assertThat(Json.MAPPER.readTree(first.body()).path("choices").path(0).path("message").path("content").asString())
        .isEqualTo("Hi from Azure");
    List<FakeUpstream.Recorded> tokenCalls = calls("/entra/token");
    assertThat(tokenCalls).as("one token for both requests").hasSize(1);
    FakeUpstream.Recorded tokenCall = tokenCalls.get(0);
    assertThat(tokenCall.headers().get("content-type")).isEqualTo("application/x-www-form-urlencoded");
    assertThat(form(tokenCall.body())).containsExactlyInAnyOrderEntriesOf(Map.of("grant_type", "client_credentials",
        "client_id", "gateway-app", "client_secret", "entra-client-secret",
        "scope", "https://cognitiveservices.azure.com/.default"));
    for (FakeUpstream.Recorded sent : calls(DEPLOYMENT)) {
      assertThat(sent.path()).isEqualTo(DEPLOYMENT + "?api-version=2024-10-21");
      assertThat(sent.headers()).containsEntry("authorization", "Bearer eyJ.entra-1").doesNotContainKey("api-key");
    }
  }

  @Test
  void tokenIsRenewedBeforeItExpiresAndForgottenWhenRefused() throws Exception {
    upstream.on(DEPLOYMENT, FakeUpstream.json(200, COMPLETION));
    assertThat(post("/v1/chat/completions", ASK).statusCode()).isEqualTo(200);

    TestClock.advance(Duration.ofSeconds(3599 - 30)); // inside the refresh margin
    assertThat(post("/v1/chat/completions", ASK).statusCode()).isEqualTo(200);
    assertThat(calls(DEPLOYMENT).get(1).headers()).containsEntry("authorization", "Bearer eyJ.entra-2");

    upstream.on(DEPLOYMENT, FakeUpstream.json(401, "{\"error\":{\"code\":\"401\",\"message\":\"Access denied due "
        + "to invalid subscription key or wrong API endpoint.\"}}"));
    HttpResponse<String> refused = post("/v1/chat/completions", ASK);
    assertThat(refused.statusCode()).isGreaterThanOrEqualTo(400).isLessThan(600);
    assertThat(refused.body()).doesNotContain("eyJ.entra").doesNotContain("entra-client-secret");
    upstream.on(DEPLOYMENT, FakeUpstream.json(200, COMPLETION));
    assertThat(post("/v1/chat/completions", ASK).statusCode()).isEqualTo(200);
    assertThat(calls(DEPLOYMENT).get(3).headers()).as("a refused token is not reused")
        .containsEntry("authorization", "Bearer eyJ.entra-3");
    assertThat(calls("/entra/token")).hasSize(3);
  }

  @Test
  void tokenEndpointFailureIsA502WithoutSecrets() throws Exception {
    upstream.on("/entra/token", FakeUpstream.json(401, "{\"error\":\"invalid_client\",\"error_description\":"
        + "\"AADSTS7000215: Invalid client secret provided: entra-client-secret\"}"));

    HttpResponse<String> response = post("/v1/chat/completions", ASK);

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.body()).contains("upstream_auth_failed").contains("Microsoft Entra ID")
        .doesNotContain("entra-client-secret").doesNotContain("AADSTS").doesNotContain("127.0.0.1");
    assertThat(calls(DEPLOYMENT)).isEmpty();
  }

  @Test
  void aFixedTokenIsSentAsBearer() throws Exception {
    upstream.on("/fixed/openai/deployments/gpt-4o/chat/completions", FakeUpstream.json(200, COMPLETION));

    HttpResponse<String> response = post("/v1/chat/completions",
        "{\"model\":\"azure-fixed/gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    FakeUpstream.Recorded sent = upstream.lastRequest();
    assertThat(sent.path()).startsWith("/fixed/openai/deployments/gpt-4o/chat/completions?api-version=");
    assertThat(sent.headers()).containsEntry("authorization", "Bearer eyJ.fixed-entra-token")
        .doesNotContainKey("api-key");
    assertThat(calls("/entra/token")).isEmpty();
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return form;
  }
}
