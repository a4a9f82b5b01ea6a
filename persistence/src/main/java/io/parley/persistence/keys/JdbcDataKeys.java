package io.parley.persistence.keys;

import io.parley.core.erasure.DataKey;
import io.parley.core.erasure.DataKeyStore;
import io.parley.core.erasure.KeyLookup;
import io.parley.core.erasure.NewDataKey;
import io.parley.core.erasure.Sealing;
import io.parley.core.erasure.TenantSecrets;
import io.parley.core.session.SessionId;
import io.parley.persistence.PersistenceException;
import io.parley.persistence.StatementParameters;
import io.parley.persistence.Transactions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.crypto.SecretKey;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data keys in the database (V7__data_keys.sql), as envelopes: a session's key is wrapped by
 * its tenant's key, a tenant's key by the root key. Tenant keys are created on first use, by
 * whichever node comes first (a collision is retried and reads the winner's), and kept unwrapped in
 * memory; data keys are read when a session starts on a node, never cached. A new session's key is
 * stored by the journal, with the session's first event ({@link #insert}). The tenant keys also
 * seal the secrets of the tenants' bot configurations ({@link TenantSecrets}).
 */
public final class JdbcDataKeys implements DataKeyStore, TenantSecrets {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcDataKeys.class);

  private final DataSource dataSource;
  private final SecretKey root;
  private final String rootKeyId;
  private final Clock clock;
  private final ConcurrentMap<String, SecretKey> tenantKeys = new ConcurrentHashMap<>();

  private JdbcDataKeys(DataSource dataSource, SecretKey root, Clock clock) {
    this.dataSource = dataSource;
    this.root = root;
    this.rootKeyId = idOf(root);
    this.clock = clock;
  }

  /**
   * The keys under {@code configuredRoot}, or else under the root key the nodes generated into the
   * database (it protects nothing at rest, which start-up says; erasure works all the same).
   */
  public static JdbcDataKeys open(DataSource dataSource, Optional<SecretKey> configuredRoot, Clock clock) {
    if (configuredRoot.isPresent()) return new JdbcDataKeys(dataSource, configuredRoot.get(), clock);
    LOG.warn("Data keys: no PARLEY_ROOT_KEY_FILE or PARLEY_ROOT_KEY; the root key is kept in the database, so sealed "
        + "journals are not protected at rest (erasure still works); see docs/security.md");
    return new JdbcDataKeys(dataSource, storedRoot(dataSource, clock), clock);
  }

  @Override
  public KeyLookup find(SessionId session) {
    // Opened after the connection is back in the pool: the tenant key may need one of its own, and
    // sessions starting together (a node taking over another's) would otherwise hold every
    // connection while each waits for one more.
    return Transactions.read(dataSource, "read the data key of session " + session.uuid(),
            connection -> stored(connection, session))
        .map(row -> opened(session, row)).orElse(new KeyLookup.Absent());
  }

  @Override
  public NewDataKey newKey(SessionId session, Optional<String> userId) {
    DataKey key = new DataKey(UUID.randomUUID().toString(), Sealing.newKey());
    byte[] wrapped = Sealing.seal(tenantKey(session.tenant()), key.key().getEncoded(), dataKeyOwner(session, key.keyId()));
    return new NewDataKey(session, key, userId, wrapped, clock.instant());
  }

  /**
   * Stores a new key in the caller's transaction (the journal's, with the session's first event).
   * A session that already has a row, a key or an erasure's tombstone, refuses it (primary key).
   */
  public static void insert(Connection connection, NewDataKey newKey) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO data_key (tenant, session_id, key_id, user_id,"
        + " wrapped_key, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
      StatementParameters.bind(insert, newKey.session().tenant(), newKey.session().uuid().toString(),
          newKey.key().keyId());
      if (newKey.userId().isPresent()) insert.setString(4, newKey.userId().get());
      else insert.setNull(4, Types.VARCHAR);
      insert.setBytes(5, newKey.wrappedKey());
      insert.setObject(6, Transactions.timestamp(newKey.createdAt()));
      insert.executeUpdate();
    }
  }

  @Override
  public byte[] seal(String tenant, byte[] plaintext) {
    return Sealing.seal(tenantKey(tenant), plaintext, TenantSecrets.owner(tenant));
  }

  @Override
  public byte[] open(String tenant, byte[] sealed) {
    return Sealing.open(tenantKey(tenant), sealed, TenantSecrets.owner(tenant));
  }

  @Override
  public String fingerprint(String tenant, String value) {
    return TenantSecrets.fingerprint(tenantKey(tenant).getEncoded(), tenant, value);
  }

  @Override
  public List<SessionId> sessionsOf(String tenant, String userId) {
    return sessions("list the sessions of a user", "SELECT tenant, session_id FROM data_key"
        + " WHERE tenant = ? AND user_id = ? AND wrapped_key IS NOT NULL ORDER BY created_at", tenant, userId);
  }

  @Override
  public List<String> tenants() {
    return Transactions.read(dataSource, "list the tenants with data keys", connection -> {
      return Transactions.list(connection,
          "SELECT DISTINCT tenant FROM data_key WHERE wrapped_key IS NOT NULL ORDER BY tenant",
          rows -> rows.getString(1));
    });
  }

  @Override
  public List<SessionId> sessionsStartedBefore(String tenant, Instant instant) {
    return sessions("list the sessions past retention", "SELECT tenant, session_id FROM data_key"
        + " WHERE tenant = ? AND created_at < ? AND wrapped_key IS NOT NULL ORDER BY created_at", tenant,
        Transactions.timestamp(instant));
  }

  /**
   * Deletes each session's key and user id, keeping a tombstone; a session with no key at all (one
   * started before journals were sealed) gets a tombstone too, so it reads as erased as well.
   */
  @Override
  public int erase(List<SessionId> sessions) {
    return Transactions.write(dataSource, "erase " + sessions.size() + " data keys", connection -> {
      int erased = 0;
      for (SessionId session : sessions) {
        try (PreparedStatement update = connection.prepareStatement("UPDATE data_key SET wrapped_key = NULL,"
            + " user_id = NULL, erased_at = ? WHERE tenant = ? AND session_id = ? AND wrapped_key IS NOT NULL")) {
          StatementParameters.bind(update, Transactions.timestamp(clock.instant()), session.tenant(),
              session.uuid().toString());
          erased += update.executeUpdate();
        }
        if (stored(connection, session).isEmpty()) insertTombstone(connection, session);
      }
      return erased;
    });
  }

  private void insertTombstone(Connection connection, SessionId session) throws SQLException {
    Instant now = clock.instant();
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO data_key (tenant, session_id, key_id,"
        + " created_at, erased_at) VALUES (?, ?, ?, ?, ?)")) {
      StatementParameters.bind(insert, session.tenant(), session.uuid().toString(), "none", Transactions.timestamp(now),
          Transactions.timestamp(now));
      insert.executeUpdate();
    }
  }

  /** A session's row: its data key as stored (wrapped by the tenant key), or empty once erased. */
  private record StoredKey(String keyId, Optional<byte[]> wrapped) {}

  private Optional<StoredKey> stored(Connection connection, SessionId session) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT key_id, wrapped_key FROM data_key WHERE tenant = ? AND session_id = ?")) {
      select.setString(1, session.tenant());
      select.setString(2, session.uuid().toString());
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) return Optional.empty();
        return Optional.of(new StoredKey(rows.getString("key_id"), Optional.ofNullable(rows.getBytes("wrapped_key"))));
      }
    }
  }

  private KeyLookup opened(SessionId session, StoredKey row) {
    if (row.wrapped().isEmpty()) return new KeyLookup.Erased();
    byte[] key = Sealing.open(tenantKey(session.tenant()), row.wrapped().get(), dataKeyOwner(session, row.keyId()));
    return new KeyLookup.Found(new DataKey(row.keyId(), Sealing.key(key)));
  }

  private List<SessionId> sessions(String what, String sql, String tenant, Object value) {
    return Transactions.read(dataSource, what, connection -> {
      return Transactions.list(connection, sql,
          rows -> SessionId.of(rows.getString("tenant"), rows.getString("session_id")), tenant, value);
    });
  }

  private SecretKey tenantKey(String tenant) {
    return tenantKeys.computeIfAbsent(tenant, t -> Transactions.write(dataSource, "read the key of tenant " + t,
        connection -> readOrCreateTenantKey(connection, t)));
  }

  private SecretKey readOrCreateTenantKey(Connection connection, String tenant) throws SQLException {
    byte[] owner = ("tenant-key|" + tenant).getBytes(StandardCharsets.UTF_8);
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT root_key_id, wrapped_key FROM tenant_key WHERE tenant = ?")) {
      select.setString(1, tenant);
      try (ResultSet rows = select.executeQuery()) {
        if (rows.next()) {
          String wrappedBy = rows.getString("root_key_id");
          if (!wrappedBy.equals(rootKeyId)) {
            throw new PersistenceException("The key of tenant " + tenant + " is wrapped by root key " + wrappedBy
                + ", not by the configured one (" + rootKeyId + "): configure that root key in PARLEY_ROOT_KEY_FILE or"
                + " PARLEY_ROOT_KEY, or re-wrap the tenant keys (docs/security.md)");
          }
          return Sealing.key(Sealing.open(root, rows.getBytes("wrapped_key"), owner));
        }
      }
    }
    SecretKey key = Sealing.newKey();
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO tenant_key (tenant, root_key_id, wrapped_key, created_at) VALUES (?, ?, ?, ?)")) {
      StatementParameters.bind(insert, tenant, rootKeyId, Sealing.seal(root, key.getEncoded(), owner),
          Transactions.timestamp(clock.instant()));
      insert.executeUpdate();
    }
    return key;
  }

  private static SecretKey storedRoot(DataSource dataSource, Clock clock) {
    return Transactions.write(dataSource, "read the generated root key", connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT key_bytes FROM root_key WHERE id = 1");
          ResultSet rows = select.executeQuery()) {
        if (rows.next()) return Sealing.key(rows.getBytes("key_bytes"));
      }
      SecretKey key = Sealing.newKey();
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO root_key (id, key_bytes, created_at) VALUES (1, ?, ?)")) {
        insert.setBytes(1, key.getEncoded());
        insert.setObject(2, Transactions.timestamp(clock.instant()));
        insert.executeUpdate();
      }
      return key;
    });
  }

  private static byte[] dataKeyOwner(SessionId session, String keyId) {
    return ("data-key|" + session.tenant() + "|" + session.uuid() + "|" + keyId).getBytes(StandardCharsets.UTF_8);
  }

  /** Names a root key in tenant_key without revealing it: the start of a SHA-256 of a label and the key. */
  static String idOf(SecretKey root) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update("parley-root-key-id".getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest(root.getEncoded()), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
