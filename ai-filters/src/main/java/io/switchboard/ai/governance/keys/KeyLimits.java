package io.switchboard.ai.governance.keys;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A key's (or team's) own limits and budget, as plain data for the rate-limit and budget filters; {@code null}
 * means "no limit of its own". Switchboard's key handling only stores and bounds them.
 */
public record KeyLimits(@Nullable Long requestsPerMinute, @Nullable Long tokensPerMinute, @Nullable Double budgetUsd) {

  public static final KeyLimits NONE = new KeyLimits(null, null, null);

  /**
   * These limits bounded by {@code outer}: a missing value takes the outer one.
   *
   * @throws GovernanceException when a value exceeds the outer one
   */
  public KeyLimits boundedBy(KeyLimits outer, String by) {
    return new KeyLimits(bound(requestsPerMinute, outer.requestsPerMinute, "requestsPerMinute", by),
        bound(tokensPerMinute, outer.tokensPerMinute, "tokensPerMinute", by),
        bound(budgetUsd, outer.budgetUsd, "budgetUsd", by));
  }

  private static <T extends Number & Comparable<T>> @Nullable T bound(@Nullable T value, @Nullable T outer,
      String field, String by) {
    if (value != null && value.doubleValue() < 0) {
      throw GovernanceException.badRequest("field '" + field + "': must not be negative");
    }
    if (outer == null) {
      return value;
    }
    if (value == null) {
      return outer;
    }
    if (value.compareTo(outer) > 0) {
      throw GovernanceException.forbidden("field '" + field + "': exceeds the limit of " + by);
    }
    return value;
  }

  Map<String, Object> view() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("requestsPerMinute", requestsPerMinute);
    m.put("tokensPerMinute", tokensPerMinute);
    m.put("budgetUsd", budgetUsd);
    return m;
  }
}
