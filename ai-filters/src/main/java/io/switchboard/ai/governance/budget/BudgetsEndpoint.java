package io.switchboard.ai.governance.budget;

import io.switchboard.ai.governance.keys.Actor;
import io.switchboard.ai.governance.keys.AdminOps;
import io.switchboard.ai.governance.keys.GovernanceException;
import io.switchboard.ai.governance.keys.KeyService;
import io.switchboard.ai.governance.keys.Team;
import io.switchboard.ai.governance.keys.VirtualKey;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import reactor.core.publisher.Mono;

/**
 * {@code /actuator/aibudgets}: resets what a virtual key or a team has spent against its own {@code budgetUsd}
 * (limits {@code key-budget}, {@code team-budget}) to zero; reservations in flight stay. Audited as
 * {@code budget.reset} with the spend before and after.
 * <ul>
 *   <li>{@code POST /actuator/aibudgets/key/{id}/reset}: an admin, or an admin of the key's team;</li>
 *   <li>{@code POST /actuator/aibudgets/team/{id}/reset}: admins only (a team admin cannot refill their own
 *       team).</li>
 * </ul>
 */
@Endpoint(id = "aibudgets")
public class BudgetsEndpoint {

  private final KeyService keys;
  private final Supplier<@Nullable BudgetStore> store;

  public BudgetsEndpoint(KeyService keys, Supplier<@Nullable BudgetStore> store) {
    this.keys = keys;
    this.store = store;
  }

  @WriteOperation
  public Mono<WebEndpointResponse<Object>> reset(@Selector String kind, @Selector String id,
      @Selector String action) {
    return AdminOps.asAsync(actor -> {
      if (!action.equals("reset")) {
        throw GovernanceException.badRequest("action: expected reset");
      }
      return switch (kind) {
        case "key" -> resetKey(actor, id);
        case "team" -> resetTeam(actor, id);
        default -> throw GovernanceException.badRequest("kind: expected key or team");
      };
    });
  }

  private Mono<Object> resetKey(Actor actor, String id) {
    VirtualKey key = keys.get(actor, id); // 404 for keys the caller may not manage
    return reset(actor, "key:" + key.id(), "key-budget", key.limits().budgetUsd(),
        AiBudgetGatewayFilterFactory.keyBudgetKey(key.id()));
  }

  private Mono<Object> resetTeam(Actor actor, String id) {
    if (!actor.superAdmin()) {
      throw GovernanceException.forbidden("only an admin may reset a team's budget");
    }
    Team team = keys.store().team(id);
    if (team == null) {
      throw GovernanceException.notFound("team");
    }
    return reset(actor, "team:" + team.id(), "team-budget", team.limits().budgetUsd(),
        AiBudgetGatewayFilterFactory.teamBudgetKey(team.id()));
  }

  private Mono<Object> reset(Actor actor, String target, String budget, @Nullable Double limitUsd, String storeKey) {
    BudgetStore budgets = store.get();
    if (budgets == null) {
      throw GovernanceException.badRequest("no budget store (ai.budget.store)");
    }
    return budgets.reset(storeKey).map(before -> {
      Map<String, Object> was = view(budget, limitUsd, before);
      Map<String, Object> now = view(budget, limitUsd, BigDecimal.ZERO);
      keys.audit().record(actor.id(), "budget.reset", target, was, now);
      Map<String, Object> body = new LinkedHashMap<>(now);
      body.put("target", target);
      body.put("spentBeforeUsd", before.toPlainString());
      return body;
    });
  }

  private static Map<String, Object> view(String budget, @Nullable Double limitUsd, BigDecimal spent) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("budget", budget);
    m.put("budgetUsd", limitUsd);
    m.put("spentUsd", spent.stripTrailingZeros().toPlainString());
    return m;
  }
}
