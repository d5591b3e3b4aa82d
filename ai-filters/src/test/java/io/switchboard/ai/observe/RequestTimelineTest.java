package io.switchboard.ai.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RequestTimelineTest {

  static final long MS = 1_000_000;

  @Test
  void upstreamTimeIsTheUnionOfOverlappingAttempts() {
    RequestTimeline t = new RequestTimeline(0, Instant.EPOCH, true);
    t.attemptStarted(10 * MS);     // primary
    t.attemptStarted(30 * MS);     // hedge, overlapping
    t.attemptEnded(50 * MS);       // primary loses
    t.attemptEnded(80 * MS);       // hedge done
    t.attemptStarted(100 * MS);    // a later retry
    t.attemptEnded(120 * MS);
    assertThat(t.upstreamNanos(200 * MS)).isEqualTo(90 * MS); // [10,80] + [100,120]
    assertThat(t.overheadNanos(200 * MS)).isEqualTo(110 * MS);
  }

  @Test
  void anOpenAttemptCountsUntilNow() {
    RequestTimeline t = new RequestTimeline(0, Instant.EPOCH, true);
    t.attemptStarted(5 * MS);
    assertThat(t.upstreamNanos(25 * MS)).isEqualTo(20 * MS);
    assertThat(t.overheadNanos(25 * MS)).isEqualTo(5 * MS);
  }

  @Test
  void backoffWaitsAreNeitherUpstreamNorOverhead() {
    RequestTimeline t = new RequestTimeline(0, Instant.EPOCH, true);
    t.attemptStarted(2 * MS);
    t.attemptEnded(12 * MS);
    t.backoffStarted(13 * MS);
    t.attemptStarted(213 * MS); // ends the 200 ms wait
    t.attemptEnded(233 * MS);
    assertThat(t.backoffNanos(240 * MS)).isEqualTo(200 * MS);
    assertThat(t.upstreamNanos(240 * MS)).isEqualTo(30 * MS);
    assertThat(t.overheadNanos(240 * MS)).isEqualTo(10 * MS);
  }

  @Test
  void aWaitCutShortByTheClientCountsUntilTheEnd() {
    RequestTimeline t = new RequestTimeline(0, Instant.EPOCH, true);
    t.backoffStarted(10 * MS);
    assertThat(t.backoffNanos(50 * MS)).isEqualTo(40 * MS);
    assertThat(t.overheadNanos(50 * MS)).isEqualTo(10 * MS);
  }

  @Test
  void overheadHeaderFormatsMillisWithTwoDecimals() {
    assertThat(UsageWebFilter.millis(1_234_567)).isEqualTo("1.23");
    assertThat(UsageWebFilter.millis(50_000)).isEqualTo("0.05");
    assertThat(UsageWebFilter.millis(12_000_000_000L)).isEqualTo("12000.00");
  }
}
