package io.parley.persistence.conversations;

import io.parley.persistence.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;

/**
 * What the conversations export prints of a conversation besides its row's figures, as the
 * projection keeps it on the row (migration V32): {@code redaction}, how its texts are redacted (a
 * JSON object the projection writes and reads), the rating's comment and the tool calls (a JSON
 * array), both with their personal data as keyed hashes the export turns into placeholders. A row
 * projected before has none ({@link #read} is empty): its export asks the session. Deleted with the
 * row ({@link ConversationTable#delete}), so an erasure takes them too.
 */
public record ConversationTexts(String redaction, Optional<String> ratingComment, String toolCalls) {
  private static final String SELECT = "SELECT export_redaction, rating_comment, tool_calls FROM conversation"
      + " WHERE tenant = ? AND session_id = ?";

  /** The session's texts; empty when it has no row, or a row the projection kept none for. */
  public static Optional<ConversationTexts> read(Connection connection, String tenant, String sessionId)
      throws SQLException {
    return Transactions.first(connection, SELECT, rows -> {
      String redaction = rows.getString(1);
      String calls = rows.getString(3);
      return redaction == null ? Optional.<ConversationTexts>empty() : Optional.of(new ConversationTexts(redaction,
          Optional.ofNullable(rows.getString(2)), calls == null ? "[]" : calls));
    }, tenant, sessionId).flatMap(found -> found);
  }

  /** Writes them on the session's row, on the caller's transaction; nothing when the row is gone. */
  public static void write(Connection connection, String tenant, String sessionId, ConversationTexts texts)
      throws SQLException {
    try (PreparedStatement update = connection.prepareStatement("UPDATE conversation SET export_redaction = ?,"
        + " rating_comment = ?, tool_calls = ? WHERE tenant = ? AND session_id = ?")) {
      update.setString(1, texts.redaction());
      if (texts.ratingComment().isPresent()) update.setString(2, texts.ratingComment().get());
      else update.setNull(2, Types.VARCHAR);
      update.setString(3, texts.toolCalls());
      update.setString(4, tenant);
      update.setString(5, sessionId);
      update.executeUpdate();
    }
  }
}
