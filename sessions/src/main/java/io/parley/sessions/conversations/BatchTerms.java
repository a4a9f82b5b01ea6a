package io.parley.sessions.conversations;

import io.parley.core.session.SessionId;
import io.parley.persistence.conversations.ConversationTerms;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The search terms of one batch's messages, each session's distinct terms written once at the
 * batch's end, in its transaction: a conversation repeats most of its words from one message to
 * the next, so a batch writes a word of a session once rather than once a message.
 */
final class BatchTerms {
  private final Map<ConversationTerms.SessionKey, Set<Long>> bySession = new LinkedHashMap<>();

  void add(SessionId id, Collection<Long> terms) {
    bySession.computeIfAbsent(key(id), session -> new LinkedHashSet<>()).addAll(terms);
  }

  /** The session's row was deleted (its key is gone, or an erasure took it): no term of this batch is kept for it. */
  void forget(SessionId id) {
    bySession.remove(key(id));
  }

  void write(Connection connection) throws SQLException {
    ConversationTerms.add(connection, bySession);
  }

  private static ConversationTerms.SessionKey key(SessionId id) {
    return new ConversationTerms.SessionKey(id.tenant(), id.wireId());
  }
}
