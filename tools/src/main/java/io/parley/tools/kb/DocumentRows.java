package io.parley.tools.kb;

import io.parley.core.language.LanguageTag;
import io.parley.persistence.StatementParameters;
import io.parley.persistence.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/**
 * The knowledge base's rows as SQL reads and writes them: a document and its chunks, and the tenant's revision that
 * tells each node's index it is out of date. Each call runs in its caller's transaction.
 */
final class DocumentRows {
  private DocumentRows() {}

  static final String DOCUMENT_COLUMNS = "SELECT d.id, d.title, d.format, d.source, d.language, d.created_at, d.url,"
      + " (SELECT COUNT(*) FROM kb_chunk c WHERE c.tenant = d.tenant AND c.document_id = d.id) AS chunks"
      + " FROM kb_document d";

  static Optional<KbDocument> find(Connection connection, String tenant, String id) throws SQLException {
    return Transactions.first(connection, DOCUMENT_COLUMNS + " WHERE d.tenant = ? AND d.id = ?",
        DocumentRows::document, tenant, id);
  }

  static KbDocument document(ResultSet rows) throws SQLException {
    return new KbDocument(rows.getString("id"), rows.getString("title"),
        DocumentFormat.fromWireName(rows.getString("format")).orElseThrow(), rows.getString("source"),
        Optional.ofNullable(rows.getString("language")).flatMap(LanguageTag::parse), rows.getInt("chunks"),
        Transactions.instant(rows, "created_at"), Objects.requireNonNullElse(rows.getString("url"), ""));
  }

  static void insert(Connection connection, String tenant, KbDocument stored, NewDocument document,
      PreparedDocument prepared) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO kb_document (tenant, id, title, format,"
        + " source, content, created_at, language, url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      StatementParameters.bind(insert, tenant, stored.id(), stored.title(), stored.format().wireName(), stored.source(),
          document.content(), Transactions.timestamp(stored.createdAt()), prepared.language().tag(),
          stored.url().isEmpty() ? null : stored.url());
      insert.executeUpdate();
    }
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO kb_chunk (tenant, document_id, ordinal,"
        + " heading, text, embedding) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < prepared.chunks().size(); i++) {
        Chunk chunk = prepared.chunks().get(i);
        StatementParameters.bind(insert, tenant, stored.id(), chunk.ordinal(), chunk.heading(), chunk.text(),
            prepared.vectors().get(i));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** Deletes a document's chunks and row, leaving the revision to the caller. @return whether the tenant had it */
  static boolean remove(Connection connection, String tenant, String id) throws SQLException {
    try (PreparedStatement chunks = connection.prepareStatement("DELETE FROM kb_chunk WHERE tenant = ? AND document_id = ?");
        PreparedStatement document = connection.prepareStatement("DELETE FROM kb_document WHERE tenant = ? AND id = ?")) {
      chunks.setString(1, tenant);
      chunks.setString(2, id);
      chunks.executeUpdate();
      document.setString(1, tenant);
      document.setString(2, id);
      return document.executeUpdate() > 0;
    }
  }

  static long revision(Connection connection, String tenant) throws SQLException {
    return Transactions.first(connection, "SELECT revision FROM kb_revision WHERE tenant = ?", rows -> rows.getLong(1),
        tenant).orElse(0L);
  }

  /**
   * The first change of a tenant inserts its row; two racing inserts collide and the loser's transaction runs again.
   *
   * @return true, so that a write can end with it
   */
  static boolean bumpRevision(Connection connection, String tenant) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement("UPDATE kb_revision SET revision = revision + 1 WHERE tenant = ?")) {
      update.setString(1, tenant);
      if (update.executeUpdate() > 0) return true;
    }
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO kb_revision (tenant, revision) VALUES (?, 1)")) {
      insert.setString(1, tenant);
      insert.executeUpdate();
    }
    return true;
  }
}
