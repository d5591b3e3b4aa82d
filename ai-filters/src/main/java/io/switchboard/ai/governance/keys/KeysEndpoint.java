package io.switchboard.ai.governance.keys;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import reactor.core.publisher.Mono;

/**
 * {@code /actuator/aikeys}: virtual-key administration (header {@code x-switchboard-admin-key}).
 * <ul>
 *   <li>{@code GET /actuator/aikeys}: keys (prefix and last four only) and teams the caller may see;</li>
 *   <li>{@code GET /actuator/aikeys/{id}};</li>
 *   <li>{@code POST /actuator/aikeys} (JSON, every value a string; lists as {@code "a,b"} or a JSON array's text,
 *       metadata as {@code "k=v,k2=v2"} or a JSON object's text: name, user, team, models, routes, expiresAt, metadata,
 *       requestsPerMinute, tokensPerMinute, budgetUsd): creates a key; the answer's {@code key} is the only time
 *       the plaintext is shown;</li>
 *   <li>{@code POST /actuator/aikeys/{id}/update} (same fields), {@code …/rotate} (graceSeconds),
 *       {@code …/revoke};</li>
 *   <li>{@code DELETE /actuator/aikeys/{id}}: revokes.</li>
 * </ul>
 */
@Endpoint(id = "aikeys")
public class KeysEndpoint {

  private final KeyService keys;
  private final Duration defaultGrace;

  public KeysEndpoint(KeyService keys, Duration defaultGrace) {
    this.keys = keys;
    this.defaultGrace = defaultGrace;
  }

  @ReadOperation
  public Mono<WebEndpointResponse<Object>> list() {
    return AdminOps.as(actor -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("keys", keys.visible(actor).stream().map(VirtualKey::view).toList());
      body.put("teams", keys.store().teams().stream()
          .filter(t -> actor.superAdmin() || actor.adminTeams().contains(t.id())).map(Team::view).toList());
      return body;
    });
  }

  @ReadOperation
  public Mono<WebEndpointResponse<Object>> one(@Selector String id) {
    return AdminOps.as(actor -> keys.get(actor, id).view());
  }

  @WriteOperation
  public Mono<WebEndpointResponse<Object>> create(@Nullable String name, @Nullable String user,
      @Nullable String team, @Nullable String models, @Nullable String routes,
      @Nullable String expiresAt, @Nullable String metadata, @Nullable Long requestsPerMinute,
      @Nullable Long tokensPerMinute, @Nullable Double budgetUsd) {
    return AdminOps.as(actor -> minted(keys.create(actor, spec(name, user, team, models, routes, expiresAt, metadata,
        requestsPerMinute, tokensPerMinute, budgetUsd))));
  }

  @WriteOperation
  public Mono<WebEndpointResponse<Object>> act(@Selector String id, @Selector String action,
      @Nullable String name, @Nullable String user, @Nullable String team, @Nullable String models,
      @Nullable String routes, @Nullable String expiresAt, @Nullable String metadata,
      @Nullable Long requestsPerMinute, @Nullable Long tokensPerMinute, @Nullable Double budgetUsd,
      @Nullable Long graceSeconds) {
    return AdminOps.as(actor -> switch (action) {
      case "update" -> keys.update(actor, id, spec(name, user, team, models, routes, expiresAt, metadata,
          requestsPerMinute, tokensPerMinute, budgetUsd)).view();
      case "rotate" -> minted(keys.rotate(actor, id,
          graceSeconds == null ? defaultGrace : Duration.ofSeconds(graceSeconds)));
      case "revoke" -> keys.revoke(actor, id).view();
      default -> throw GovernanceException.badRequest("action: expected update, rotate or revoke");
    });
  }

  @DeleteOperation
  public Mono<WebEndpointResponse<Object>> revoke(@Selector String id) {
    return AdminOps.as(actor -> keys.revoke(actor, id).view());
  }

  private static Map<String, Object> minted(KeyService.Minted minted) {
    Map<String, Object> body = new LinkedHashMap<>(minted.key().view());
    body.put("key", minted.plaintext());
    body.put("keyShownOnce", true);
    return body;
  }

  private static KeySpec spec(@Nullable String name, @Nullable String user, @Nullable String team,
      @Nullable String models, @Nullable String routes, @Nullable String expiresAt,
      @Nullable String metadata, @Nullable Long rpm, @Nullable Long tpm, @Nullable Double budget) {
    Instant expires;
    try {
      expires = expiresAt == null ? null : Instant.parse(expiresAt);
    } catch (DateTimeParseException e) {
      throw GovernanceException.badRequest("field 'expiresAt': expected an ISO-8601 instant");
    }
    return spec(name, user, team, AdminFields.list("models", models), AdminFields.list("routes", routes), expires,
        AdminFields.map("metadata", metadata), rpm, tpm, budget);
  }

  private static KeySpec spec(@Nullable String name, @Nullable String user, @Nullable String team,
      @Nullable List<String> models, @Nullable List<String> routes, @Nullable Instant expires,
      @Nullable Map<String, String> metadata, @Nullable Long rpm, @Nullable Long tpm, @Nullable Double budget) {
    KeyLimits limits = rpm == null && tpm == null && budget == null ? null : new KeyLimits(rpm, tpm, budget);
    return new KeySpec(name, user, team, models, routes, expires, metadata, limits);
  }
}
