package io.parley.core.identity;

import java.time.Duration;
import java.util.Optional;

/** The outcome of checking a credential: the caller it proves, or why it proves nobody. */
public sealed interface Authentication {
  record Authenticated(Caller caller) implements Authentication {}

  /**
   * @param reason for the client: what is wrong with the credential, never the credential itself
   * @param claimedTenant the tenant the credential claims to be of (a token's, even when its signature
   *     fails), which the refusal is recorded under when the node knows it
   * @param retryAfter when the credential could not be checked now (its issuer's keys are not known
   *     yet), how long before it is worth presenting again; empty: it is refused for good
   */
  record Refused(String reason, Optional<String> claimedTenant, Optional<Duration> retryAfter) implements Authentication {
    public Refused(String reason, Optional<String> claimedTenant) {
      this(reason, claimedTenant, Optional.empty());
    }

    public Refused(String reason) {
      this(reason, Optional.empty());
    }
  }
}
