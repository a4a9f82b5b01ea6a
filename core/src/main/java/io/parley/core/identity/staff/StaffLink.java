package io.parley.core.identity.staff;

import io.parley.core.WireName;
import io.parley.core.identity.Role;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A single-use link, as stored (its secret only as a SHA-256): the node's first-run setup, an
 * invitation to join a tenant's staff, or a reset of one account's password (an admin's, or an
 * operator's recovery).
 *
 * @param tenant the tenant an invitation is to (empty for setup: the person picks it)
 * @param email whom an invitation is for, or the email of the account being reset
 * @param roles an invitation's: those of the account it makes; a reset's: those of whoever made it
 * @param accountId the account a reset is of
 * @param createdBy the audit actor who made it ({@code node} for setup, {@code shell:<user>} for a recovery)
 */
public record StaffLink(Kind kind, Optional<String> tenant, Optional<String> email, Set<Role> roles,
    Optional<String> accountId, String createdBy, Instant createdAt, Instant expiresAt, Optional<Instant> usedAt) {
  public enum Kind implements WireName {
    SETUP, INVITATION, RESET
  }

  public StaffLink {
    roles = Set.copyOf(roles);
  }

  /** Why the link cannot be followed at {@code now}, in words for the person holding it; empty: it can. */
  public Optional<String> unusableAt(Instant now) {
    if (usedAt.isPresent()) {
      return Optional.of("this link was already used on " + usedAt.get() + "; each link works once: ask for a new one");
    }
    if (!now.isBefore(expiresAt)) {
      return Optional.of("this link expired on " + expiresAt + ": ask for a new one");
    }
    return Optional.empty();
  }
}
