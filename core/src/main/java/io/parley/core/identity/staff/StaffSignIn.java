package io.parley.core.identity.staff;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Signs staff in with an email and a password, and out again. Only the SHA-256 of a session's
 * secret is stored, so a copy of the database signs nobody in. After {@code lockAfter} wrong
 * passwords in a row the account refuses every sign-in, right password or not, for
 * {@code lockFor}; a right password resets the count. A sign-in with an unknown email takes as long
 * as one with a known email, so that timing does not tell which emails have accounts. Blocks.
 */
public final class StaffSignIn {
  /** What a sign-in came to. */
  public sealed interface Outcome {
    /** @param session the cookie's secret, given to the browser once */
    record SignedIn(StaffAccount account, LinkSecret session, Instant expiresAt) implements Outcome {}

    /**
     * @param reason for the person signing in, in plain words
     * @param tenant the account's tenant when one was found, whose audit log records the refusal
     * @param passwordChecked whether a password was judged wrong (it counts toward the address's limit)
     */
    record Refused(String reason, Optional<String> tenant, boolean passwordChecked) implements Outcome {}
  }

  public static final String WRONG_PASSWORD = "wrong email or password";

  private final StaffAccountStore store;
  private final int lockAfter;
  private final Duration lockFor;
  private final Duration sessionFor;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public StaffSignIn(StaffAccountStore store, int lockAfter, Duration lockFor, Duration sessionFor, Clock clock) {
    this.store = store;
    this.lockAfter = lockAfter;
    this.lockFor = lockFor;
    this.sessionFor = sessionFor;
    this.clock = clock;
  }

  /** Emails are compared as typed but for case and surrounding spaces. */
  public static String normalEmail(String email) {
    return email.strip().toLowerCase(Locale.ROOT);
  }

  /**
   * @param expectedTenant the organisation the page signing in is for, if it names one: an account
   *     of another is refused with a word saying so, rather than signed in somewhere unexpected
   */
  public Outcome signIn(String email, String password, Optional<String> expectedTenant) {
    Optional<StaffAccountStore.Credentials> found = store.findByEmail(normalEmail(email));
    if (found.isEmpty()) {
      PasswordHash.checkDecoy(password);
      return new Outcome.Refused(WRONG_PASSWORD, Optional.empty(), true);
    }
    StaffAccount account = found.get().account();
    Instant now = clock.instant();
    Optional<String> tenant = Optional.of(account.tenant());
    if (account.lockedAt(now)) {
      return new Outcome.Refused("this account is locked after " + lockAfter + " wrong passwords in a row, until "
          + account.lockedUntil().get() + "; an admin can reset its password meanwhile", tenant, false);
    }
    if (!PasswordHash.matches(password, found.get().passwordHash())) {
      StaffAccount after = store.recordFailure(account.id(), lockAfter, now.plus(lockFor));
      return new Outcome.Refused(after.lockedAt(now) ? "wrong email or password; that was " + lockAfter
          + " wrong passwords in a row, so the account is locked until " + after.lockedUntil().get() : WRONG_PASSWORD,
          tenant, true);
    }
    if (expectedTenant.isPresent() && !expectedTenant.get().equals(account.tenant())) {
      return new Outcome.Refused("this account belongs to the organisation '" + account.tenant() + "', not '"
          + expectedTenant.get() + "' that this page is for: open the console of '" + account.tenant() + "'", tenant, false);
    }
    store.recordSuccess(account.id());
    return start(account);
  }

  /** Signs {@code account} in at once: after the setup, or after following an invitation or a reset. */
  public Outcome.SignedIn start(StaffAccount account) {
    LinkSecret session = LinkSecret.random(random);
    Instant now = clock.instant();
    Instant expiresAt = now.plus(sessionFor);
    store.startSession(session.sha256(), account.id(), now, expiresAt);
    return new Outcome.SignedIn(account, session, expiresAt);
  }

  /** The account signed in with the session secret {@code secret}, if the session is still valid. */
  public Optional<StaffAccount> account(String secret) {
    return store.sessionAccount(LinkSecret.sha256Of(secret), clock.instant());
  }

  public void signOut(String secret) {
    store.endSession(LinkSecret.sha256Of(secret));
  }

  public Duration sessionFor() {
    return sessionFor;
  }
}
