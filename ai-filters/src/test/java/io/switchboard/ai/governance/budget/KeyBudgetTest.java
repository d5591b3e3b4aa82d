package io.switchboard.ai.governance.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.governance.keys.KeyLimits;
import io.switchboard.ai.governance.keys.VirtualKey;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A virtual key's own budget becomes a total-spend limit on routes with AiBudget. */
class KeyBudgetTest {

  private static VirtualKey key(Double budget) {
    return new VirtualKey("k1", null, "sk-sb-AbCd", "wxyz", "ann", null, List.of(), List.of(), null, Map.of(),
        new KeyLimits(null, null, budget), VirtualKey.Status.ACTIVE, Instant.EPOCH, "admin", "hmac:00", null, null);
  }

  @Test
  void noKeyOrNoBudgetNoLimit() {
    assertThat(AiBudgetGatewayFilterFactory.keyBudget(null)).isNull();
    assertThat(AiBudgetGatewayFilterFactory.keyBudget(key(null))).isNull();
  }

  @Test
  void aTeamsBudgetIsTheTeamsTotalSpend() {
    assertThat(AiBudgetGatewayFilterFactory.teamBudget(null)).isNull();
    io.switchboard.ai.governance.keys.Team team = new io.switchboard.ai.governance.keys.Team("ml", Map.of(),
        List.of(), List.of(), new KeyLimits(null, null, 40.0));
    AiBudgetGatewayFilterFactory.Limit limit = AiBudgetGatewayFilterFactory.teamBudget(team);
    assertThat(limit.getUsd()).isEqualByComparingTo("40");
    assertThat(limit.getSubject()).isEqualTo(BudgetSubject.TEAM);
    assertThat(limit.getName()).isEqualTo("team-budget");
    assertThat(AiBudgetGatewayFilterFactory.teamBudget(new io.switchboard.ai.governance.keys.Team("x", Map.of(),
        List.of(), List.of(), KeyLimits.NONE))).isNull();
  }

  @Test
  void aKeysBudgetIsItsTotalSpend() {
    AiBudgetGatewayFilterFactory.Limit limit = AiBudgetGatewayFilterFactory.keyBudget(key(2.5));
    assertThat(limit.getUsd()).isEqualByComparingTo(new BigDecimal("2.5"));
    assertThat(limit.getPeriod()).isEqualTo(BudgetPeriod.TOTAL);
    assertThat(limit.getSubject()).isEqualTo(BudgetSubject.KEY);
    assertThat(limit.getName()).isEqualTo("key-budget");
  }
}
