package io.switchboard.ai.observe.billing;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The ledger's time buckets, in UTC. */
public enum BillingBucket {
  HOUR(ChronoUnit.HOURS, DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH'Z'").withZone(ZoneOffset.UTC)),
  DAY(ChronoUnit.DAYS, DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC));

  private final ChronoUnit unit;
  private final DateTimeFormatter label;

  BillingBucket(ChronoUnit unit, DateTimeFormatter label) {
    this.unit = unit;
    this.label = label;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public Duration length() {
    return unit.getDuration();
  }

  /** The start of the bucket {@code time} falls in. */
  public Instant start(Instant time) {
    return time.truncatedTo(unit);
  }

  /** The bucket's name in answers and Redis keys: {@code 2026-11-24} or {@code 2026-11-24T13Z}. */
  public String label(Instant start) {
    return label.format(start);
  }

  public static @Nullable BillingBucket parse(@Nullable String id) {
    if (id == null || id.isBlank()) {
      return DAY;
    }
    for (BillingBucket b : values()) {
      if (b.id().equalsIgnoreCase(id.trim())) {
        return b;
      }
    }
    return null;
  }
}
