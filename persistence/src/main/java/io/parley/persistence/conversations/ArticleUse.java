package io.parley.persistence.conversations;

import io.parley.persistence.StatementParameters;
import io.parley.persistence.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;

/**
 * How often the bot's knowledge-base searches found each article ({@code kb_article_use}), and how
 * often an answer cited it, per tenant and UTC day: the tenant's article ids and titles, nothing a
 * customer wrote. Each projection
 * slice counts in rows of its own, so a row has one writer and an update-or-insert needs no lock.
 */
public final class ArticleUse {
  /** An article, how often searches found it and how often answers cited it. */
  public record Used(String documentId, String title, long uses, long cited) {}

  /** What a row counts: searches that found the article, or answers that cited it. */
  public enum Count {
    FOUND("uses"), CITED("cited");

    private final String column;

    Count(String column) {
      this.column = column;
    }
  }

  private ArticleUse() {}

  /** One more use of the article on {@code day}, in the caller's (the projection's) transaction. */
  public static void count(Connection connection, String tenant, LocalDate day, String slice, String documentId,
      String title) throws SQLException {
    count(connection, Count.FOUND, tenant, day, slice, documentId, title);
  }

  /** One more search that found the article, or answer that cited it, on {@code day}, in the caller's transaction. */
  public static void count(Connection connection, Count what, String tenant, LocalDate day, String slice,
      String documentId, String title) throws SQLException {
    String clipped = title.length() > 300 ? title.substring(0, 300) : title;
    try (PreparedStatement update = connection.prepareStatement("UPDATE kb_article_use SET " + what.column + " = "
        + what.column + " + 1, title = ? WHERE tenant = ? AND used_on = ? AND document_id = ? AND slice = ?")) {
      StatementParameters.bind(update, clipped, tenant, day, documentId, slice);
      if (update.executeUpdate() == 1) return;
    }
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO kb_article_use (tenant, used_on, document_id, slice, title, uses, cited) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      StatementParameters.bind(insert, tenant, day, documentId, slice, clipped, what == Count.FOUND ? 1L : 0L,
          what == Count.CITED ? 1L : 0L);
      insert.executeUpdate();
    }
  }

  /** The tenant's {@code limit} most used articles on the days {@code [from, to)}, most used first. */
  static List<Used> top(Connection connection, String tenant, LocalDate from, LocalDate to, int limit)
      throws SQLException {
    return Transactions.list(connection, "SELECT document_id, MAX(title), SUM(uses), SUM(cited) "
        + "FROM kb_article_use WHERE tenant = ? AND used_on >= ? AND used_on < ? GROUP BY document_id "
        + "ORDER BY SUM(uses) DESC, document_id LIMIT " + limit,
        rows -> new Used(rows.getString(1), rows.getString(2), rows.getLong(3), rows.getLong(4)), tenant, from, to);
  }
}
