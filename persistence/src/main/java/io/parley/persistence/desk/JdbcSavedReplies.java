package io.parley.persistence.desk;

import io.parley.persistence.StatementParameters;
import io.parley.persistence.Transactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A tenant's saved replies (table {@code saved_replies}, migration V29), by title. A title is the
 * tenant's once: a second reply of the same title is refused ({@link DuplicateTitle}). Blocks on JDBC.
 */
public final class JdbcSavedReplies {
  /** At most this many per tenant: the console's picker lists them all. */
  public static final int MAX_PER_TENANT = 500;
  private static final String COLUMNS = "id, title, body, updated_by, updated_at";

  /** Another saved reply of the tenant has this title. */
  public static final class DuplicateTitle extends RuntimeException {
    DuplicateTitle(String title) {
      super("a saved reply titled '" + title + "' exists already");
    }
  }

  private final DataSource dataSource;

  public JdbcSavedReplies(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public List<SavedReply> list(String tenant) {
    return Transactions.read(dataSource, "list the saved replies", connection -> Transactions.list(connection,
        "SELECT " + COLUMNS + " FROM saved_replies WHERE tenant = ? ORDER BY title", JdbcSavedReplies::reply, tenant));
  }

  public Optional<SavedReply> find(String tenant, String id) {
    return Transactions.read(dataSource, "read a saved reply", connection -> Transactions.first(connection,
        "SELECT " + COLUMNS + " FROM saved_replies WHERE tenant = ? AND id = ?", JdbcSavedReplies::reply, tenant, id));
  }

  /** Stores a new reply; refused past {@link #MAX_PER_TENANT} ({@code IllegalStateException}) or on a taken title. */
  public SavedReply create(String tenant, String title, String body, String by, Instant at) {
    SavedReply.Written written = new SavedReply.Written(title, body);
    SavedReply reply = new SavedReply(UUID.randomUUID().toString(), written.title(), written.body(), by, at);
    Transactions.write(dataSource, "save a saved reply", connection -> {
      if (Transactions.first(connection, "SELECT COUNT(*) FROM saved_replies WHERE tenant = ?", row -> row.getInt(1),
          tenant).orElse(0) >= MAX_PER_TENANT) {
        throw new IllegalStateException("a tenant keeps at most " + MAX_PER_TENANT + " saved replies: remove one first");
      }
      requireFreeTitle(connection, tenant, reply.title(), reply.id());
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO saved_replies (id, tenant, title, body, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
        return StatementParameters.bind(insert, reply.id(), tenant, reply.title(), reply.body(), by,
            Transactions.timestamp(at)).executeUpdate();
      }
    });
    return reply;
  }

  /** Changes the reply {@code id}; none when the tenant has no such reply. */
  public Optional<SavedReply> update(String tenant, String id, String title, String body, String by, Instant at) {
    SavedReply.Written written = new SavedReply.Written(title, body);
    int changed = Transactions.write(dataSource, "change a saved reply", connection -> {
      requireFreeTitle(connection, tenant, written.title(), id);
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE saved_replies SET title = ?, body = ?, updated_by = ?, updated_at = ? WHERE tenant = ? AND id = ?")) {
        return StatementParameters.bind(update, written.title(), written.body(), by, Transactions.timestamp(at), tenant, id)
            .executeUpdate();
      }
    });
    return changed == 0 ? Optional.empty() : find(tenant, id);
  }

  public boolean delete(String tenant, String id) {
    return Transactions.write(dataSource, "remove a saved reply", connection -> {
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM saved_replies WHERE tenant = ? AND id = ?")) {
        return StatementParameters.bind(delete, tenant, id).executeUpdate();
      }
    }) > 0;
  }

  private static void requireFreeTitle(java.sql.Connection connection, String tenant, String title, String id)
      throws SQLException {
    if (Transactions.first(connection, "SELECT id FROM saved_replies WHERE tenant = ? AND title = ? AND id <> ?",
        row -> row.getString(1), tenant, title, id).isPresent()) {
      throw new DuplicateTitle(title);
    }
  }

  private static SavedReply reply(ResultSet row) throws SQLException {
    return new SavedReply(row.getString("id"), row.getString("title"), row.getString("body"), row.getString("updated_by"),
        Transactions.instant(row, "updated_at"));
  }
}
