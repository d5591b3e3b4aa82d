package io.switchboard.ai.observe.billing;

import io.switchboard.ai.observe.UsageRecord;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** What the ledger totals by: one row per value of the dimension and time bucket. */
public enum BillingDimension {
  /** The virtual key's id (or a static key's short hash). */
  KEY,
  USER,
  TEAM,
  /** The model that was asked of the provider (the one that is priced), else the model the client asked for. */
  MODEL,
  /** The provider that served (or last failed). */
  PROVIDER;

  /** The value of requests that carry none (unauthenticated, no team, refused before routing …). */
  public static final String NONE = "(none)";

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The record's value of this dimension, {@link #NONE} when it has none. */
  public String valueOf(UsageRecord record) {
    String value = switch (this) {
      case KEY -> record.keyId();
      case USER -> record.user();
      case TEAM -> record.team();
      case MODEL -> record.upstreamModel() != null ? record.upstreamModel() : record.requestedModel();
      case PROVIDER -> record.provider();
    };
    return value == null || value.isEmpty() ? NONE : value;
  }

  /** The dimension named {@code id} ({@code key}, {@code user}, {@code team}, {@code model}, {@code provider}). */
  public static @Nullable BillingDimension parse(@Nullable String id) {
    if (id == null) {
      return null;
    }
    for (BillingDimension d : values()) {
      if (d.id().equalsIgnoreCase(id.trim())) {
        return d;
      }
    }
    return null;
  }
}
