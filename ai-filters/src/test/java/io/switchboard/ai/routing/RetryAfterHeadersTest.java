package io.switchboard.ai.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryAfterHeadersTest {

  @Test
  void retryAfterMsIsTakenAsItIs() {
    HttpHeaders headers = new DefaultHttpHeaders().add("retry-after-ms", "1500").add("x-ratelimit-reset-requests", "9s");
    assertThat(HttpUpstream.retryAfterMs(headers)).isEqualTo("1500");
  }

  @Test
  void aRetryAfterHeaderWinsOverResetHeaders() {
    HttpHeaders headers = new DefaultHttpHeaders().add("retry-after", "3").add("x-ratelimit-reset-requests", "9s");
    assertThat(HttpUpstream.retryAfterMs(headers)).isNull();
  }

  @Test
  void theExhaustedLimitsResetIsTheWait() {
    HttpHeaders headers = new DefaultHttpHeaders()
        .add("x-ratelimit-remaining-requests", "10").add("x-ratelimit-reset-requests", "200ms")
        .add("x-ratelimit-remaining-tokens", "0").add("x-ratelimit-reset-tokens", "6m0s");
    assertThat(HttpUpstream.retryAfterMs(headers)).isEqualTo("360000");
  }

  @Test
  void withoutAnExhaustedLimitTheSoonestResetIsTheWait() {
    HttpHeaders headers = new DefaultHttpHeaders()
        .add("x-ratelimit-reset-requests", "1s").add("x-ratelimit-reset-tokens", "1m");
    assertThat(HttpUpstream.retryAfterMs(headers)).isEqualTo("1000");
  }

  @Test
  void anthropicResetTimesAreReadAsTimes() {
    String inTenSeconds = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(10).toString();
    HttpHeaders headers = new DefaultHttpHeaders()
        .add("anthropic-ratelimit-requests-remaining", "0").add("anthropic-ratelimit-requests-reset", inTenSeconds);
    assertThat(Long.parseLong(HttpUpstream.retryAfterMs(headers))).isBetween(8_000L, 10_000L);
  }

  @Test
  void noHeadersNoWait() {
    assertThat(HttpUpstream.retryAfterMs(new DefaultHttpHeaders().add("x-ratelimit-reset-requests", "soon")))
        .isNull();
  }
}
