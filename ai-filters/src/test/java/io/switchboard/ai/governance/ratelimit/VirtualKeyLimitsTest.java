package io.switchboard.ai.governance.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.governance.keys.KeyLimits;
import io.switchboard.ai.governance.keys.VirtualKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A virtual key's own limits tighten a route's rate limits, never loosen them. */
class VirtualKeyLimitsTest {

  private static VirtualKey key(Long rpm, Long tpm) {
    return new VirtualKey("k1", null, "sk-sb-AbCd", "wxyz", "ann", null, List.of(), List.of(), null, Map.of(),
        new KeyLimits(rpm, tpm, null), VirtualKey.Status.ACTIVE, Instant.EPOCH, "admin", "hmac:00", null, null);
  }

  private static final RateLimits ROUTE = new RateLimits(100, 10_000, 50_000, 0, 4);

  @Test
  void withoutAKeyOrItsLimitsTheRoutesApply() {
    assertThat(AiTokenRateLimiterGatewayFilterFactory.forKey(ROUTE, null)).isSameAs(ROUTE);
    assertThat(AiTokenRateLimiterGatewayFilterFactory.forKey(ROUTE, key(null, null))).isSameAs(ROUTE);
  }

  @Test
  void aKeysLowerLimitsWin() {
    RateLimits limits = AiTokenRateLimiterGatewayFilterFactory.forKey(ROUTE, key(10L, 2_000L));
    assertThat(limits).isEqualTo(new RateLimits(10, 2_000, 50_000, 0, 4));
  }

  @Test
  void aKeyNeverLoosensTheRouteButAddsWhatTheRouteLacks() {
    assertThat(AiTokenRateLimiterGatewayFilterFactory.forKey(ROUTE, key(1_000L, null)).requestsPerMinute())
        .isEqualTo(100);
    RateLimits unlimitedRoute = new RateLimits(0, 0, 0, 0, 0);
    assertThat(AiTokenRateLimiterGatewayFilterFactory.forKey(unlimitedRoute, key(5L, 300L)))
        .isEqualTo(new RateLimits(5, 300, 0, 0, 0));
  }
}
