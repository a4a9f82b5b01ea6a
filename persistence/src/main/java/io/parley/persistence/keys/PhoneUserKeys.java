package io.parley.persistence.keys;

import io.parley.core.call.PhoneUsers;
import io.parley.core.erasure.TenantSecrets;
import io.parley.persistence.StatementParameters;
import io.parley.persistence.Transactions;
import java.sql.PreparedStatement;
import java.time.Instant;
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
 * node's start, before it takes calls, and again once it is up; idempotent (a keyed id is never
 * plain), and nodes starting together write the same ids.
 *
 * <p>A pass scans the four tables, so once none is left the database is marked keyed ({@code
 * phone_user_ids_keyed}, V52) and later passes scan nothing. A node of a release before
 * {@value #FIRST_KEYING_RELEASE} still writes plain ids, so only a pass run while no such member is
 * up may set the mark ({@link #rekeyAndMark}); the pass at a node's start, which cannot know the
 * cluster's members yet, never does.
 */
public final class PhoneUserKeys {
  /** The first release whose nodes key phone user ids; a member of an earlier one writes them plain. */
  public static final int FIRST_KEYING_RELEASE = 1;
  private static final List<String> TABLES = List.of("user_memory", "conversation", "knowledge_gap", "data_key");
  private static final Logger LOG = LoggerFactory.getLogger(PhoneUserKeys.class);
  private static final int PER_BATCH = 500;

  private PhoneUserKeys() {}

  /** What a pass did: the ids it keyed, and whether it left any plain. */
  private record Pass(int keyed, boolean leftAny) {}

  /**
   * Keys the plain ids left, unless the database is marked keyed; never marks it.
   *
   * @return how many (table, tenant, user) ids it keyed
   */
  public static int rekey(DataSource dataSource, TenantSecrets secrets) {
    return marked(dataSource) ? 0 : pass(dataSource, secrets).keyed();
  }

  /**
   * As {@link #rekey}, for a caller that knows no member of a release before {@value #FIRST_KEYING_RELEASE}
   * is up, so that no plain id can be written after this pass: one that leaves none marks the
   * database keyed, at {@code now}.
   *
   * @return how many (table, tenant, user) ids it keyed
   */
  public static int rekeyAndMark(DataSource dataSource, TenantSecrets secrets, Instant now) {
    if (marked(dataSource)) return 0;
    Pass pass = pass(dataSource, secrets);
    if (!pass.leftAny()) mark(dataSource, now);
    return pass.keyed();
  }

  private static Pass pass(DataSource dataSource, TenantSecrets secrets) {
    int keyed = 0;
    boolean leftAny = false;
    for (String table : TABLES) {
      String tenant = "";
      String user = "";
      while (true) {
        List<String[]> plain = plainIds(dataSource, table, tenant, user);
        for (String[] id : plain) {
          if (!PhoneUsers.plain(id[1])) continue;
          try {
            if (rekeyed(dataSource, table, id[0], id[1], PhoneUsers.keyed(secrets, id[0], id[1]))) keyed++;
          } catch (RuntimeException e) {
            // Its rows cannot take the keyed id (a row of that id written meanwhile by a node of this
            // version, under a unique key): left plain, the node still starts, and the next pass tries again.
            LOG.warn("Left a plain phone user id of tenant {} in {}: {}", id[0], table, e.getMessage());
            leftAny = true;
          }
        }
        if (plain.size() < PER_BATCH) break;
        tenant = plain.getLast()[0];
        user = plain.getLast()[1];
      }
    }
    return new Pass(keyed, leftAny);
  }

  private static boolean marked(DataSource dataSource) {
    return Transactions.read(dataSource, "read whether phone user ids are keyed", connection ->
        Transactions.first(connection, "SELECT keyed_at FROM phone_user_ids_keyed", rows -> rows.getLong(1))
            .isPresent());
  }

  private static void mark(DataSource dataSource, Instant now) {
    Transactions.write(dataSource, "mark phone user ids keyed", connection -> {
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO phone_user_ids_keyed (id, keyed_at)"
          + " SELECT 1, ? WHERE NOT EXISTS (SELECT 1 FROM phone_user_ids_keyed)")) {
        return StatementParameters.bind(insert, now.toEpochMilli()).executeUpdate();
      }
    });
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

  /** Whether rows of the plain id were there to take the keyed one. */
  private static boolean rekeyed(DataSource dataSource, String table, String tenant, String plain, String keyed) {
    return Transactions.write(dataSource, "key a phone user id", connection -> {
      try (PreparedStatement update = connection.prepareStatement("UPDATE " + table
          + " SET user_id = ? WHERE tenant = ? AND user_id = ?")) {
        return StatementParameters.bind(update, keyed, tenant, plain).executeUpdate() > 0;
      }
    });
  }
}
