package io.parley.persistence.archive;

import io.parley.core.attachment.StoredBytes;
import io.parley.persistence.StatementParameters;
import io.parley.persistence.Transactions;
import java.sql.PreparedStatement;
import javax.sql.DataSource;

/**
 * The bytes each tenant's files take (table {@code attachment_storage}, migration V39), one row a
 * tenant, shared by every node: a file is counted in one conditional update, so two nodes storing
 * at once cannot both pass the quota. Blocks on JDBC.
 */
public final class JdbcStoredBytes implements StoredBytes {
  private final DataSource dataSource;

  public JdbcStoredBytes(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public boolean add(String tenant, long bytes, long quota) {
    return Transactions.write(dataSource, "count the files of tenant " + tenant, connection -> {
      try (PreparedStatement first = connection.prepareStatement("INSERT INTO attachment_storage (tenant, stored_bytes)"
          + " SELECT ?, 0 WHERE NOT EXISTS (SELECT 1 FROM attachment_storage WHERE tenant = ?)");
          PreparedStatement add = connection.prepareStatement("UPDATE attachment_storage"
              + " SET stored_bytes = stored_bytes + ? WHERE tenant = ? AND (? = 0 OR stored_bytes + ? <= ?)")) {
        StatementParameters.bind(first, tenant, tenant).executeUpdate();
        return StatementParameters.bind(add, bytes, tenant, quota, bytes, quota).executeUpdate() == 1;
      }
    });
  }

  @Override
  public void remove(String tenant, long bytes) {
    Transactions.write(dataSource, "count the files of tenant " + tenant, connection -> {
      try (PreparedStatement remove = connection.prepareStatement(
          "UPDATE attachment_storage SET stored_bytes = GREATEST(stored_bytes - ?, 0) WHERE tenant = ?")) {
        return StatementParameters.bind(remove, bytes, tenant).executeUpdate();
      }
    });
  }

  /** What {@code tenant}'s files take, as counted. */
  public long stored(String tenant) {
    return Transactions.read(dataSource, "read the files of tenant " + tenant, connection -> Transactions.first(
        connection, "SELECT stored_bytes FROM attachment_storage WHERE tenant = ?", row -> row.getLong(1), tenant))
        .orElse(0L);
  }
}
