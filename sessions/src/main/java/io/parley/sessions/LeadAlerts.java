package io.parley.sessions;

import io.parley.core.lead.LeadScore;
import io.parley.core.session.SessionId;

/**
 * Tells a tenant that one of its conversations became a qualified lead. Called after the score
 * that qualified it is stored, and again whenever such a session recovers (a crash may have come
 * in between), so it must be idempotent per session.
 */
public interface LeadAlerts {
  void qualified(SessionId session, LeadScore score);

  /** For a node or a test that tells nobody. */
  static LeadAlerts none() {
    return (session, score) -> {};
  }
}
