package io.switchboard.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.sample.SampleGatewayApplication;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A virtual key's own limits and budget are enforced by the route's AiTokenRateLimiter and AiBudget. */
@SpringBootTest(classes = SampleGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.config.location=classpath:/keylimits/key-limits-it.yml")
class VirtualKeyLimitsIT {

  static final ScriptedUpstream upstream = new ScriptedUpstream();
  static final HttpClient http = ItHttp.client();
  static final String LIMITS_KEY = "sk-sb-limitstest0000000000000000000000000000000";
  static final String BUDGET_KEY = "sk-sb-budgettest0000000000000000000000000000000";

  static final String TEAM_ANN = "sk-sb-teamannkey000000000000000000000000000000";
  static final String TEAM_BOB = "sk-sb-teambobkey000000000000000000000000000000";

  @LocalServerPort
  int port;

  @DynamicPropertySource
  static void upstreamPort(DynamicPropertyRegistry registry) {
    registry.add("fake.port", upstream::port);
  }

  @BeforeEach
  void script() {
    upstream.reset();
    upstream.script("/a/v1/chat/completions", ScriptedUpstream.ok("fine"));
  }

  private HttpResponse<String> chat(String key, int maxTokens) throws Exception {
    return http.send(ItHttp.post(port, "/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"max_tokens\":" + maxTokens
            + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
        .header("authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theKeysOwnRequestLimitIsTighterThanTheRoutes() throws Exception {
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> ok = chat(LIMITS_KEY, 10);
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
      assertThat(ok.headers().firstValue("x-ratelimit-limit-requests")).hasValue("3");
    }
    HttpResponse<String> refused = chat(LIMITS_KEY, 10);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("retry-after")).isPresent();
    assertThat(upstream.count("/a/v1/chat/completions")).isEqualTo(3);
  }

  @Test
  void theKeysOwnBudgetRefusesARequestThatCouldCostMore() throws Exception {
    // gpt-4o-mini: 0.60 USD per million output tokens; 100,000 possible output tokens could cost 0.06 > 0.01.
    HttpResponse<String> refused = chat(BUDGET_KEY, 100_000);
    assertThat(refused.statusCode()).as(refused.body()).isIn(403, 429);
    assertThat(refused.body()).contains("key-budget");
    assertThat(upstream.count("/a/v1/chat/completions")).isZero();
    HttpResponse<String> ok = chat(BUDGET_KEY, 100);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
  }

  @Test
  void twoKeysOfATeamExhaustTheTeamsLimitTogether() throws Exception {
    // Each key inherits the team's 3 per minute as its own limit too; only the team's bucket is shared.
    for (String key : new String[] {TEAM_ANN, TEAM_BOB, TEAM_ANN}) {
      HttpResponse<String> ok = chat(key, 10);
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
      assertThat(ok.headers().firstValue("x-ratelimit-limit-requests")).hasValue("3");
    }
    HttpResponse<String> refused = chat(TEAM_BOB, 10);
    assertThat(refused.statusCode()).as("bob has used one of his own three, but the team none left").isEqualTo(429);
    assertThat(refused.body()).contains("team 'limited-team'").contains("rate_limit_exceeded");
    assertThat(refused.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
    assertThat(refused.headers().firstValue("retry-after")).isPresent();
    assertThat(upstream.count("/a/v1/chat/completions")).isEqualTo(3);
  }
}
