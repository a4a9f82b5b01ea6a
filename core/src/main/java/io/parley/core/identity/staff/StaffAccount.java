package io.parley.core.identity.staff;

import io.parley.core.identity.Caller;
import io.parley.core.identity.Role;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A person of a tenant's staff who signs in with an email and a password (kept as a
 * {@link PasswordHash}, apart from this record). The roles are those of API keys (agent, admin),
 * and operator for whoever set the node up: no one of the tenant but an operator reaches that
 * account ({@code AccessPolicy.mayManageAccount}).
 */
public record StaffAccount(String id, String tenant, String email, Set<Role> roles, Instant createdAt) {
  public StaffAccount {
    roles = Set.copyOf(roles);
  }

  /** The caller a session of this account proves; its actor in the audit log is {@code staff:<email>}. */
  public Caller caller() {
    return new Caller(tenant, Optional.of(email), roles, "staff:" + email);
  }

  /** How the audit log names this account as the one a change was made to: {@code <email> (<id>)}. */
  public String asTarget() {
    return email + " (" + id + ")";
  }
}
