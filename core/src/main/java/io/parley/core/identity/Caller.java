package io.parley.core.identity;

import java.util.Optional;
import java.util.Set;

/**
 * Who made a request, as its credential proved: the tenant it acts in (never chosen by the request
 * itself), the signed-in user ({@code sub} of a token) if any, and its roles.
 */
public record Caller(String tenant, Optional<String> userId, Set<Role> roles) {
  public Caller {
    roles = Set.copyOf(roles);
    if (roles.isEmpty()) throw new IllegalArgumentException("a caller has at least one role");
  }

  /** A customer nobody signed in: it may chat, in sessions it holds the id of, and has no long-term memory. */
  public static Caller anonymous(String tenant) {
    return new Caller(tenant, Optional.empty(), Set.of(Role.CUSTOMER));
  }

  /** An agent or admin: acts on any of the tenant's sessions, not only its own. */
  public boolean isStaff() {
    return roles.contains(Role.AGENT) || roles.contains(Role.ADMIN);
  }
}
