package io.switchboard.ai.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

final class TargetStateTest {

  /** Three in a row open it; the rate rule needs 10 calls; open for a minute so no probe starts mid-test. */
  private static final CircuitSettings SETTINGS = new CircuitSettings(3, 20, 10, 50f, Duration.ofMinutes(1),
      Duration.ofMinutes(5), 1, 50);

  private final TargetState state = new TargetState("openai/gpt-4o", SETTINGS);

  @Test
  void startsClosed() {
    assertThat(state.key()).isEqualTo("openai/gpt-4o");
    assertThat(state.circuitState()).isEqualTo("CLOSED");
    assertThat(state.ejected()).isFalse();
    assertThat(state.tryAcquire()).isTrue();
    assertThat(state.waitNanos(0)).isZero();
  }

  @Test
  void consecutiveFailuresOpenTheCircuit() {
    state.onFailure(1_000_000, ErrorClass.SERVER_ERROR);
    state.onFailure(1_000_000, ErrorClass.TIMEOUT);
    assertThat(state.circuitState()).isEqualTo("CLOSED");
    state.onFailure(1_000_000, ErrorClass.CONNECTION);
    assertThat(state.circuitState()).isEqualTo("OPEN");
    assertThat(state.ejected()).isTrue();
    assertThat(state.tryAcquire()).isFalse();
    TargetState.Snapshot snapshot = state.snapshot(0);
    assertThat(snapshot.failures()).isEqualTo(3);
    assertThat(snapshot.consecutiveFailures()).isEqualTo(3);
    assertThat(snapshot.circuit()).isEqualTo("OPEN");
  }

  @Test
  void aSuccessResetsTheRun() {
    state.onFailure(1_000_000, ErrorClass.SERVER_ERROR);
    state.onFailure(1_000_000, ErrorClass.SERVER_ERROR);
    state.onSuccess(1_000_000);
    state.onFailure(1_000_000, ErrorClass.SERVER_ERROR);
    state.onFailure(1_000_000, ErrorClass.SERVER_ERROR);
    assertThat(state.circuitState()).isEqualTo("CLOSED");
    assertThat(state.snapshot(0).consecutiveFailures()).isEqualTo(2);
  }

  @Test
  void theFailureRateOpensTheCircuit() {
    TargetState rated = new TargetState("a/b", new CircuitSettings(100, 4, 4, 50f, Duration.ofMinutes(1),
        Duration.ofMinutes(5), 1, 50));
    rated.onSuccess(1);
    rated.onFailure(1, ErrorClass.SERVER_ERROR);
    rated.onSuccess(1);
    assertThat(rated.circuitState()).isEqualTo("CLOSED");
    rated.onFailure(1, ErrorClass.SERVER_ERROR);
    assertThat(rated.circuitState()).isEqualTo("OPEN");
    assertThat(rated.snapshot(0).failureRatePercent()).isEqualTo(50f);
  }

  @Test
  void ejectOpensAndResetCloses() {
    state.eject();
    assertThat(state.circuitState()).isEqualTo("OPEN");
    assertThat(state.ejected()).isTrue();
    state.eject(); // already open: stays open
    assertThat(state.circuitState()).isEqualTo("OPEN");
    state.notBefore(5_000);
    state.started();
    state.reset();
    assertThat(state.circuitState()).isEqualTo("CLOSED");
    assertThat(state.ejected()).isFalse();
    assertThat(state.tryAcquire()).isTrue();
    assertThat(state.waitNanos(0)).isZero();
    TargetState.Snapshot snapshot = state.snapshot(0);
    assertThat(snapshot.failures()).isZero();
    assertThat(snapshot.attempts()).isZero();
    assertThat(snapshot.inFlight()).isEqualTo(1); // in-flight is kept
  }

  @Test
  void notBeforeKeepsTheLatestAndCountsDown() {
    long now = -5_000_000_000L; // nanoTime may be negative
    state.notBefore(now + 2_000_000_000L);
    state.notBefore(now + 1_000_000_000L); // an earlier wish does not shorten the wait
    assertThat(state.waitNanos(now)).isEqualTo(2_000_000_000L);
    assertThat(state.waitNanos(now + 1_500_000_000L)).isEqualTo(500_000_000L);
    assertThat(state.waitNanos(now + 3_000_000_000L)).isZero();
    assertThat(state.snapshot(now).rateLimitedForMillis()).isEqualTo(2000);
  }

  @Test
  void countsAttemptsAndInFlight() {
    state.started();
    state.started();
    state.finished();
    assertThat(state.inFlight()).isEqualTo(1);
    assertThat(state.snapshot(0).attempts()).isEqualTo(2);
  }

  @Test
  void snapshotShowsLatenciesOnceMeasured() {
    assertThat(state.snapshot(0).firstTokenEwmaMillis()).isNull();
    assertThat(state.snapshot(0).firstTokenP95Millis()).isNull();
    state.latency().recordFirstToken(120);
    state.latency().recordTotal(900);
    TargetState.Snapshot snapshot = state.snapshot(0);
    assertThat(snapshot.firstTokenEwmaMillis()).isEqualTo(120.0);
    assertThat(snapshot.totalEwmaMillis()).isEqualTo(900.0);
    assertThat(snapshot.firstTokenP95Millis()).isNull();
  }

  /** Polls until the circuit leaves OPEN; returns how long it stayed open (ms). */
  private static long openFor(TargetState state) throws InterruptedException {
    long start = System.nanoTime();
    while (state.circuitState().equals("OPEN")) {
      if (System.nanoTime() - start > 10_000_000_000L) {
        throw new AssertionError("still open after 10 s");
      }
      Thread.sleep(2);
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Test
  void theCoolDownDoublesOnEveryFailedProbeUpToItsCapAndStartsOverOnceClosed() throws Exception {
    TargetState state = new TargetState("grow/m", new CircuitSettings(3, 20, 10, 50f, Duration.ofMillis(100),
        Duration.ofMillis(800), 1, 50));
    state.eject();
    List<Long> open = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      open.add(openFor(state));
      assertThat(state.circuitState()).isEqualTo("HALF_OPEN");
      assertThat(state.tryAcquire()).as("one probe").isTrue();
      assertThat(state.tryAcquire()).as("only one").isFalse();
      state.onFailure(1, ErrorClass.SERVER_ERROR);
      assertThat(state.circuitState()).isEqualTo("OPEN");
    }
    // Lower bounds only (a circuit never reopens early; a loaded machine may make it late): 100, 200, 400, 800, 800.
    assertThat(open.get(0)).isGreaterThanOrEqualTo(95);
    assertThat(open.get(1)).isGreaterThanOrEqualTo(190);
    assertThat(open.get(2)).isGreaterThanOrEqualTo(380);
    assertThat(open.get(3)).isGreaterThanOrEqualTo(760);
    assertThat(open.get(4)).as("capped at open-max").isGreaterThanOrEqualTo(760).isLessThan(1600);
    openFor(state);
    assertThat(state.tryAcquire()).isTrue();
    state.onSuccess(1);
    assertThat(state.circuitState()).isEqualTo("CLOSED");
    state.eject();
    assertThat(openFor(state)).as("a closed circuit starts over at open-base").isBetween(95L, 600L);
  }
}
