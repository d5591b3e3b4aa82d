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
    assertThat(HttpUpstream.retryAfterMs(headers, 429)).isEqualTo("1500");
  }

  @Test
  void aRetryAfterHeaderWinsOverResetHeaders() {
    HttpHeaders headers = new DefaultHttpHeaders().add("retry-after", "3").add("x-ratelimit-reset-requests", "9s");
    assertThat(HttpUpstream.retryAfterMs(headers, 429)).isNull();
  }

  @Test
  void theExhaustedLimitsResetIsTheWait() {
    HttpHeaders headers = new DefaultHttpHeaders()
        .add("x-ratelimit-remaining-requests", "10").add("x-ratelimit-reset-requests", "200ms")
        .add("x-ratelimit-remaining-tokens", "0").add("x-ratelimit-reset-tokens", "6m0s");
    assertThat(HttpUpstream.retryAfterMs(headers, 429)).isEqualTo("360000");
  }

  @Test
  void withoutAnExhaustedLimitTheSoonestResetIsTheWait() {
    HttpHeaders headers = new DefaultHttpHeaders()
        .add("x-ratelimit-reset-requests", "1s").add("x-ratelimit-reset-tokens", "1m");
    assertThat(HttpUpstream.retryAfterMs(headers, 429)).isEqualTo("1000");
  }

  @Test
  void anthropicResetTimesAreReadAsTimes() {
    String inTenSeconds = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(10).toString();
    HttpHeaders headers = new DefaultHttpHeaders()
        .add("anthropic-ratelimit-requests-remaining", "0").add("anthropic-ratelimit-requests-reset", inTenSeconds);
    assertThat(Long.parseLong(HttpUpstream.retryAfterMs(headers, 429))).isBetween(8_000L, 10_000L);
  }

  @Test
  void noHeadersNoWait() {
    assertThat(HttpUpstream.retryAfterMs(new DefaultHttpHeaders().add("x-ratelimit-reset-requests", "soon"), 429))
        .isNull();
  }

  @Test
  void anHttpDateRetryAfterIsTheTimeUntilThen() {
    String inFiveSeconds = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
        OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(5));
    HttpHeaders headers = new DefaultHttpHeaders().add("retry-after", inFiveSeconds);
    assertThat(Long.parseLong(HttpUpstream.retryAfterMs(headers, 503))).isBetween(3_000L, 5_000L);
    java.time.Instant now = java.time.Instant.parse("2026-01-01T00:00:00Z");
    assertThat(HttpUpstream.httpDateMillis("Thu, 01 Jan 2026 00:00:07 GMT", now)).isEqualTo(7_000L);
    assertThat(HttpUpstream.httpDateMillis("Wed, 31 Dec 2025 23:59:00 GMT", now)).as("past: no wait").isZero();
    assertThat(HttpUpstream.httpDateMillis("7", now)).as("seconds are not a date").isEqualTo(-1);
  }

  @Test
  void resetHeadersCountOnlyForARateLimit() {
    HttpHeaders headers = new DefaultHttpHeaders()
        .add("x-ratelimit-remaining-requests", "0").add("x-ratelimit-reset-requests", "2s");
    assertThat(HttpUpstream.retryAfterMs(headers, 429)).isEqualTo("2000");
    assertThat(HttpUpstream.retryAfterMs(headers, 503)).as("every answer carries them").isNull();
    assertThat(HttpUpstream.retryAfterMs(headers.add("retry-after-ms", "250"), 503)).isEqualTo("250");
  }
}
