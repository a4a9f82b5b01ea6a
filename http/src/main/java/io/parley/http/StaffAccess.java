package io.parley.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.parley.core.identity.StaffSessions;
import io.parley.core.identity.TenantDirectory;
import io.parley.core.identity.TenantStore;
import io.parley.core.identity.staff.PasswordCost;
import io.parley.core.identity.staff.SignInThrottle;
import io.parley.core.identity.staff.StaffAccount;
import io.parley.core.identity.staff.StaffLinks;
import io.parley.core.identity.staff.StaffSignIn;
import io.parley.core.limits.SourceRate;
import io.parley.core.time.ReadableDuration;
import io.parley.http.auth.Callers;
import io.parley.http.cluster.TenantSync;
import io.parley.http.rest.SiteRoutes;
import io.parley.http.rest.staff.PasswordSignInRoutes;
import io.parley.http.rest.staff.StaffRoutes;
import io.parley.persistence.desk.JdbcAgentProfiles;
import io.parley.persistence.staff.JdbcStaffAccounts;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.function.IntSupplier;
import javax.sql.DataSource;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Staff accounts on a node, assembled: the sessions its {@code Authenticator} reads sign-in cookies
 * with, the routes of password sign-in, of the tenant's staff and of its sites, and the first-run
 * setup link, printed in the log by every node that starts while no operator account exists (each
 * node's own link; all are stored in the shared database, so any node takes any of them, and the
 * first one followed retires the others).
 */
final class StaffAccess extends AllDirectives {
  private static final Logger LOG = LoggerFactory.getLogger(StaffAccess.class);

  private final StaffSettings settings;
  private final JdbcStaffAccounts accounts;
  private final StaffSignIn signIn;
  private final StaffLinks links;
  private final Executor blocking;

  private StaffAccess(StaffSettings settings, JdbcStaffAccounts accounts, Executor blocking, IntSupplier nodes, Clock clock) {
    this.settings = settings;
    this.accounts = accounts;
    this.blocking = blocking;
    this.signIn = new StaffSignIn(accounts, new SignInThrottle(settings.freeWrongPasswords(),
        settings.freeWrongPasswordsPerAddress(), settings.longestWait(), nodes), settings.session(),
        settings.passwordCost(), clock);
    this.links = settings.links(accounts, clock);
  }

  /**
   * Reads {@code parley.staff} and, on a node nobody has set up yet, prints a setup link for {@code httpPort};
   * {@code nodes}: the members up, whose share of the sign-in tries this node sees.
   */
  static StaffAccess start(Config config, DataSource database, Executor blocking, IntSupplier nodes, String httpHost,
      int httpPort) {
    StaffAccess staff = new StaffAccess(StaffSettings.create(config), new JdbcStaffAccounts(database), blocking, nodes,
        Clock.systemUTC());
    staff.links.setupLinkIfNeeded().ifPresent(secret -> LOG.warn("First-run setup: nobody can sign in to this node yet. "
        + "Open {}/setup#{} to make the first operator and an admin of an organisation (the link works once, for {}; "
        + "every node that starts before it is followed prints its own)",
        staff.settings.pagesAt(httpHost, httpPort), secret.secret(), ReadableDuration.of(staff.settings.setupLink())));
    PasswordCost cost = staff.settings.passwordCost();
    if (!cost.meetsOwasp()) {
      LOG.warn("Staff passwords are hashed with Argon2id at {} KiB and {} passes (PARLEY_STAFF_PASSWORD_MEMORY_KIB, "
          + "PARLEY_STAFF_PASSWORD_PASSES), below every OWASP recommendation (19 MiB and 2 passes, or one of its "
          + "equivalents): a stolen hash is that much cheaper to guess (docs/security.md)", cost.memoryKib(), cost.passes());
    }
    return staff;
  }

  /** The callers that sign-in cookies prove, for the node's {@code Authenticator}. */
  StaffSessions sessions() {
    return secret -> signIn.account(secret).map(StaffAccount::caller);
  }

  Route route(TenantDirectory tenants, TenantStore tenantStore, TenantSync tenantSync, JdbcAgentProfiles profiles,
      Callers callers, ObjectMapper json) {
    Clock clock = Clock.systemUTC();
    return concat(
        new PasswordSignInRoutes(signIn, links, tenants, tenantStore, tenantSync, callers, json, blocking,
            new SourceRate(settings.attemptsPerMinute()),
            settings.publicUrl().filter(url -> "https".equalsIgnoreCase(url.getScheme())).isPresent(), clock).route(),
        new StaffRoutes(accounts, links, new StaffRoutes.AccountLinks(settings.publicUrl().map(URI::toString)), profiles, callers, json,
            blocking, clock).route(),
        new SiteRoutes(tenants, tenantStore, tenantSync, callers, json, blocking, clock).route());
  }
}
