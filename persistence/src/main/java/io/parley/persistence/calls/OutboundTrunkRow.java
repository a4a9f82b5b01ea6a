package io.parley.persistence.calls;

import java.time.Instant;
import java.util.Optional;

/**
 * A row of {@code outbound_trunk} (V40): where a tenant's calls go out, the digest login its trunk
 * challenges for (the password sealed) and the caller id shown.
 */
public record OutboundTrunkRow(String tenant, String host, int port, Optional<String> username,
    Optional<String> passwordSealed, String callerId, Instant updatedAt) {
  /** Never the sealed password: rows end up in logs. */
  @Override
  public String toString() {
    return "OutboundTrunkRow[" + tenant + ", " + host + ":" + port + ", username=" + username.orElse("") + ", password="
        + (passwordSealed.isPresent() ? "set" : "none") + "]";
  }
}
