package io.switchboard.ai.governance.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BudgetPeriodTest {

  static final Instant WEDNESDAY_NOON = Instant.parse("2026-12-30T12:34:56Z");

  @Test
  void periodsAreUtcCalendarPeriods() {
    assertThat(BudgetPeriod.DAY.start(WEDNESDAY_NOON)).isEqualTo("2026-12-30T00:00:00Z");
    assertThat(BudgetPeriod.DAY.resetsAt(WEDNESDAY_NOON)).isEqualTo("2026-12-31T00:00:00Z");
    assertThat(BudgetPeriod.WEEK.start(WEDNESDAY_NOON)).isEqualTo("2026-12-28T00:00:00Z");
    assertThat(BudgetPeriod.WEEK.resetsAt(WEDNESDAY_NOON)).isEqualTo("2027-01-04T00:00:00Z");
    assertThat(BudgetPeriod.MONTH.start(WEDNESDAY_NOON)).isEqualTo("2026-12-01T00:00:00Z");
    assertThat(BudgetPeriod.MONTH.resetsAt(WEDNESDAY_NOON)).isEqualTo("2027-01-01T00:00:00Z");
    assertThat(BudgetPeriod.TOTAL.start(WEDNESDAY_NOON)).isEqualTo(Instant.EPOCH);
    assertThat(BudgetPeriod.TOTAL.resetsAt(WEDNESDAY_NOON)).isNull();
  }

  @Test
  void aWeekStartingOnMondayResetsTheNextMonday() {
    Instant monday = Instant.parse("2026-11-23T00:00:00Z");
    assertThat(BudgetPeriod.WEEK.start(monday)).isEqualTo(monday);
    assertThat(BudgetPeriod.WEEK.resetsAt(monday)).isEqualTo("2026-11-30T00:00:00Z");
  }
}
