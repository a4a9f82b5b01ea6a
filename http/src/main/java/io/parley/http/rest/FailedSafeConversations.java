package io.parley.http.rest;

import io.parley.core.session.FailureTally;
import io.parley.core.session.SessionId;
import io.parley.sessions.entity.ChatSessions;
import io.parley.sessions.failsafe.SessionFailures;
import java.util.Collection;
import java.util.Map;

/**
 * The tenant's failed-safe conversations as staff see and retry them
 * (docs/operations.md#failed-safe-sessions): which of a page's conversations are failed-safe, and
 * the retry, which forgets the session's failures and stops its incarnation wherever it runs, so
 * that the next command replays its journal as usual. Blocking.
 */
final class FailedSafeConversations {
  private final SessionFailures failures;
  private final ChatSessions sessions;

  FailedSafeConversations(SessionFailures failures, ChatSessions sessions) {
    this.failures = failures;
    this.sessions = sessions;
  }

  Map<String, FailureTally> of(String tenant, Collection<String> wireIds) {
    return failures.failedSafeOf(tenant, wireIds);
  }

  /** False when the session had no failures counted (another tenant's session has none under this one's name). */
  boolean retry(SessionId id) {
    if (!failures.retry(id)) return false;
    sessions.restart(id);
    return true;
  }
}
