package io.parley.persistence.conversations;

import io.parley.persistence.Dialect;
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
   * Adds the terms each session does not hold yet, all of them in one round trip, rather than one a
   * message: on PostgreSQL one statement whose three arrays side by side are the rows (a batch of
   * statements cost the projection a statement's binding for each term), on H2 one batch.
   */
  public static void add(Connection connection, Map<SessionKey, ? extends Collection<Long>> termsBySession)
      throws SQLException {
    int count = 0;
    for (Collection<Long> terms : termsBySession.values()) count += terms.size();
    if (count == 0) return;
    if (Dialect.of(connection) == Dialect.POSTGRES) insertAll(connection, termsBySession, count);
    else insertEach(connection, termsBySession);
  }

  private static void insertAll(Connection connection, Map<SessionKey, ? extends Collection<Long>> termsBySession,
      int count) throws SQLException {
    String[] tenants = new String[count];
    Long[] terms = new Long[count];
    String[] sessions = new String[count];
    int row = 0;
    for (Map.Entry<SessionKey, ? extends Collection<Long>> session : termsBySession.entrySet()) {
      for (Long term : session.getValue()) {
        tenants[row] = session.getKey().tenant();
        terms[row] = term;
        sessions[row] = session.getKey().sessionId();
        row++;
      }
    }
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO conversation_term (tenant, term, session_id) "
        + "SELECT * FROM unnest(?, ?, ?) ON CONFLICT DO NOTHING")) {
      insert.setArray(1, connection.createArrayOf("varchar", tenants));
      insert.setArray(2, connection.createArrayOf("int8", terms));
      insert.setArray(3, connection.createArrayOf("varchar", sessions));
      insert.executeUpdate();
    }
  }

  private static void insertEach(Connection connection, Map<SessionKey, ? extends Collection<Long>> termsBySession)
      throws SQLException {
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
