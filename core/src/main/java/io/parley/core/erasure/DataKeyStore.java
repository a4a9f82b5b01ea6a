package io.parley.core.erasure;

import io.parley.core.session.SessionId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port to the sessions' data keys (crypto-shredding, docs/security.md): one key per session,
 * indexed by its tenant and user. Erasing a session deletes its key and leaves a tombstone, so
 * the session reads as erased from then on, on every node. Implementations block (JDBC): call
 * them off the actor threads.
 */
public interface DataKeyStore {
  KeyLookup find(SessionId session);

  /**
   * A new key for a session being started for {@code userId} (empty: anonymous), wrapped for
   * storage and not stored: it is stored with the session's first event ({@link NewDataKey}).
   * May block the first time a tenant is seen (its own key is read or created).
   */
  NewDataKey newKey(SessionId session, Optional<String> userId);

  /** The sessions of the user that still have their key, oldest first. */
  List<SessionId> sessionsOf(String tenant, String userId);

  /** The tenants that have sessions with keys. */
  List<String> tenants();

  /** The sessions of the tenant whose key was created before {@code instant} and still exists. */
  List<SessionId> sessionsStartedBefore(String tenant, Instant instant);

  /** Deletes the keys of these sessions (idempotent); returns how many were deleted now. */
  int erase(List<SessionId> sessions);
}
