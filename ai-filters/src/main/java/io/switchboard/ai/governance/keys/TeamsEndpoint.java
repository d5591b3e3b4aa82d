package io.switchboard.ai.governance.keys;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import reactor.core.publisher.Mono;

/**
 * {@code /actuator/aiteams}: {@code GET} lists teams; {@code POST} (JSON, string values: id, members {@code "alice=admin,bob=member"}, models,
 * routes, requestsPerMinute, tokensPerMinute, budgetUsd) creates or replaces a team. Changing teams needs an admin
 * key.
 */
@Endpoint(id = "aiteams")
public class TeamsEndpoint {

  private final KeyService keys;

  public TeamsEndpoint(KeyService keys) {
    this.keys = keys;
  }

  @ReadOperation
  public Mono<WebEndpointResponse<Object>> list() {
    return AdminOps.as(actor -> keys.store().teams().stream()
        .filter(t -> actor.superAdmin() || actor.adminTeams().contains(t.id())).map(Team::view).toList());
  }

  @WriteOperation
  public Mono<WebEndpointResponse<Object>> save(String id, @Nullable String members,
      @Nullable String models, @Nullable String routes, @Nullable Long requestsPerMinute,
      @Nullable Long tokensPerMinute, @Nullable Double budgetUsd) {
    return AdminOps.as(actor -> {
      Map<String, Team.Role> roles = new HashMap<>();
      Map<String, String> given = AdminFields.map("members", members);
      if (given != null) {
        given.forEach((u, r) -> roles.put(u, Team.Role.parse(r)));
      }
      List<String> m = AdminFields.list("models", models);
      List<String> r = AdminFields.list("routes", routes);
      return keys.saveTeam(actor, new Team(id, roles, m == null ? List.of() : m, r == null ? List.of() : r, new KeyLimits(requestsPerMinute, tokensPerMinute, budgetUsd))).view();
    });
  }
}
