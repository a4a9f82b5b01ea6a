package io.parley.persistence.keys;

import io.parley.core.call.PhoneUsers;
import io.parley.core.erasure.TenantSecrets;
import io.parley.persistence.StatementParameters;
import io.parley.persistence.Transactions;
import java.sql.PreparedStatement;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys the phone user ids an earlier version stored as plain hashes of the numbers
 * ({@link PhoneUsers#plain}), in every table that keeps a user id: a caller's memories, their
 * conversations, the knowledge gaps they met, and their sessions' data keys, by which they are
 * erased. The keyed id is the HMAC of the plain one ({@link PhoneUsers#keyed}), so no number is
 * needed: a caller calling again is remembered under the keyed id their call now has. Run at the
 * node's start, before it takes calls; idempotent (a keyed id is never plain), and nodes starting
 * together write the same ids.
 */
public final class PhoneUserKeys {
  private static final List<String> TABLES = List.of("user_memory", "conversation", "knowledge_gap", "data_key");
  private static final Logger LOG = LoggerFactory.getLogger(PhoneUserKeys.class);
  private static final int PER_BATCH = 500;

  private PhoneUserKeys() {}

  /** @return how many (table, tenant, user) ids it keyed */
  public static int rekey(DataSource dataSource, TenantSecrets secrets) {
    int keyed = 0;
    for (String table : TABLES) {
      String tenant = "";
      String user = "";
      while (true) {
        List<String[]> plain = plainIds(dataSource, table, tenant, user);
        for (String[] id : plain) {
          if (PhoneUsers.plain(id[1])) keyed += rekeyedOrLeft(dataSource, table, id[0], id[1], PhoneUsers.keyed(secrets, id[0], id[1]));
        }
        if (plain.size() < PER_BATCH) break;
        tenant = plain.getLast()[0];
        user = plain.getLast()[1];
      }
    }
    return keyed;
  }

  /** The next distinct (tenant, user id) pairs shaped like a plain phone id, after ({@code tenant}, {@code user}). */
  private static List<String[]> plainIds(DataSource dataSource, String table, String tenant, String user) {
    return Transactions.read(dataSource, "find plain phone user ids", connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT DISTINCT tenant, user_id FROM " + table
          + " WHERE user_id LIKE 'phone-%' AND LENGTH(user_id) = 30 AND (tenant > ? OR tenant = ? AND user_id > ?)"
          + " ORDER BY tenant, user_id LIMIT ?")) {
        return Transactions.list(StatementParameters.bind(select, tenant, tenant, user, PER_BATCH),
            rows -> new String[] {rows.getString(1), rows.getString(2)});
      }
    });
  }

  /**
   * One id keyed, or left plain when its rows cannot take the keyed id (a row of that id written
   * meanwhile by a node of this version, under a unique key): the node still starts, and the next
   * start tries again.
   */
  private static int rekeyedOrLeft(DataSource dataSource, String table, String tenant, String plain, String keyed) {
    try {
      return rekeyed(dataSource, table, tenant, plain, keyed);
    } catch (RuntimeException e) {
      LOG.warn("Left a plain phone user id of tenant {} in {}: {}", tenant, table, e.getMessage());
      return 0;
    }
  }

  private static int rekeyed(DataSource dataSource, String table, String tenant, String plain, String keyed) {
    return Transactions.write(dataSource, "key a phone user id", connection -> {
      try (PreparedStatement update = connection.prepareStatement("UPDATE " + table
          + " SET user_id = ? WHERE tenant = ? AND user_id = ?")) {
        return StatementParameters.bind(update, keyed, tenant, plain).executeUpdate() > 0 ? 1 : 0;
      }
    });
  }
}
