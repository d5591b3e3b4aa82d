package io.switchboard.ai.governance.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.governance.GovernanceProperties;
import io.switchboard.ai.governance.audit.AuditEntry;
import io.switchboard.ai.governance.keys.Actor;
import io.switchboard.ai.governance.keys.AdminAuthWebFilter;
import io.switchboard.ai.governance.keys.Governance;
import io.switchboard.ai.governance.keys.KeyLimits;
import io.switchboard.ai.governance.keys.KeyService;
import io.switchboard.ai.governance.keys.KeySpec;
import io.switchboard.ai.governance.keys.Team;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/** Budget changes are audited: a key's budget in its update's before/after, and resets of its or a team's spend. */
class BudgetsEndpointTest {

  final Governance governance = governance();
  final KeyService keys = governance.keys();
  final InMemoryBudgetStore store = new InMemoryBudgetStore(Clock.systemUTC());
  final BudgetsEndpoint endpoint = new BudgetsEndpoint(keys, () -> store);
  final Actor ops = Actor.admin("admin:ops");

  static Governance governance() {
    GovernanceProperties p = new GovernanceProperties();
    p.setKeySecret("a-test-secret-of-at-least-32-characters!");
    p.setEnabled(true);
    return new Governance(p, Clock.systemUTC());
  }

  WebEndpointResponse<Object> reset(Actor actor, String kind, String id) {
    return endpoint.reset(kind, id, "reset").contextWrite(ctx -> ctx.put(AdminAuthWebFilter.ACTOR, actor)).block();
  }

  void spend(String storeKey, String usd) {
    BudgetStore.Charge charge = new BudgetStore.Charge(storeKey, new BigDecimal("100"), null);
    String id = store.reserve(List.of(charge), new BigDecimal(usd), Duration.ofMinutes(1)).block().id();
    store.settle(id, List.of(charge), new BigDecimal(usd)).block();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aKeysBudgetChangeAndItsResetAreAudited() {
    KeyService.Minted minted = keys.create(ops, new KeySpec("svc", null, null, null, null, null, null,
        new KeyLimits(null, null, 5.0)));
    String id = minted.key().id();
    keys.update(ops, id, new KeySpec(null, null, null, null, null, null, null, new KeyLimits(null, null, 9.0)));
    spend(AiBudgetGatewayFilterFactory.keyBudgetKey(id), "1.25");

    WebEndpointResponse<Object> answer = reset(ops, "key", id);
    assertThat(answer.getStatus()).isEqualTo(200);
    assertThat((Map<String, Object>) answer.getBody()).containsEntry("spentBeforeUsd", "1.25");

    List<AuditEntry> entries = keys.audit().query("key:" + id, null, 10);
    assertThat(entries).extracting(AuditEntry::action).containsExactly("key.create", "key.update", "budget.reset");
    assertThat(entries.get(1).before().get("limits").toString()).contains("budgetUsd=5.0");
    assertThat(entries.get(1).after().get("limits").toString()).contains("budgetUsd=9.0");
    AuditEntry reset = entries.get(2);
    assertThat(reset.actor()).isEqualTo("admin:ops");
    assertThat(reset.before()).containsEntry("spentUsd", "1.25").containsEntry("budgetUsd", 9.0);
    assertThat(reset.after()).containsEntry("spentUsd", "0");
    assertThat(entries.toString()).doesNotContain(minted.plaintext()).doesNotContain("hmac:");

    // The next reservation sees the room again: nothing spent.
    BudgetStore.Charge charge = new BudgetStore.Charge(AiBudgetGatewayFilterFactory.keyBudgetKey(id),
        new BigDecimal("9"), null);
    assertThat(store.reserve(List.of(charge), BigDecimal.ONE, Duration.ofMinutes(1)).block().standings().get(0)
        .spentUsd()).isEqualByComparingTo("0");
  }

  @Test
  void teamResetsAreForAdminsOnly() {
    keys.saveTeam(ops, new Team("ml", Map.of("ann", Team.Role.ADMIN), List.of(), List.of(),
        new KeyLimits(null, null, 40.0)));
    spend(AiBudgetGatewayFilterFactory.teamBudgetKey("ml"), "3");
    Actor teamAdmin = new Actor("user:ann (key k)", false, Set.of("ml"), null);
    assertThat(reset(teamAdmin, "team", "ml").getStatus()).isEqualTo(403);
    assertThat(reset(ops, "team", "nope").getStatus()).isEqualTo(404);
    assertThat(reset(ops, "team", "ml").getStatus()).isEqualTo(200);
    assertThat(keys.audit().query("team:ml", null, 10)).extracting(AuditEntry::action)
        .containsExactly("team.create", "budget.reset");
    assertThat(endpoint.reset("team", "ml", "reset").block().getStatus()).as("no actor: refused").isEqualTo(401);
  }
}
