package io.parley.persistence.conversations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/**
 * The {@code conversation_term} table, conversation search's blind index (docs/analytics.md,
 * "Search"), on a connection the caller's transaction owns (the projection's, as for {@link
 * ConversationTable}). A session's terms are deleted with its row ({@link ConversationTable#delete}).
 */
public final class ConversationTerms {
  private ConversationTerms() {}

  /** Adds the terms the session does not hold yet. */
  public static void add(Connection connection, String tenant, String sessionId, Collection<Long> terms)
      throws SQLException {
    if (terms.isEmpty()) return;
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO conversation_term (tenant, term, session_id) SELECT ?, ?, ? WHERE NOT EXISTS "
            + "(SELECT 1 FROM conversation_term WHERE tenant = ? AND term = ? AND session_id = ?)")) {
      for (long term : terms) {
        for (int i = 0; i < 2; i++) {
          insert.setString(1 + 3 * i, tenant);
          insert.setLong(2 + 3 * i, term);
          insert.setString(3 + 3 * i, sessionId);
        }
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }
}
