package io.parley.persistence.conversations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;

/**
 * The {@code conversation_term} table, conversation search's blind index (docs/analytics.md,
 * "Search"), on a connection the caller's transaction owns (the projection's, as for {@link
 * ConversationTable}). A session's terms are deleted with its row ({@link ConversationTable#delete}).
 */
public final class ConversationTerms {
  private ConversationTerms() {}

  /** The conversation terms belong to. */
  public record SessionKey(String tenant, String sessionId) {
    /** The key of {@code row}'s conversation. */
    public static SessionKey of(ConversationRow row) {
      return new SessionKey(row.tenant(), row.sessionId());
    }
  }

  /**
   * Adds the terms each session does not hold yet, all of them in one batch of statements (one
   * round trip, rather than one a message).
   */
  public static void add(Connection connection, Map<SessionKey, ? extends Collection<Long>> termsBySession)
      throws SQLException {
    if (termsBySession.values().stream().allMatch(Collection::isEmpty)) return;
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO conversation_term (tenant, term, session_id) SELECT ?, ?, ? WHERE NOT EXISTS "
            + "(SELECT 1 FROM conversation_term WHERE tenant = ? AND term = ? AND session_id = ?)")) {
      for (Map.Entry<SessionKey, ? extends Collection<Long>> session : termsBySession.entrySet()) {
        for (long term : session.getValue()) {
          for (int i = 0; i < 2; i++) {
            insert.setString(1 + 3 * i, session.getKey().tenant());
            insert.setLong(2 + 3 * i, term);
            insert.setString(3 + 3 * i, session.getKey().sessionId());
          }
          insert.addBatch();
        }
      }
      insert.executeBatch();
    }
  }
}
