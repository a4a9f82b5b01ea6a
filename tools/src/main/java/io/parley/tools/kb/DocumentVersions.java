package io.parley.tools.kb;

import io.parley.persistence.StatementParameters;
import io.parley.persistence.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The versions of a knowledge source's documents (table {@code kb_document_version}, migration V42),
 * written in the transaction that stores or retires the document, so a version exists exactly when
 * the index had that text.
 */
final class DocumentVersions {
  private DocumentVersions() {}

  /** A new version, unless the latest has the same text and was not retired. @return whether one was written */
  static boolean record(Connection connection, String tenant, String id, NewDocument document, Instant at)
      throws SQLException {
    Optional<DocumentVersion> latest = latest(connection, tenant, id);
    String hash = document.contentHash();
    if (latest.isPresent() && latest.get().contentHash().equals(hash) && latest.get().retiredAt().isEmpty()) return false;
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO kb_document_version (tenant, document_id,"
        + " version, title, source, content_hash, content, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      StatementParameters.bind(insert, tenant, id, latest.map(v -> v.version() + 1).orElse(1), document.title(),
          document.source(), hash, document.content(), Transactions.timestamp(at));
      insert.executeUpdate();
    }
    return true;
  }

  static void retire(Connection connection, String tenant, String id, Instant at) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement("UPDATE kb_document_version SET retired_at = ?"
        + " WHERE tenant = ? AND document_id = ? AND retired_at IS NULL")) {
      StatementParameters.bind(update, Transactions.timestamp(at), tenant, id);
      update.executeUpdate();
    }
  }

  /** Oldest first. */
  static List<DocumentVersion> all(Connection connection, String tenant, String id) throws SQLException {
    return Transactions.list(connection, COLUMNS + " ORDER BY version", DocumentVersions::version, tenant, id);
  }

  private static Optional<DocumentVersion> latest(Connection connection, String tenant, String id) throws SQLException {
    return Transactions.first(connection, COLUMNS + " ORDER BY version DESC", DocumentVersions::version, tenant, id);
  }

  private static final String COLUMNS = "SELECT document_id, version, title, source, content_hash, content, recorded_at,"
      + " retired_at FROM kb_document_version WHERE tenant = ? AND document_id = ?";

  private static DocumentVersion version(java.sql.ResultSet rows) throws SQLException {
    return new DocumentVersion(rows.getString("document_id"), rows.getInt("version"), rows.getString("title"),
        rows.getString("source"), rows.getString("content_hash"), rows.getString("content"),
        Transactions.instant(rows, "recorded_at"),
        rows.getObject("retired_at") == null ? Optional.empty() : Optional.of(Transactions.instant(rows, "retired_at")));
  }
}
