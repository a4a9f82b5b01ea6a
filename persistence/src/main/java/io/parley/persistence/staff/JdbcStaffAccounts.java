package io.parley.persistence.staff;

import io.parley.core.identity.Role;
import io.parley.core.identity.staff.StaffAccount;
import io.parley.core.identity.staff.StaffAccountStore;
import io.parley.core.identity.staff.StaffLink;
import io.parley.persistence.StatementParameters;
import io.parley.persistence.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Staff accounts, their sessions and their single-use links in the node's database (tables
 * {@code staff_accounts}, {@code staff_sessions}, {@code staff_links}, migration V19), shared by the
 * cluster. A session is read on every request, as an API key is, so a sign-out, reset or removal
 * holds on every node from the next request. Thread-safe; blocks on JDBC.
 *
 * <p>The columns {@code failed_sign_ins} and {@code locked_until} are no longer read: sign-ins are
 * slowed per address instead of locked (SignInThrottle). They stay, written as a fresh account's and
 * cleared by a reset, so that a node of an earlier version sharing the database still runs.
 */
public final class JdbcStaffAccounts implements StaffAccountStore {
  private static final String COLUMNS = "id, tenant, email, roles, created_at";
  private static final String ACCOUNT_COLUMNS = "a.id, a.tenant, a.email, a.roles, a.created_at";
  private static final String LINK_COLUMNS = "kind, tenant, email, roles, account_id, created_by, created_at, expires_at, used_at";
  private static final String USE_LINK = "UPDATE staff_links SET used_at = ? WHERE sha256 = ? AND kind = ? AND used_at IS NULL"
      + " AND expires_at > ?";

  private final DataSource dataSource;

  public JdbcStaffAccounts(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public boolean anyOperator() {
    return Transactions.read(dataSource, "look for an operator account", connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT roles FROM staff_accounts");
          ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          if (roles(rows.getString(1)).contains(Role.OPERATOR)) return true;
        }
        return false;
      }
    });
  }

  @Override
  public Optional<Credentials> findByEmail(String email) {
    return Transactions.read(dataSource, "look up a staff account", connection -> {
      return Transactions.first(connection, "SELECT " + COLUMNS + ", password_hash FROM staff_accounts WHERE email = ?",
          rows -> new Credentials(account(rows), rows.getString("password_hash")), email);
    });
  }

  @Override
  public List<StaffAccount> list(String tenant) {
    return Transactions.read(dataSource, "list the staff of tenant " + tenant, connection -> {
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT " + COLUMNS + " FROM staff_accounts WHERE tenant = ? ORDER BY email")) {
        select.setString(1, tenant);
        try (ResultSet rows = select.executeQuery()) {
          List<StaffAccount> accounts = new ArrayList<>();
          while (rows.next()) accounts.add(account(rows));
          return accounts;
        }
      }
    });
  }

  @Override
  public void startSession(String sha256, String accountId, Instant createdAt, Instant expiresAt) {
    Transactions.write(dataSource, "start a staff session", connection -> {
      try (PreparedStatement sweep = connection.prepareStatement("DELETE FROM staff_sessions WHERE expires_at <= ?")) {
        sweep.setObject(1, Transactions.timestamp(createdAt));
        sweep.executeUpdate();
      }
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO staff_sessions (sha256, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)")) {
        StatementParameters.bind(insert, sha256, accountId, Transactions.timestamp(createdAt),
            Transactions.timestamp(expiresAt));
        return insert.executeUpdate();
      }
    });
  }

  @Override
  public Optional<StaffAccount> sessionAccount(String sha256, Instant now) {
    return Transactions.read(dataSource, "look up a staff session", connection -> {
      return Transactions.first(connection, "SELECT " + ACCOUNT_COLUMNS
          + " FROM staff_sessions s JOIN staff_accounts a ON a.id = s.account_id WHERE s.sha256 = ? AND s.expires_at > ?",
          JdbcStaffAccounts::account, sha256, Transactions.timestamp(now));
    });
  }

  @Override
  public void endSession(String sha256) {
    Transactions.write(dataSource, "end a staff session", connection -> {
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM staff_sessions WHERE sha256 = ?")) {
        delete.setString(1, sha256);
        return delete.executeUpdate();
      }
    });
  }

  @Override
  public void addLink(StaffLink link, String sha256) {
    Transactions.write(dataSource, "store a " + link.kind().wireName() + " link", connection -> {
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO staff_links (sha256, " + LINK_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, sha256);
        insert.setString(2, link.kind().wireName());
        insert.setString(3, link.tenant().orElse(null));
        insert.setString(4, link.email().orElse(null));
        insert.setString(5, link.roles().isEmpty() ? null : names(link.roles()));
        insert.setString(6, link.accountId().orElse(null));
        insert.setString(7, link.createdBy());
        insert.setObject(8, Transactions.timestamp(link.createdAt()));
        insert.setObject(9, Transactions.timestamp(link.expiresAt()));
        insert.setObject(10, link.usedAt().map(Transactions::timestamp).orElse(null));
        return insert.executeUpdate();
      }
    });
  }

  @Override
  public Optional<StaffLink> findLink(String sha256) {
    return Transactions.read(dataSource, "look up a link", connection -> Transactions.first(connection,
        "SELECT " + LINK_COLUMNS + " FROM staff_links WHERE sha256 = ?", JdbcStaffAccounts::link, sha256));
  }

  @Override
  public List<StoredLink> pendingInvitations(String tenant, Instant now) {
    return Transactions.read(dataSource, "list pending invitations", connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT sha256, " + LINK_COLUMNS + " FROM staff_links"
          + " WHERE kind = ? AND tenant = ? AND used_at IS NULL AND expires_at > ? ORDER BY created_at, sha256")) {
        StatementParameters.bind(select, StaffLink.Kind.INVITATION.wireName(), tenant, Transactions.timestamp(now));
        List<StoredLink> links = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) links.add(new StoredLink(rows.getString("sha256"), link(rows)));
        }
        return links;
      }
    });
  }

  @Override
  public boolean removeUnusedLink(String sha256) {
    return Transactions.write(dataSource, "withdraw a link", connection -> {
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM staff_links WHERE sha256 = ? AND used_at IS NULL")) {
        delete.setString(1, sha256);
        return delete.executeUpdate() == 1;
      }
    });
  }

  private static StaffLink link(ResultSet rows) throws SQLException {
    String roles = rows.getString("roles");
    return new StaffLink(StaffLink.Kind.valueOf(rows.getString("kind").toUpperCase(java.util.Locale.ROOT)),
        Optional.ofNullable(rows.getString("tenant")), Optional.ofNullable(rows.getString("email")),
        roles == null ? Set.of() : roles(roles), Optional.ofNullable(rows.getString("account_id")),
        rows.getString("created_by"), Transactions.instant(rows, "created_at"), Transactions.instant(rows, "expires_at"),
        optionalInstant(rows, "used_at"));
  }

  @Override
  public Optional<StaffAccount> createFromLink(String linkSha256, StaffLink.Kind kind, Instant now, StaffAccount account,
      String passwordHash) {
    return Transactions.write(dataSource, "follow a " + kind.wireName() + " link", connection -> {
      if (!useLink(connection, linkSha256, kind, now)) return Optional.<StaffAccount>empty();
      if (kind == StaffLink.Kind.SETUP) {
        try (PreparedStatement retire = connection.prepareStatement(
            "UPDATE staff_links SET used_at = ? WHERE kind = ? AND used_at IS NULL")) {
          retire.setObject(1, Transactions.timestamp(now));
          retire.setString(2, kind.wireName());
          retire.executeUpdate();
        }
      }
      try (PreparedStatement taken = connection.prepareStatement("SELECT 1 FROM staff_accounts WHERE email = ?")) {
        taken.setString(1, account.email());
        try (ResultSet rows = taken.executeQuery()) {
          if (rows.next()) throw new EmailTaken(account.email());
        }
      }
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO staff_accounts (" + COLUMNS
          + ", failed_sign_ins, locked_until, password_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, account.id());
        insert.setString(2, account.tenant());
        insert.setString(3, account.email());
        insert.setString(4, names(account.roles()));
        insert.setObject(5, Transactions.timestamp(account.createdAt()));
        insert.setInt(6, 0);
        insert.setObject(7, null);
        insert.setString(8, passwordHash);
        insert.executeUpdate();
      }
      return Optional.of(account);
    });
  }

  @Override
  public Optional<StaffAccount> resetFromLink(String linkSha256, Instant now, String passwordHash) {
    return Transactions.write(dataSource, "follow a reset link", connection -> {
      if (!useLink(connection, linkSha256, StaffLink.Kind.RESET, now)) return Optional.<StaffAccount>empty();
      String accountId;
      try (PreparedStatement select = connection.prepareStatement("SELECT account_id FROM staff_links WHERE sha256 = ?")) {
        select.setString(1, linkSha256);
        try (ResultSet rows = select.executeQuery()) {
          rows.next();
          accountId = rows.getString(1);
        }
      }
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE staff_accounts SET password_hash = ?, failed_sign_ins = 0, locked_until = NULL WHERE id = ?")) {
        update.setString(1, passwordHash);
        update.setString(2, accountId);
        if (update.executeUpdate() == 0) return Optional.<StaffAccount>empty();
      }
      endSessions(connection, accountId);
      return accountById(connection, accountId);
    });
  }

  @Override
  public boolean remove(String tenant, String id) {
    return Transactions.write(dataSource, "remove staff account " + id, connection -> {
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM staff_accounts WHERE tenant = ? AND id = ?")) {
        delete.setString(1, tenant);
        delete.setString(2, id);
        if (delete.executeUpdate() == 0) return false;
      }
      endSessions(connection, id);
      return true;
    });
  }

  private static boolean useLink(Connection connection, String sha256, StaffLink.Kind kind, Instant now) throws SQLException {
    try (PreparedStatement use = connection.prepareStatement(USE_LINK)) {
      StatementParameters.bind(use, Transactions.timestamp(now), sha256, kind.wireName(), Transactions.timestamp(now));
      return use.executeUpdate() == 1;
    }
  }

  private static void endSessions(Connection connection, String accountId) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM staff_sessions WHERE account_id = ?")) {
      delete.setString(1, accountId);
      delete.executeUpdate();
    }
  }

  private static Optional<StaffAccount> accountById(Connection connection, String id) throws SQLException {
    return Transactions.first(connection, "SELECT " + COLUMNS + " FROM staff_accounts WHERE id = ?",
        JdbcStaffAccounts::account, id);
  }

  private static StaffAccount account(ResultSet rows) throws SQLException {
    return new StaffAccount(rows.getString("id"), rows.getString("tenant"), rows.getString("email"),
        roles(rows.getString("roles")), Transactions.instant(rows, "created_at"));
  }

  private static String names(Set<Role> roles) {
    return roles.stream().map(Role::wireName).sorted().collect(Collectors.joining(","));
  }

  private static Set<Role> roles(String names) {
    return Arrays.stream(names.split(","))
        .map(name -> Role.fromWireName(name).orElseThrow(() -> new IllegalStateException("unknown role in staff_accounts: " + name)))
        .collect(Collectors.toUnmodifiableSet());
  }

  private static Optional<Instant> optionalInstant(ResultSet rows, String column) throws SQLException {
    return Optional.ofNullable(rows.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
  }
}
