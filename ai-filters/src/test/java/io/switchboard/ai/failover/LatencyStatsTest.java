package io.switchboard.ai.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class LatencyStatsTest {

  private final LatencyStats stats = new LatencyStats(0.2);

  @Test
  void ewmaStartsAtTheFirstSampleAndMovesTowardNewOnes() {
    assertThat(stats.firstTokenMillis()).isNaN();
    assertThat(stats.totalMillis()).isNaN();
    stats.recordFirstToken(100);
    assertThat(stats.firstTokenMillis()).isEqualTo(100.0);
    stats.recordFirstToken(200);
    assertThat(stats.firstTokenMillis()).isCloseTo(120.0, within(1e-9));
    stats.recordTotal(1000);
    stats.recordTotal(500);
    assertThat(stats.totalMillis()).isCloseTo(900.0, within(1e-9));
    // A recovering target is noticed within about ten samples.
    for (int i = 0; i < 10; i++) {
      stats.recordFirstToken(20);
    }
    assertThat(stats.firstTokenMillis()).isCloseTo(20 + 100 * Math.pow(0.8, 10), within(1e-6)).isLessThan(31);
  }

  @Test
  void aFailureIsASlowSampleButNotALatency() {
    stats.recordFirstToken(100);
    stats.recordFailure(1100);
    assertThat(stats.firstTokenMillis()).isCloseTo(300.0, within(1e-9));
    assertThat(stats.samples()).isEqualTo(1);
  }

  @Test
  void p95NeedsTwentySamples() {
    for (int i = 1; i <= 19; i++) {
      stats.recordFirstToken(i);
    }
    assertThat(stats.p95FirstTokenMillis()).isEqualTo(-1);
    stats.recordFirstToken(20);
    assertThat(stats.samples()).isEqualTo(20);
    assertThat(stats.p95FirstTokenMillis()).isEqualTo(19);
  }

  @Test
  void p95OfAKnownDistribution() {
    List<Long> values = new ArrayList<>();
    for (long v = 1; v <= 200; v++) {
      values.add(v * 10);
    }
    Collections.shuffle(values, new Random(5));
    values.forEach(stats::recordFirstToken);
    // The 190th of 200 sorted values.
    assertThat(stats.p95FirstTokenMillis()).isEqualTo(1900);
  }

  @Test
  void p95KeepsOnlyTheRecentRing() {
    for (long v = 1; v <= 300; v++) {
      stats.recordFirstToken(v);
    }
    assertThat(stats.samples()).isEqualTo(256);
    // 45..300 remain; the ceil(0.95 * 256) = 244th of them.
    assertThat(stats.p95FirstTokenMillis()).isEqualTo(288);
  }

  @Test
  void p95FollowsNewSamplesWithinSixteen() {
    for (int i = 0; i < 100; i++) {
      stats.recordFirstToken(100);
    }
    assertThat(stats.p95FirstTokenMillis()).isEqualTo(100);
    for (int i = 0; i < 100; i++) {
      stats.recordFirstToken(5000);
    }
    assertThat(stats.p95FirstTokenMillis()).isEqualTo(5000);
  }

  @Test
  void clearForgetsEverything() {
    for (int i = 0; i < 30; i++) {
      stats.recordFirstToken(50);
    }
    stats.recordTotal(70);
    assertThat(stats.p95FirstTokenMillis()).isEqualTo(50);
    stats.clear();
    assertThat(stats.firstTokenMillis()).isNaN();
    assertThat(stats.totalMillis()).isNaN();
    assertThat(stats.samples()).isZero();
    assertThat(stats.p95FirstTokenMillis()).isEqualTo(-1);
  }
}
