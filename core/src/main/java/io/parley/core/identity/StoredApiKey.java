package io.parley.core.identity;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * An API key created through the API ({@code POST /v1/keys}) and kept in the database: everything
 * about it but the secret, of which only the SHA-256 is stored (see {@link ApiKeyStore}).
 *
 * @param expiresAt when it stops working by itself; empty: never
 * @param revokedAt when an admin revoked it; empty: not revoked
 */
public record StoredApiKey(String id, String tenant, String name, Set<Role> roles, Instant createdAt,
    Optional<Instant> expiresAt, Optional<Instant> revokedAt) {
  public StoredApiKey {
    roles = Set.copyOf(roles);
  }

  /** Whether it proves its tenant and roles at {@code now}: neither revoked nor expired. */
  public boolean activeAt(Instant now) {
    return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
  }
}
