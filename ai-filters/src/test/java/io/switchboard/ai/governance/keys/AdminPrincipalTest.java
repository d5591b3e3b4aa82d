package io.switchboard.ai.governance.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.governance.GovernanceProperties;
import java.security.Principal;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * An authenticated principal (Spring Security's {@code Authentication} in an application, here a stand-in) holding an
 * admin role, or a team-admin role, is an admin actor of the governance endpoints; without a role or an adapter, no.
 */
class AdminPrincipalTest {

  /** What Spring Security's Authentication offers the adapter: a name, roles, whether it is authenticated. */
  record RolePrincipal(String name, Set<String> roles, boolean authenticated) implements Principal {
    @Override
    public String getName() {
      return name;
    }
  }

  /** The adapter an application with Spring Security declares, in the shape docs/governance.md shows. */
  static final AdminRoles ADAPTER = p -> p instanceof RolePrincipal r && r.authenticated() ? r.roles() : Set.of();

  final AtomicReference<Actor> seen = new AtomicReference<>();
  final WebFilterChain chain = exchange -> Mono.deferContextual(ctx -> {
    seen.set(ctx.getOrDefault(AdminAuthWebFilter.ACTOR, null));
    return Mono.empty();
  });

  static Governance governance() {
    GovernanceProperties p = new GovernanceProperties();
    p.setKeySecret("a-test-secret-of-at-least-32-characters!");
    p.setAdminKeys(Map.of("ops", "admin-key-0123456789abcdef"));
    return new Governance(p, Clock.systemUTC());
  }

  ServerWebExchange call(AdminRoles roles, Principal principal, String adminKey) {
    MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/actuator/aikeys");
    if (adminKey != null) {
      request.header(AdminAuthWebFilter.HEADER, adminKey);
    }
    ServerWebExchange exchange = MockServerWebExchange.from(request);
    if (principal != null) {
      exchange = exchange.mutate().principal(Mono.just(principal)).build();
    }
    seen.set(null);
    new AdminAuthWebFilter(governance(), "/actuator", roles).filter(exchange, chain).block();
    return exchange;
  }

  @Test
  void anAdminRoleMakesAnAdmin() {
    call(ADAPTER, new RolePrincipal("alice", Set.of("ROLE_USER", "ROLE_AI_ADMIN"), true), null);
    assertThat(seen.get()).isEqualTo(Actor.admin("principal:alice"));
  }

  @Test
  void aTeamAdminRoleMakesATeamAdmin() {
    call(ADAPTER, new RolePrincipal("bob", Set.of("ROLE_AI_TEAM_ADMIN_ml", "ROLE_AI_TEAM_ADMIN_nlp"), true), null);
    assertThat(seen.get().id()).isEqualTo("principal:bob");
    assertThat(seen.get().superAdmin()).isFalse();
    assertThat(seen.get().adminTeams()).containsExactlyInAnyOrder("ml", "nlp");
  }

  @Test
  void noRoleNoAdapterOrUnauthenticatedIsRefused() {
    ServerWebExchange plain = call(ADAPTER, new RolePrincipal("eve", Set.of("ROLE_USER"), true), null);
    assertThat(seen.get()).isNull();
    assertThat(plain.getResponse().getStatusCode().value()).isEqualTo(401);
    call(ADAPTER, new RolePrincipal("eve", Set.of("ROLE_AI_ADMIN"), false), null);
    assertThat(seen.get()).as("not authenticated").isNull();
    call(AdminRoles.NONE, new RolePrincipal("eve", Set.of("ROLE_AI_ADMIN"), true), null);
    assertThat(seen.get()).as("no adapter: roles are not read").isNull();
    ServerWebExchange none = call(ADAPTER, null, null);
    assertThat(none.getResponse().getStatusCode().value()).isEqualTo(401);
  }

  @Test
  void anAdminKeyHeaderIsDecidedByTheKeyAlone() {
    call(ADAPTER, new RolePrincipal("alice", Set.of("ROLE_AI_ADMIN"), true), "admin-key-0123456789abcdef");
    assertThat(seen.get()).isEqualTo(Actor.admin("admin:ops"));
    ServerWebExchange wrong = call(ADAPTER, new RolePrincipal("alice", Set.of("ROLE_AI_ADMIN"), true), "wrong-key");
    assertThat(seen.get()).as("a wrong key is not rescued by the principal").isNull();
    assertThat(wrong.getResponse().getStatusCode().value()).isEqualTo(401);
  }

  @Test
  void theRolesAreConfigurable() {
    GovernanceProperties p = new GovernanceProperties();
    p.setAdminRoles(java.util.List.of("ROLE_OPS"));
    p.setTeamAdminRolePrefix("");
    Governance g = new Governance(p, Clock.systemUTC());
    assertThat(g.actor("carol", Set.of("ROLE_OPS"))).isEqualTo(Actor.admin("principal:carol"));
    assertThat(g.actor("carol", Set.of("ROLE_AI_ADMIN", "ROLE_AI_TEAM_ADMIN_ml"))).isNull();
    assertThat(g.actor("x\ny", Set.of("ROLE_OPS")).id()).isEqualTo("principal:x?y");
  }

  @Test
  void springSecurityAuthoritiesAreTheRolesWhenAuthenticated() {
    AdminRoles spring = new SpringSecurityAdminRoles();
    var admin = org.springframework.security.authentication.UsernamePasswordAuthenticationToken.authenticated("dana",
        null, org.springframework.security.core.authority.AuthorityUtils.createAuthorityList("ROLE_AI_ADMIN"));
    call(spring, admin, null);
    assertThat(seen.get()).isEqualTo(Actor.admin("principal:dana"));
    var teamAdmin = org.springframework.security.authentication.UsernamePasswordAuthenticationToken.authenticated(
        "erin", null, org.springframework.security.core.authority.AuthorityUtils.createAuthorityList(
            "ROLE_USER", "ROLE_AI_TEAM_ADMIN_ml"));
    call(spring, teamAdmin, null);
    assertThat(seen.get().adminTeams()).containsExactly("ml");
    var unauthenticated = org.springframework.security.authentication.UsernamePasswordAuthenticationToken
        .unauthenticated("mallory", "pw");
    ServerWebExchange refused = call(spring, unauthenticated, null);
    assertThat(seen.get()).isNull();
    assertThat(refused.getResponse().getStatusCode().value()).isEqualTo(401);
  }

  @Test
  void theFilterRunsAfterSpringSecuritysChainWhosePrincipalItReads() {
    // WebFilterChainProxy's default order (SecurityProperties.DEFAULT_FILTER_ORDER) is -100.
    assertThat(new AdminAuthWebFilter(governance(), "/actuator").getOrder()).isGreaterThan(-100);
  }
}
