package io.switchboard.ai.governance.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.AiCall;
import io.switchboard.ai.governance.keys.KeyLimits;
import io.switchboard.ai.governance.keys.Team;
import io.switchboard.ai.governance.keys.VirtualKey;
import io.switchboard.ai.provider.spi.TokenUsage;
import io.switchboard.ai.request.AiRequestReader;
import io.switchboard.ai.request.JsonBodyScanner;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A team's per-minute limits are shared by all its keys; a virtual key's buckets survive its rotation; hedge
 * attempts that lost their race are charged their prompt.
 */
class TeamAndRotationLimitsTest {

  final AtomicInteger calls = new AtomicInteger();
  final GatewayFilterChain chain = exchange -> {
    calls.incrementAndGet();
    return Mono.empty();
  };
  final AiTokenRateLimiterGatewayFilterFactory factory = new AiTokenRateLimiterGatewayFilterFactory(
      new LocalLimitStore(), new AiRequestReader(1 << 20, new JsonBodyScanner(64)), null, "test");

  static final Team TEAM = new Team("red", Map.of("ann", Team.Role.MEMBER, "bob", Team.Role.MEMBER), List.of(),
      List.of(), new KeyLimits(3L, 10_000L, null));

  static VirtualKey key(String id, String hash, KeyLimits limits) {
    return new VirtualKey(id, null, "sk-sb-AbCd", "wxyz", null, "red", List.of(), List.of(), null, Map.of(),
        limits, VirtualKey.Status.ACTIVE, Instant.EPOCH, "admin", hash, null, null);
  }

  static MockServerWebExchange exchange(VirtualKey key, String clientKeyHash, Team team) {
    MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/v1/chat/completions")
        .contentType(MediaType.APPLICATION_JSON)
        .body("{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
    exchange.getAttributes().put(VirtualKey.ATTRIBUTE, key);
    exchange.getAttributes().put(KeyResolvers.CLIENT_KEY_HASH_ATTRIBUTE, clientKeyHash);
    if (team != null) {
      exchange.getAttributes().put(Team.ATTRIBUTE, team);
    }
    return exchange;
  }

  GatewayFilter filter(long rpm, long tpm) {
    return factory.apply(new AiTokenRateLimiterGatewayFilterFactory.Config().setRequestsPerMinute(rpm)
        .setTokensPerMinute(tpm));
  }

  @Test
  void twoKeysOfATeamTogetherStopAtTheTeamsRequestLimit() {
    GatewayFilter filter = filter(100, 0);
    VirtualKey ann = key("k-ann", "hmac:aa", KeyLimits.NONE);
    VirtualKey bob = key("k-bob", "hmac:bb", KeyLimits.NONE);
    for (int i = 0; i < 3; i++) {
      MockServerWebExchange ok = exchange(i % 2 == 0 ? ann : bob, "h" + i, TEAM);
      filter.filter(ok, chain).block();
      assertThat(ok.getResponse().getStatusCode()).as("request %d", i).isNull();
      ok.getResponse().setComplete().block();
      assertThat(ok.getResponse().getHeaders().getFirst("x-ratelimit-limit-requests"))
          .as("the tightest limit: the team's").isEqualTo("3");
      assertThat(ok.getResponse().getHeaders().getFirst("x-ratelimit-remaining-requests"))
          .isEqualTo(Integer.toString(2 - i));
    }
    MockServerWebExchange refused = exchange(bob, "h3", TEAM);
    filter.filter(refused, chain).block();
    assertThat(refused.getResponse().getStatusCode().value()).isEqualTo(429);
    assertThat(refused.getResponse().getHeaders().getFirst("retry-after")).isNotNull();
    assertThat(refused.getResponse().getBodyAsString().block()).contains("team 'red'").contains("limit 3");
    assertThat(calls).hasValue(3);

    MockServerWebExchange otherTeam = exchange(key("k-cy", "hmac:cc", KeyLimits.NONE), "h4",
        new Team("blue", Map.of(), List.of(), List.of(), new KeyLimits(3L, null, null)));
    filter.filter(otherTeam, chain).block();
    assertThat(otherTeam.getResponse().getStatusCode()).as("another team has its own buckets").isNull();
  }

  @Test
  void aTeamsRefusalGivesTheKeysRequestBack() {
    GatewayFilter filter = filter(4, 0);
    VirtualKey ann = key("k-ann", "hmac:aa", KeyLimits.NONE);
    Team tiny = new Team("tiny", Map.of(), List.of(), List.of(), new KeyLimits(1L, null, null));
    filter.filter(exchange(ann, "h", tiny), chain).block();
    for (int i = 0; i < 3; i++) {
      MockServerWebExchange refused = exchange(ann, "h", tiny);
      filter.filter(refused, chain).block();
      assertThat(refused.getResponse().getStatusCode().value()).isEqualTo(429);
    }
    // The key's own bucket (4 per minute) lost nothing to the three refusals: without the team it passes 3 more.
    for (int i = 0; i < 3; i++) {
      MockServerWebExchange ok = exchange(ann, "h", null);
      filter.filter(ok, chain).block();
      assertThat(ok.getResponse().getStatusCode()).as("request %d", i).isNull();
    }
  }

  @Test
  void aTeamWithoutPerMinuteLimitsAddsNoBuckets() {
    assertThat(AiTokenRateLimiterGatewayFilterFactory.forTeam(null)).isNull();
    assertThat(AiTokenRateLimiterGatewayFilterFactory.forTeam(
        new Team("t", Map.of(), List.of(), List.of(), new KeyLimits(null, null, 5.0)))).isNull();
    assertThat(AiTokenRateLimiterGatewayFilterFactory.forTeam(TEAM)).isEqualTo(new RateLimits(3, 10_000, 0, 0, 0));
  }

  @Test
  void rotatingAVirtualKeyDoesNotResetItsBuckets() {
    GatewayFilter filter = filter(2, 0);
    VirtualKey before = key("k-rot", "hmac:old", KeyLimits.NONE);
    VirtualKey after = key("k-rot", "hmac:new", KeyLimits.NONE);
    filter.filter(exchange(before, "hash-of-old-key", null), chain).block();
    filter.filter(exchange(before, "hash-of-old-key", null), chain).block();
    MockServerWebExchange rotated = exchange(after, "hash-of-new-key", null);
    filter.filter(rotated, chain).block();
    assertThat(rotated.getResponse().getStatusCode().value()).as("same key id, same bucket").isEqualTo(429);
    assertThat(KeyResolvers.apiKeyHash(rotated)).isEqualTo("vk:k-rot");
  }

  /** What is left in a fresh key's token bucket after one call that used 120 tokens, and a probe request. */
  long remainingAfter(String keyId, boolean hedged) {
    // Per day: the bucket refills about one token a second, so the test's own duration barely shows.
    GatewayFilter filter = factory.apply(new AiTokenRateLimiterGatewayFilterFactory.Config().setTokensPerDay(100_000));
    VirtualKey key = key(keyId, "hmac:hh", KeyLimits.NONE);
    GatewayFilterChain call = exchange -> {
      AiCall ai = new AiCall("p", "m", "m", false);
      ai.recordUsage(TokenUsage.of(100, 20));
      ai.recordAttempts(List.of(new AiCall.Attempt("p/m", "cancelled", 0, 5, false),
          new AiCall.Attempt("q/m", "ok", 200, 7, hedged)));
      exchange.getAttributes().put(AiCall.ATTRIBUTE, ai);
      return Mono.empty();
    };
    filter.filter(exchange(key, "h", null), call).block();
    MockServerWebExchange probe = exchange(key, "h", null);
    filter.filter(probe, chain).block();
    probe.getResponse().setComplete().block();
    return Long.parseLong(probe.getResponse().getHeaders().getFirst("x-ratelimit-remaining-tokens"));
  }

  @Test
  void aHedgeThatLostItsRaceIsChargedItsPrompt() {
    long plain = remainingAfter("k-plain", false);
    long prompt = 100_000 - 120 - plain - 10; // the probe reserved its prompt and max_tokens 10
    assertThat(prompt).as("the gateway's prompt estimate").isPositive();
    assertThat(remainingAfter("k-hedge", true)).as("the lost hedge's prompt charged too")
        .isBetween(plain - prompt - 3, plain - prompt + 3);
  }
}
