package io.switchboard.ai.governance.budget;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Where budget spend is counted. One request is charged to several budgets at once (its key's, its user's, its
 * team's …): {@link #reserve} is atomic over all of them, so under any concurrency a request is admitted only when
 * every budget still has room for its maximum possible cost, and spend never exceeds a limit by more than what
 * settlements add beyond their reservations.
 *
 * <p>Life of a request: {@code reserve(maxCost)} before the call; then {@code settle(actualCost)} (the reservation
 * is replaced by the actual cost) or {@code release} (nothing was spent). Reservations not settled or released
 * within their time to live (an instance died mid-call) expire and free their room.
 */
public interface BudgetStore {

  /**
   * One budget a request is charged to.
   *
   * @param key identifies the budget, its subject and its period (a new period is a new key)
   * @param limitUsd the limit in USD
   * @param resetsAt when the period ends (the key's counters may be dropped after it); {@code null}: never
   */
  record Charge(String key, BigDecimal limitUsd, @Nullable Instant resetsAt) {
  }

  /** A budget's counters as seen by the operation that returned them. */
  record Standing(BigDecimal spentUsd, BigDecimal reservedUsd) {
    public static final Standing EMPTY = new Standing(BigDecimal.ZERO, BigDecimal.ZERO);
  }

  /**
   * What {@link #reserve} decided.
   *
   * @param id the reservation's id when admitted, else {@code null}
   * @param refused the index of the first charge without room when refused, else -1
   * @param standings per charge, in order: the counters after the reservation (admitted) or as found (refused)
   */
  record Reservation(@Nullable String id, int refused, List<Standing> standings) {
    public boolean admitted() {
      return id != null;
    }
  }

  /** Atomically reserves {@code amountUsd} on every charge, or on none when one lacks room. */
  Mono<Reservation> reserve(List<Charge> charges, BigDecimal amountUsd, Duration ttl);

  /**
   * Replaces the reservation with the actual cost on the same charges. An expired reservation still adds the
   * actual cost (it was spent). Returns the spend of each charge afterwards, in order.
   */
  Mono<List<BigDecimal>> settle(String id, List<Charge> charges, BigDecimal actualUsd);

  /** Drops the reservation made on {@code charges}: nothing was spent. Unknown or expired ids are ignored. */
  Mono<Void> release(String id, List<Charge> charges);

  /**
   * Sets a budget's spend back to zero (an admin's reset of the current period); reservations in flight stay.
   * Returns the spend before the reset.
   */
  Mono<BigDecimal> reset(String key);
}
