package io.switchboard.ai.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class StrategyTest {

  @Test
  void parsesKebabCaseIds() {
    assertThat(Strategy.parse("weighted")).isEqualTo(Strategy.WEIGHTED);
    assertThat(Strategy.parse("least-latency")).isEqualTo(Strategy.LEAST_LATENCY);
    assertThat(Strategy.parse(" Least-Busy ")).isEqualTo(Strategy.LEAST_BUSY);
    assertThat(Strategy.parse("PREFIX_AFFINITY")).isEqualTo(Strategy.PREFIX_AFFINITY);
    for (Strategy strategy : Strategy.values()) {
      assertThat(Strategy.parse(strategy.id())).isEqualTo(strategy);
    }
    assertThat(Strategy.LEAST_LATENCY.id()).isEqualTo("least-latency");
  }

  @Test
  void unknownStrategyListsTheValidOnes() {
    assertThatThrownBy(() -> Strategy.parse("fastest")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown failover strategy 'fastest'")
        .satisfies(e -> {
          for (Strategy strategy : Strategy.values()) {
            assertThat(e.getMessage()).contains(strategy.id());
          }
        });
    assertThatThrownBy(() -> Strategy.parse("")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected: weighted, priority");
  }
}
