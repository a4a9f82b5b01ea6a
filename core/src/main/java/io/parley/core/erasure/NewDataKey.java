package io.parley.core.erasure;

import io.parley.core.session.SessionId;
import java.time.Instant;
import java.util.Optional;

/**
 * A starting session's data key, made but not stored yet: {@code wrappedKey} is {@code key}
 * sealed with the tenant's key, as the key store keeps it. It is stored in the same transaction as
 * the session's first event, which brings it to the journal ({@link Carrier}): neither is ever
 * stored without the other, and a start costs one commit instead of two.
 */
public record NewDataKey(SessionId session, DataKey key, Optional<String> userId, byte[] wrappedKey, Instant createdAt) {
  /** What the journal writes: an event that may bring its session's new key along. */
  public interface Carrier {
    Optional<NewDataKey> newDataKey();
  }

  @Override
  public String toString() {
    return "NewDataKey[" + session + ", " + key.keyId() + "]";
  }
}
