package io.switchboard.ai.governance.keys;

import java.security.Principal;
import java.util.Set;

/**
 * The roles of the authenticated principal of an admin request ({@code exchange.getPrincipal()}), for
 * {@link AdminAuthWebFilter}: a role listed in {@code ai.governance.admin-roles} makes the caller an admin, a role
 * {@code <ai.governance.team-admin-role-prefix><team>} a team admin. Switchboard does not depend on Spring Security,
 * so the mapping from its {@code Authentication} to roles is this small adapter, declared as a bean by an
 * application that uses Spring Security (docs/governance.md shows it). It must return no roles for a principal that
 * is not authenticated.
 */
@FunctionalInterface
public interface AdminRoles {

  /** Without an adapter no principal holds roles: admin access is by admin key only. */
  AdminRoles NONE = principal -> Set.of();

  Set<String> of(Principal principal);
}
