package io.parley.persistence.campaigns;

import io.parley.core.campaign.DialledNumbers;
import io.parley.core.erasure.TenantSecrets;
import io.parley.persistence.StatementParameters;
import io.parley.persistence.Transactions;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/**
 * A tenant's do-not-call list in {@code do_not_call} (migrations V44, V50): numbers its bot never
 * dials again, kept by their keyed hash ({@link NumberKeys#number}) and masked, never whole.
 * Campaign leads are checked against it in the statement that claims them
 * ({@link CampaignLeads#claim}); a single call placed by the API by {@link #contains}.
 */
public final class DoNotCallList {
  /** A number on the list: its key, masked form, where it came from ({@code call} or {@code api}) and when. */
  public record Entry(String key, String masked, String source, Instant addedAt) {}

  private final DataSource dataSource;
  private final TenantSecrets secrets;

  public DoNotCallList(DataSource dataSource, TenantSecrets secrets) {
    this.dataSource = dataSource;
    this.secrets = secrets;
  }

  /** Puts {@code number} on the list; nothing when it is there already. @return its entry */
  public Entry add(String tenant, String number, String source, Instant at) {
    String key = NumberKeys.number(secrets, tenant, number);
    String masked = DialledNumbers.masked(number);
    return Transactions.write(dataSource, "add to the do-not-call list", connection -> {
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO do_not_call (tenant, number_key, masked,"
          + " source, added_at, keyed) SELECT ?, ?, ?, ?, ?, TRUE WHERE NOT EXISTS (SELECT 1 FROM do_not_call"
          + " WHERE tenant = ? AND number_key = ?)")) {
        StatementParameters.bind(insert, tenant, key, masked, source, at.toEpochMilli(), tenant, key).executeUpdate();
      }
      return Transactions.first(connection, "SELECT number_key, masked, source, added_at FROM do_not_call WHERE tenant = ?"
          + " AND number_key = ?", rows -> new Entry(rows.getString(1), rows.getString(2), rows.getString(3),
          Instant.ofEpochMilli(rows.getLong(4))), tenant, key).orElseThrow();
    });
  }

  public boolean contains(String tenant, String number) {
    return Transactions.read(dataSource, "read the do-not-call list", connection -> Transactions.first(connection,
        "SELECT 1 FROM do_not_call WHERE tenant = ? AND number_key = ?", rows -> true, tenant,
        NumberKeys.number(secrets, tenant, number)).isPresent());
  }

  /**
   * Keys the entries an earlier version kept by the plain hash (before V50), the new key the HMAC of
   * the old; run at the node's start. Each moves in one transaction that requires it still plain, so
   * nodes starting together key it once, and a number listed again meanwhile is kept once. @return how many
   */
  public int rekey() {
    List<String[]> plain = Transactions.read(dataSource, "read the plain do-not-call keys", connection ->
        Transactions.list(connection, "SELECT tenant, number_key FROM do_not_call WHERE keyed = FALSE",
            rows -> new String[] {rows.getString(1), rows.getString(2)}));
    int keyed = 0;
    for (String[] entry : plain) {
      String tenant = entry[0];
      String old = entry[1];
      String key = NumberKeys.keyed(secrets, tenant, old);
      keyed += Transactions.write(dataSource, "key a do-not-call entry", connection -> {
        try (PreparedStatement copy = connection.prepareStatement("INSERT INTO do_not_call (tenant, number_key, masked,"
            + " source, added_at, keyed) SELECT tenant, ?, masked, source, added_at, TRUE FROM do_not_call"
            + " WHERE tenant = ? AND number_key = ? AND keyed = FALSE AND NOT EXISTS (SELECT 1 FROM do_not_call"
            + " WHERE tenant = ? AND number_key = ?)");
            PreparedStatement delete = connection.prepareStatement("DELETE FROM do_not_call WHERE tenant = ?"
                + " AND number_key = ? AND keyed = FALSE")) {
          StatementParameters.bind(copy, key, tenant, old, tenant, key).executeUpdate();
          return StatementParameters.bind(delete, tenant, old).executeUpdate();
        }
      });
    }
    return keyed;
  }

  /** The list, latest first. */
  public List<Entry> list(String tenant, int limit) {
    return Transactions.read(dataSource, "list the do-not-call list", connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT number_key, masked, source, added_at"
          + " FROM do_not_call WHERE tenant = ? ORDER BY added_at DESC, number_key LIMIT ?")) {
        return Transactions.list(StatementParameters.bind(select, tenant, limit), rows -> new Entry(rows.getString(1),
            rows.getString(2), rows.getString(3), Instant.ofEpochMilli(rows.getLong(4))));
      }
    });
  }

  /** Takes a number off the list by its key. @return whether it was on it */
  public boolean remove(String tenant, String key) {
    return Transactions.write(dataSource, "remove from the do-not-call list", connection -> {
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM do_not_call WHERE tenant = ?"
          + " AND number_key = ?")) {
        return StatementParameters.bind(delete, tenant, key).executeUpdate() > 0;
      }
    });
  }
}
