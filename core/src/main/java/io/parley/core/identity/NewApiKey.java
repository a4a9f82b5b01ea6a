package io.parley.core.identity;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A key being created: its secret, shown to the admin once and never stored, and what is stored
 * of it. The secret is 256 random bits, {@code sk_} and base64url, so it can never be read as a
 * token (which has three dot-separated parts).
 */
public record NewApiKey(String secret, StoredApiKey key) {
  static final int MAX_NAME_CHARS = 100;

  @Override
  public String toString() {
    return "NewApiKey[" + key + "]";
  }

  /** What is stored in place of the secret. */
  public String sha256() {
    return HexFormat.of().formatHex(Sha256.of(secret));
  }

  /**
   * A new key of {@code tenant}; {@code roles} must already be ones the creator may grant
   * ({@link AccessPolicy#mayGrant}).
   *
   * @throws IllegalArgumentException for a blank or overlong name, no roles, or an expiry not in the future
   */
  public static NewApiKey mint(String tenant, String name, Set<Role> roles, Optional<Instant> expiresAt, Instant now,
      SecureRandom random) {
    String trimmed = name.strip();
    if (trimmed.isEmpty() || trimmed.length() > MAX_NAME_CHARS || trimmed.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("name must be 1-" + MAX_NAME_CHARS + " characters, without control characters");
    }
    if (roles.isEmpty()) throw new IllegalArgumentException("roles must name at least one of agent and admin");
    if (expiresAt.isPresent() && !expiresAt.get().isAfter(now)) {
      throw new IllegalArgumentException("expiresAt must be in the future");
    }
    byte[] bits = new byte[32];
    random.nextBytes(bits);
    String secret = "sk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    return new NewApiKey(secret, new StoredApiKey("key_" + UUID.randomUUID(), tenant, trimmed, roles, now, expiresAt,
        Optional.empty()));
  }
}
