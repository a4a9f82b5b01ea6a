package io.parley.core.identity.staff;

import io.parley.core.identity.Caller;
import io.parley.core.identity.Role;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A person of a tenant's staff who signs in with an email and a password (kept as a
 * {@link PasswordHash}, apart from this record). The roles are those of API keys (agent, admin),
 * and operator for whoever set the node up.
 *
 * @param failedSignIns wrong passwords since the last right one
 * @param lockedUntil until when sign-ins are refused after too many wrong passwords; empty: not locked
 */
public record StaffAccount(String id, String tenant, String email, Set<Role> roles, Instant createdAt, int failedSignIns,
    Optional<Instant> lockedUntil) {
  public StaffAccount {
    roles = Set.copyOf(roles);
  }

  /** The caller a session of this account proves; its actor in the audit log is {@code staff:<email>}. */
  public Caller caller() {
    return new Caller(tenant, Optional.of(email), roles, "staff:" + email);
  }

  public boolean lockedAt(Instant now) {
    return lockedUntil.filter(now::isBefore).isPresent();
  }
}
