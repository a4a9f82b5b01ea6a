package io.parley.persistence.desk;

import io.parley.persistence.StatementParameters;
import io.parley.persistence.Transactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The staff's notes on conversations (table {@code conversation_notes}, migration V29). They are
 * kept out of the session's journal on purpose: what reaches a customer, the archive or the model
 * is read from the journal, which never holds a note. Blocks on JDBC.
 */
public final class JdbcConversationNotes {
  /** A conversation keeps at most this many notes, read all at once in the consoles. */
  public static final int MAX_PER_CONVERSATION = 200;

  private final DataSource dataSource;

  public JdbcConversationNotes(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The notes on {@code sessionId}, oldest first. */
  public List<ConversationNote> list(String tenant, String sessionId) {
    return Transactions.read(dataSource, "list a conversation's notes", connection -> Transactions.list(connection,
        "SELECT id, author_id, author_name, body, created_at FROM conversation_notes WHERE tenant = ? AND session_id = ?"
            + " ORDER BY created_at, id", JdbcConversationNotes::note, tenant, sessionId));
  }

  /** Adds a note; a blank or too long body throws {@code IllegalArgumentException}, one past the cap {@code IllegalStateException}. */
  public ConversationNote add(String tenant, String sessionId, String authorId, String authorName, String body, Instant at) {
    String text = body == null ? "" : body.strip();
    if (text.isEmpty() || text.length() > ConversationNote.MAX_BODY) {
      throw new IllegalArgumentException("body must be 1 to " + ConversationNote.MAX_BODY + " characters");
    }
    ConversationNote note = new ConversationNote(UUID.randomUUID().toString(), authorId, authorName, text, at);
    Transactions.write(dataSource, "add a note", connection -> {
      if (Transactions.first(connection, "SELECT COUNT(*) FROM conversation_notes WHERE tenant = ? AND session_id = ?",
          row -> row.getInt(1), tenant, sessionId).orElse(0) >= MAX_PER_CONVERSATION) {
        throw new IllegalStateException("a conversation keeps at most " + MAX_PER_CONVERSATION + " notes");
      }
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO conversation_notes"
          + " (id, tenant, session_id, author_id, author_name, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        return StatementParameters.bind(insert, note.id(), tenant, sessionId, authorId, authorName, text,
            Transactions.timestamp(at)).executeUpdate();
      }
    });
    return note;
  }

  /** Removes the notes of erased conversations (a user's erasure, retention); how many it removed. */
  public int erase(String tenant, List<String> sessionIds) {
    return Transactions.write(dataSource, "erase conversations' notes", connection -> {
      int erased = 0;
      try (PreparedStatement delete = connection.prepareStatement(
          "DELETE FROM conversation_notes WHERE tenant = ? AND session_id = ?")) {
        for (String sessionId : sessionIds) erased += StatementParameters.bind(delete, tenant, sessionId).executeUpdate();
      }
      return erased;
    });
  }

  private static ConversationNote note(ResultSet row) throws SQLException {
    return new ConversationNote(row.getString("id"), row.getString("author_id"), row.getString("author_name"),
        row.getString("body"), Transactions.instant(row, "created_at"));
  }
}
