package io.switchboard.ai.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class FailureActionTest {

  @Test
  void parsesKebabCaseIds() {
    assertThat(FailureAction.parse("retry")).isEqualTo(FailureAction.RETRY);
    assertThat(FailureAction.parse("failover-larger-context")).isEqualTo(FailureAction.FAILOVER_LARGER_CONTEXT);
    assertThat(FailureAction.parse(" Eject ")).isEqualTo(FailureAction.EJECT);
    for (FailureAction action : FailureAction.values()) {
      assertThat(FailureAction.parse(action.id())).isEqualTo(action);
    }
    assertThat(FailureAction.FAILOVER_LARGER_CONTEXT.id()).isEqualTo("failover-larger-context");
  }

  @Test
  void unknownActionIsRejected() {
    assertThatThrownBy(() -> FailureAction.parse("ignore")).isInstanceOf(IllegalArgumentException.class);
  }
}
