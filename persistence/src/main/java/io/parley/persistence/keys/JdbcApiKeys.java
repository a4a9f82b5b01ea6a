package io.parley.persistence.keys;

import io.parley.core.identity.ApiKeyStore;
import io.parley.core.identity.StoredApiKey;
import io.parley.persistence.RolesColumn;
import io.parley.persistence.StatementParameters;
import io.parley.persistence.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * API keys in the node's database (table {@code api_keys}, migration V8), shared by the cluster.
 * A presented key is one lookup on the unique index of its hash, read every time and not cached:
 * it costs about as much as the request's other work (a fraction of a millisecond on PostgreSQL),
 * and a revocation then holds on every node from the next request. Thread-safe; blocks on JDBC.
 */
public final class JdbcApiKeys implements ApiKeyStore {
  private static final String COLUMNS = "id, tenant, name, roles, created_at, expires_at, revoked_at";

  private final DataSource dataSource;

  public JdbcApiKeys(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void add(StoredApiKey key, String sha256) {
    Transactions.write(dataSource, "store API key " + key.id(), connection -> {
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO api_keys (" + COLUMNS
          + ", sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, key.id());
        insert.setString(2, key.tenant());
        insert.setString(3, key.name());
        insert.setString(4, RolesColumn.write(key.roles()));
        insert.setObject(5, Transactions.timestamp(key.createdAt()));
        insert.setObject(6, key.expiresAt().map(Transactions::timestamp).orElse(null));
        insert.setObject(7, key.revokedAt().map(Transactions::timestamp).orElse(null));
        insert.setString(8, sha256);
        return insert.executeUpdate();
      }
    });
  }

  @Override
  public Optional<StoredApiKey> findBySha256(String sha256) {
    return Transactions.read(dataSource, "look up an API key", connection ->
        first(connection, "SELECT " + COLUMNS + " FROM api_keys WHERE sha256 = ?", sha256));
  }

  @Override
  public List<StoredApiKey> list(String tenant) {
    return Transactions.read(dataSource, "list the API keys of tenant " + tenant, connection -> {
      return Transactions.list(connection, "SELECT " + COLUMNS
          + " FROM api_keys WHERE tenant = ? ORDER BY created_at DESC, id", JdbcApiKeys::key, tenant);
    });
  }

  @Override
  public Optional<StoredApiKey> revoke(String tenant, String id, Instant at) {
    return Transactions.write(dataSource, "revoke API key " + id, connection -> {
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE api_keys SET revoked_at = ? WHERE tenant = ? AND id = ? AND revoked_at IS NULL")) {
        StatementParameters.bind(update, Transactions.timestamp(at), tenant, id);
        update.executeUpdate();
      }
      return first(connection, "SELECT " + COLUMNS + " FROM api_keys WHERE tenant = ? AND id = ?", tenant, id);
    });
  }

  private static Optional<StoredApiKey> first(Connection connection, String sql, String... parameters) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) select.setString(i + 1, parameters[i]);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(key(rows)) : Optional.empty();
      }
    }
  }

  private static StoredApiKey key(ResultSet rows) throws SQLException {
    return new StoredApiKey(rows.getString("id"), rows.getString("tenant"), rows.getString("name"),
        RolesColumn.read(rows.getString("roles"), "api_keys"), Transactions.instant(rows, "created_at"),
        optionalInstant(rows, "expires_at"), optionalInstant(rows, "revoked_at"));
  }

  private static Optional<Instant> optionalInstant(ResultSet rows, String column) throws SQLException {
    return Optional.ofNullable(rows.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
  }
}
