package io.parley.persistence.tenants;

import io.parley.core.identity.StoredTenant;
import io.parley.core.identity.TenantStore;
import io.parley.persistence.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The tenants created through the API, in the node's database (table {@code tenants}, migration
 * V10), shared by the cluster. Every node reads them all at once: a few hundred rows of a few
 * kilobytes each. Thread-safe; blocks on JDBC.
 */
public final class JdbcTenants implements TenantStore {
  private final DataSource dataSource;

  public JdbcTenants(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public List<StoredTenant> all() {
    return Transactions.read(dataSource, "read the tenants", connection -> {
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT tenant, document, updated_at, updated_by FROM tenants ORDER BY tenant");
          ResultSet rows = select.executeQuery()) {
        List<StoredTenant> tenants = new ArrayList<>();
        while (rows.next()) {
          tenants.add(new StoredTenant(rows.getString("tenant"), rows.getString("document"),
              Transactions.instant(rows, "updated_at"), rows.getString("updated_by")));
        }
        return tenants;
      }
    });
  }

  @Override
  public boolean create(StoredTenant tenant) {
    // A create that collides with another is run again by Transactions, and then finds it.
    return Transactions.write(dataSource, "create tenant " + tenant.tenant(),
        connection -> !exists(connection, tenant.tenant()) && insert(connection, tenant));
  }

  @Override
  public boolean replace(StoredTenant tenant) {
    return Transactions.write(dataSource, "store tenant " + tenant.tenant(), connection -> {
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE tenants SET document = ?, updated_at = ?, updated_by = ? WHERE tenant = ?")) {
        update.setString(1, tenant.document());
        update.setObject(2, Transactions.timestamp(tenant.updatedAt()));
        update.setString(3, tenant.updatedBy());
        update.setString(4, tenant.tenant());
        if (update.executeUpdate() == 1) return true;
      }
      insert(connection, tenant);
      return false;
    });
  }

  private static boolean exists(Connection connection, String tenant) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM tenants WHERE tenant = ?")) {
      select.setString(1, tenant);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static boolean insert(Connection connection, StoredTenant tenant) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO tenants (tenant, document, updated_at, updated_by) VALUES (?, ?, ?, ?)")) {
      insert.setString(1, tenant.tenant());
      insert.setString(2, tenant.document());
      insert.setObject(3, Transactions.timestamp(tenant.updatedAt()));
      insert.setString(4, tenant.updatedBy());
      return insert.executeUpdate() == 1;
    }
  }
}
