package io.parley.http;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.parley.core.audit.AuditEntry;
import io.parley.core.audit.AuditResult;
import io.parley.core.config.InvalidSettingException;
import io.parley.core.identity.staff.LinkSecret;
import io.parley.core.identity.staff.StaffAccount;
import io.parley.core.identity.staff.StaffAccountStore;
import io.parley.core.identity.staff.StaffSignIn;
import io.parley.core.time.ReadableDuration;
import io.parley.http.rest.staff.StaffRoutes;
import io.parley.persistence.Database;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.PersistenceException;
import io.parley.persistence.audit.AuditWrites;
import io.parley.persistence.audit.JdbcAuditLog;
import io.parley.persistence.staff.JdbcStaffAccounts;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code java -jar parley-server.jar operator-recovery <email>}: a new single-use link that sets the
 * password of an operator account, for whoever has the node's shell. No tenant admin can reset an
 * operator's password (that would make them the operator), and there is often no second operator,
 * so this is the way back in: it reads the node's configuration (application.conf and the PARLEY_*
 * variables), opens its database, makes a reset link as an admin's reset does
 * ({@code StaffLinks.recover}), records {@code staff.recovery} in the account's tenant's audit log
 * naming the shell's user ({@code shell:<user>}) and the account, and prints the link. Whoever has
 * the shell has the database and its secrets already: this gives them nothing more. Exit codes: 0
 * printed, 1 refused (no such operator account, or the database could not be opened), 2 bad usage
 * or settings.
 */
final class OperatorRecovery {
  static final String ARGUMENT = "operator-recovery";
  static final String ACTION = "staff.recovery";
  private static final String USAGE = "usage: java -jar parley-server.jar " + ARGUMENT + " <email of the operator account>";

  private OperatorRecovery() {}

  /** {@code arguments}: those after {@link #ARGUMENT}. Prints the link to {@code out}, and why not to {@code err}. */
  static int run(Config config, List<String> arguments, PrintStream out, PrintStream err) {
    if (arguments.size() != 1) {
      err.println("parley: " + USAGE);
      return 2;
    }
    StaffSettings staff;
    NodeSettings node;
    DatabaseSettings databaseSettings;
    try {
      staff = StaffSettings.create(config);
      node = NodeSettings.create(config);
      databaseSettings = DatabaseSettings.create(config);
    } catch (InvalidSettingException | ConfigException e) {
      err.println("parley: invalid configuration: " + e.getMessage());
      return 2;
    }
    try (Database database = Database.open(databaseSettings)) {
      database.migrate();
      JdbcStaffAccounts accounts = new JdbcStaffAccounts(database.dataSource());
      String email = StaffSignIn.normalEmail(arguments.get(0));
      Optional<StaffAccount> account = accounts.findByEmail(email).map(StaffAccountStore.Credentials::account);
      if (account.isEmpty()) {
        err.println("parley: no staff account has the email " + email + " in this node's database");
        return 1;
      }
      String by = "shell:" + System.getProperty("user.name", "unknown");
      Clock clock = Clock.systemUTC();
      LinkSecret secret;
      try {
        secret = staff.links(accounts, clock).recover(account.get(), by);
      } catch (IllegalArgumentException e) {
        err.println("parley: " + e.getMessage());
        return 1;
      }
      if (!recorded(database, new AuditEntry(account.get().tenant(), clock.instant(), by, Set.of(), ACTION, ARGUMENT,
          AuditResult.OK, "-", Optional.empty(), Optional.of(account.get().asTarget())))) {
        err.println("parley: the recovery could not be recorded in the audit log; the link works nonetheless");
      }
      out.println("Operator recovery for " + email + " (organisation " + account.get().tenant() + "): open "
          + StaffRoutes.AccountLinks.at(staff.pagesAt(node.httpHost(), node.httpPort()), secret)
          + " to choose a new password. The link works once, for " + ReadableDuration.of(staff.invitation())
          + "; following it signs the account out everywhere. Recorded as " + ACTION + " in the audit log of "
          + account.get().tenant() + ".");
      return 0;
    } catch (PersistenceException e) {
      err.println("parley: cannot use the node's database: " + e.getMessage() + ". With the embedded database (no "
          + "PARLEY_DB_URL) only one process opens it: stop the node, run this, then start the node again");
      return 1;
    }
  }

  /** Appends {@code entry} and waits until it is written; false when it was lost. */
  private static boolean recorded(Database database, AuditEntry entry) {
    AtomicBoolean lost = new AtomicBoolean();
    AuditWrites writes = new AuditWrites() {
      @Override
      public void written(int entries) {}

      @Override
      public void lost(int entries, Loss why) {
        lost.set(true);
      }
    };
    try (JdbcAuditLog log = new JdbcAuditLog(database.dataSource(), writes, 1)) {
      log.append(entry);
    }
    return !lost.get();
  }
}
