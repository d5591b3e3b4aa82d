package io.switchboard.ai.governance.budget;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import org.jspecify.annotations.Nullable;

/**
 * The period a budget limit counts over, in UTC: a calendar day (from 00:00Z), an ISO week (from Monday 00:00Z), a
 * calendar month (from the 1st, 00:00Z), or the whole lifetime of the budget ({@code total}, never resets).
 */
public enum BudgetPeriod {
  DAY, WEEK, MONTH, TOTAL;

  /** When the period containing {@code now} started ({@link Instant#EPOCH} for {@link #TOTAL}). */
  public Instant start(Instant now) {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    return switch (this) {
      case DAY -> today.atStartOfDay(ZoneOffset.UTC).toInstant();
      case WEEK -> today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay(ZoneOffset.UTC)
          .toInstant();
      case MONTH -> today.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      case TOTAL -> Instant.EPOCH;
    };
  }

  /** When the period containing {@code now} ends and the budget resets; {@code null} for {@link #TOTAL}. */
  public @Nullable Instant resetsAt(Instant now) {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    return switch (this) {
      case DAY -> today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      case WEEK -> today.with(TemporalAdjusters.next(DayOfWeek.MONDAY)).atStartOfDay(ZoneOffset.UTC).toInstant();
      case MONTH -> today.withDayOfMonth(1).plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      case TOTAL -> null;
    };
  }
}
