package io.switchboard.ai.governance.keys;

import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * {@link AdminRoles} of a Spring Security {@link Authentication}: its granted authorities, when it is authenticated.
 * Registered automatically when Spring Security is on the classpath and the application declares no
 * {@code AdminRoles} of its own.
 */
public final class SpringSecurityAdminRoles implements AdminRoles {

  @Override
  public Set<String> of(Principal principal) {
    if (!(principal instanceof Authentication authentication) || !authentication.isAuthenticated()) {
      return Set.of();
    }
    Set<String> roles = new LinkedHashSet<>();
    for (GrantedAuthority authority : authentication.getAuthorities()) {
      if (authority.getAuthority() != null) {
        roles.add(authority.getAuthority());
      }
    }
    return roles;
  }
}
