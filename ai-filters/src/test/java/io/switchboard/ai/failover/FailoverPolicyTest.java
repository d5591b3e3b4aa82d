package io.switchboard.ai.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class FailoverPolicyTest {

  private static FailoverPolicy policy(int maxAttempts, Map<ErrorClass, FailureAction> actions) {
    return new FailoverPolicy(Strategy.WEIGHTED, maxAttempts, new Backoff(Duration.ofMillis(100),
        Duration.ofSeconds(2)), Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(15),
        Duration.ofSeconds(5), actions, 0.1, null);
  }

  @Test
  void defaultActionsForEveryErrorClass() {
    FailoverPolicy policy = policy(3, Map.of());
    Map<ErrorClass, FailureAction> expected = Map.ofEntries(
        Map.entry(ErrorClass.RATE_LIMITED, FailureAction.RETRY),
        Map.entry(ErrorClass.OVERLOADED, FailureAction.RETRY),
        Map.entry(ErrorClass.SERVER_ERROR, FailureAction.RETRY),
        Map.entry(ErrorClass.TIMEOUT, FailureAction.RETRY),
        Map.entry(ErrorClass.CONNECTION, FailureAction.RETRY),
        Map.entry(ErrorClass.CONTEXT_WINDOW, FailureAction.FAILOVER_LARGER_CONTEXT),
        Map.entry(ErrorClass.CONTENT_FILTERED, FailureAction.RETURN),
        Map.entry(ErrorClass.AUTH, FailureAction.EJECT),
        Map.entry(ErrorClass.BILLING, FailureAction.EJECT),
        Map.entry(ErrorClass.NOT_FOUND, FailureAction.FAILOVER),
        Map.entry(ErrorClass.BAD_REQUEST, FailureAction.RETURN));
    assertThat(expected).hasSize(ErrorClass.values().length);
    assertThat(FailoverPolicy.DEFAULT_ACTIONS).isEqualTo(expected);
    for (ErrorClass error : ErrorClass.values()) {
      assertThat(policy.action(error)).as(error.id()).isEqualTo(expected.get(error));
    }
  }

  @Test
  void overridesMergeWithTheDefaults() {
    FailoverPolicy policy = policy(2, Map.of(ErrorClass.CONTENT_FILTERED, FailureAction.FAILOVER,
        ErrorClass.RATE_LIMITED, FailureAction.FAILOVER));
    assertThat(policy.action(ErrorClass.CONTENT_FILTERED)).isEqualTo(FailureAction.FAILOVER);
    assertThat(policy.action(ErrorClass.RATE_LIMITED)).isEqualTo(FailureAction.FAILOVER);
    assertThat(policy.action(ErrorClass.AUTH)).isEqualTo(FailureAction.EJECT);
    assertThat(policy.action(ErrorClass.BAD_REQUEST)).isEqualTo(FailureAction.RETURN);
    assertThat(policy.actions()).hasSize(ErrorClass.values().length);
    // The defaults themselves are untouched.
    assertThat(FailoverPolicy.DEFAULT_ACTIONS.get(ErrorClass.CONTENT_FILTERED)).isEqualTo(FailureAction.RETURN);
    assertThatThrownBy(() -> policy.actions().put(ErrorClass.AUTH, FailureAction.RETRY))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void oneAttemptIsTheMinimum() {
    assertThat(policy(1, Map.of()).maxAttempts()).isEqualTo(1);
    assertThatThrownBy(() -> policy(0, Map.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max-attempts must be at least 1");
    assertThatThrownBy(() -> policy(-3, Map.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
