package io.parley.core.identity.staff;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Signs staff in with an email and a password, and out again. Only the SHA-256 of a session's
 * secret is stored, so a copy of the database signs nobody in. Guessing is slowed by the
 * {@link SignInThrottle}, per email and client address and per address, never by locking the
 * account: whoever guesses from one address cannot keep the owner out from another. An email no
 * account has gets the same answers as one an account has, in the same time (its password is
 * checked against a decoy hash), so that neither tells which emails have accounts. Blocks.
 */
public final class StaffSignIn {
  /** What a sign-in came to. */
  public sealed interface Outcome {
    /** @param session the cookie's secret, given to the browser once */
    record SignedIn(StaffAccount account, LinkSecret session, Instant expiresAt) implements Outcome {}

    /**
     * @param reason for the person signing in, in plain words
     * @param tenant the account's tenant when one was found, whose audit log records the refusal
     */
    record Refused(String reason, Optional<String> tenant) implements Outcome {}

    /** Too many wrong passwords lately for this email from this address, or from this address: try again after {@code retryAfter}. */
    record Slowed(String reason, Duration retryAfter) implements Outcome {}
  }

  public static final String WRONG_PASSWORD = "wrong email or password";

  private final StaffAccountStore store;
  private final SignInThrottle throttle;
  private final Duration sessionFor;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final PasswordCost cost;
  /**
   * Checked against when no account has the email, so that an unknown email takes as long as a known
   * one: a hash at the cost new passwords get, made at the first such sign-in.
   */
  private volatile String decoy;

  public StaffSignIn(StaffAccountStore store, SignInThrottle throttle, Duration sessionFor, PasswordCost cost,
      Clock clock) {
    this.store = store;
    this.throttle = throttle;
    this.sessionFor = sessionFor;
    this.clock = clock;
    this.cost = cost;
  }

  /** Spends the time of one check, for a sign-in whose email no account has: always false. */
  private boolean checkDecoy(String password) {
    String hash = decoy;
    if (hash == null) {
      hash = PasswordHash.of("a password nobody has", random, cost);
      decoy = hash;
    }
    PasswordHash.matches(password, hash);
    return false;
  }

  /** Emails are compared as typed but for case and surrounding spaces. */
  public static String normalEmail(String email) {
    return email.strip().toLowerCase(Locale.ROOT);
  }

  /**
   * @param address the client's address, which the throttle counts wrong passwords by
   * @param expectedTenant the organisation the page signing in is for, if it names one: an account
   *     of another is refused with a word saying so, rather than signed in somewhere unexpected
   */
  public Outcome signIn(String typedEmail, String password, String address, Optional<String> expectedTenant) {
    String email = normalEmail(typedEmail);
    Optional<SignInThrottle.Wait> wait = throttle.before(email, address, clock.instant());
    if (wait.isPresent()) {
      long seconds = Math.max(1, (wait.get().duration().toMillis() + 999) / 1000);
      return new Outcome.Slowed("too many wrong passwords " + (wait.get().forAddress() ? "from this address"
          : "for this email from this address") + " lately: wait " + seconds + " seconds, then try again",
          wait.get().duration());
    }
    Optional<StaffAccountStore.Credentials> found = store.findByEmail(email);
    boolean right = found.isPresent() ? PasswordHash.matches(password, found.get().passwordHash()) : checkDecoy(password);
    if (!right) {
      throttle.failed(email, address, clock.instant());
      return new Outcome.Refused(WRONG_PASSWORD, found.map(credentials -> credentials.account().tenant()));
    }
    throttle.succeeded(email, address);
    StaffAccount account = found.get().account();
    if (expectedTenant.isPresent() && !expectedTenant.get().equals(account.tenant())) {
      return new Outcome.Refused("this account belongs to the organisation '" + account.tenant() + "', not '"
          + expectedTenant.get() + "' that this page is for: open the console of '" + account.tenant() + "'",
          Optional.of(account.tenant()));
    }
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
