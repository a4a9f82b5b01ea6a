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
 * the next, so a batch writes a word of a session once rather than once a message, and none that
 * an earlier batch of the slice wrote ({@link WrittenTerms}).
 */
final class BatchTerms {
  private final Map<ConversationTerms.SessionKey, Set<Long>> bySession = new LinkedHashMap<>();
  private final WrittenTerms written;

  BatchTerms(WrittenTerms written) {
    this.written = written;
  }

  void add(SessionId id, Collection<Long> terms) {
    bySession.computeIfAbsent(key(id), session -> new LinkedHashSet<>()).addAll(terms);
  }

  /** The session's row was deleted (its key is gone, or an erasure took it): no term of this batch is kept for it. */
  void forget(SessionId id) {
    bySession.remove(key(id));
    written.forget(key(id));
  }

  /** Writes the terms not known to be written; returns them, to be remembered once the batch commits. */
  Map<ConversationTerms.SessionKey, Set<Long>> write(Connection connection) throws SQLException {
    Map<ConversationTerms.SessionKey, Set<Long>> unwritten = written.unwritten(bySession);
    ConversationTerms.add(connection, unwritten);
    return unwritten;
  }

  /** The key the tables know {@code id} by. */
  static ConversationTerms.SessionKey key(SessionId id) {
    return new ConversationTerms.SessionKey(id.tenant(), id.wireId());
  }
}
