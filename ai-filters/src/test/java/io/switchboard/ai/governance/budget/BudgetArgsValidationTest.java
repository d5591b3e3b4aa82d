package io.switchboard.ai.governance.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** AiBudget's arguments are checked the way the filter binds them, so startup can name what is wrong. */
class BudgetArgsValidationTest {

  @Test
  void validArgumentsPass() {
    assertThat(AiBudgetGatewayFilterFactory.validate(Map.of("limits[0].name", "daily", "limits[0].subject", "key",
        "limits[0].period", "day", "limits[0].usd", "20", "limits[0].alerts[0]", "0.8"))).isNull();
  }

  @Test
  void badArgumentsAreNamed() {
    assertThat(AiBudgetGatewayFilterFactory.validate(Map.of("limits[0].name", "d", "limits[0].period", "fortnight",
        "limits[0].usd", "1"))).isEqualTo("AiBudget: limits[0].period: unknown period (expected day, week, month or "
        + "total)");
    assertThat(AiBudgetGatewayFilterFactory.validate(Map.of("limits[0].name", "d", "limits[0].subject", "tenant",
        "limits[0].usd", "1"))).contains("limits[0].subject: unknown subject");
    assertThat(AiBudgetGatewayFilterFactory.validate(Map.of("limits[0].name", "d", "limits[0].usd", "-5")))
        .contains("limits[0].usd must be a positive amount");
    assertThat(AiBudgetGatewayFilterFactory.validate(Map.of())).contains("at least one entry under 'limits'");
    assertThat(AiBudgetGatewayFilterFactory.validate(Map.of("limits[0].name", "d", "limits[0].usd", "1",
        "limits[0].perod", "day"))).contains("limits[0].perod").contains("unknown argument");
  }
}
