package io.parley.persistence.tenants;

import io.parley.core.identity.StoredTenant;
import io.parley.core.identity.TenantStore;
import io.parley.persistence.Sha256;
import io.parley.persistence.StatementParameters;
import io.parley.persistence.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * The tenants created through the API, in the node's database (table {@code tenants}, migration
 * V10), shared by the cluster, with their publishable keys ({@code tenant_publishable_key}, V16,
 * whose primary key makes each key one tenant's even when two nodes store it at once). Every node
 * reads the tenants all at once: a few hundred rows of a few kilobytes each. Thread-safe; blocks on JDBC.
 */
public final class JdbcTenants implements TenantStore {
  private final DataSource dataSource;

  public JdbcTenants(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public List<StoredTenant> all() {
    return Transactions.read(dataSource, "read the tenants", connection -> {
      return Transactions.list(connection,
          "SELECT tenant, document, updated_at, updated_by FROM tenants ORDER BY tenant",
          rows -> new StoredTenant(rows.getString("tenant"), rows.getString("document"),
              Transactions.instant(rows, "updated_at"), rows.getString("updated_by")));
    });
  }

  @Override
  public boolean create(StoredTenant tenant, List<String> publishableKeys) {
    // A create that collides with another (its name, or a key) is run again by Transactions, and then finds it.
    return Transactions.write(dataSource, "create tenant " + tenant.tenant(), connection -> {
      if (exists(connection, tenant.tenant())) return false;
      insert(connection, tenant);
      claim(connection, tenant.tenant(), publishableKeys);
      return true;
    });
  }

  @Override
  public boolean replace(StoredTenant tenant, List<String> publishableKeys) {
    return Transactions.write(dataSource, "store tenant " + tenant.tenant(), connection -> {
      claim(connection, tenant.tenant(), publishableKeys);
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE tenants SET document = ?, updated_at = ?, updated_by = ? WHERE tenant = ?")) {
        StatementParameters.bind(update, tenant.document(), Transactions.timestamp(tenant.updatedAt()),
            tenant.updatedBy(), tenant.tenant());
        if (update.executeUpdate() == 1) return true;
      }
      insert(connection, tenant);
      return false;
    });
  }

  /**
   * Makes {@code keys} the tenant's publishable keys. A key another tenant holds is refused; one
   * being inserted by another transaction makes this insert collide, and Transactions runs the
   * whole write again, which then finds it held.
   */
  private static void claim(Connection connection, String tenant, List<String> keys) throws SQLException {
    List<String> digests = keys.stream().map(Sha256::hex).distinct().toList();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT tenant FROM tenant_publishable_key WHERE key_sha256 = ? AND tenant <> ?")) {
      for (String digest : digests) {
        select.setString(1, digest);
        select.setString(2, tenant);
        try (ResultSet rows = select.executeQuery()) {
          if (rows.next()) throw new TenantStore.PublishableKeyTaken(tenant, rows.getString("tenant"));
        }
      }
    }
    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM tenant_publishable_key WHERE tenant = ?")) {
      delete.setString(1, tenant);
      delete.executeUpdate();
    }
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO tenant_publishable_key (key_sha256, tenant) VALUES (?, ?)")) {
      for (String digest : digests) {
        insert.setString(1, digest);
        insert.setString(2, tenant);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static boolean exists(Connection connection, String tenant) throws SQLException {
    return Transactions.first(connection, "SELECT 1 FROM tenants WHERE tenant = ?", rows -> true, tenant).isPresent();
  }

  private static void insert(Connection connection, StoredTenant tenant) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO tenants (tenant, document, updated_at, updated_by) VALUES (?, ?, ?, ?)")) {
      StatementParameters.bind(insert, tenant.tenant(), tenant.document(), Transactions.timestamp(tenant.updatedAt()),
          tenant.updatedBy());
      insert.executeUpdate();
    }
  }
}
