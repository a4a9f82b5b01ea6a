package io.parley.core.identity.staff;

import io.parley.core.identity.AccessPolicy;
import io.parley.core.identity.Caller;
import io.parley.core.identity.Role;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The single-use links that make and mend staff accounts: the node's first-run setup link (while
 * no account is an operator), an admin's invitation to the tenant's staff, an admin's reset of
 * one account's password, and an operator's recovery, asked for on the node's shell. Each is a
 * random secret of which only the SHA-256 is stored, works once, and expires. Following one sets
 * the account's password. A reset keeps the roles of whoever made it and is refused when followed
 * if they do not reach the account's ({@link AccessPolicy#mayManageAccount}). Blocks.
 */
public final class StaffLinks {
  /** What following a link came to: the account it made or mended, or why it was refused. */
  public sealed interface Outcome {
    record Done(StaffAccount account) implements Outcome {}

    /** @param badInput the link could be used, but what came with it will not do (a short password, an email) */
    record Refused(String reason, boolean badInput) implements Outcome {}
  }

  public static final int MIN_PASSWORD = 12;
  static final int MAX_PASSWORD = 256;
  private static final Pattern EMAIL = Pattern.compile("[^\\s@]{1,64}@[^\\s@]{1,189}");
  private static final String NODE = "node";

  private final StaffAccountStore store;
  private final Duration setupFor;
  private final Duration invitationFor;
  private final PasswordCost cost;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public StaffLinks(StaffAccountStore store, Duration setupFor, Duration invitationFor, PasswordCost cost,
      Clock clock) {
    this.store = store;
    this.setupFor = setupFor;
    this.invitationFor = invitationFor;
    this.cost = cost;
    this.clock = clock;
  }

  /** A new setup link while no account is an operator (a fresh node); empty once one is. */
  public Optional<LinkSecret> setupLinkIfNeeded() {
    if (store.anyOperator()) return Optional.empty();
    return Optional.of(add(StaffLink.Kind.SETUP, Optional.empty(), Optional.empty(), Set.of(), Optional.empty(), NODE,
        setupFor));
  }

  /** Whether the node still waits for its first-run setup. */
  public boolean setupPending() {
    return !store.anyOperator();
  }

  /**
   * An invitation of {@code email} to {@code by}'s tenant with {@code roles} (already ones {@code by}
   * may grant).
   *
   * @throws IllegalArgumentException when the email is not one, or has an account already
   */
  public LinkSecret invite(Caller by, String email, Set<Role> roles) {
    String normal = requireEmail(email);
    if (store.findByEmail(normal).isPresent()) throw new IllegalArgumentException(new StaffAccountStore.EmailTaken(normal).getMessage());
    return add(StaffLink.Kind.INVITATION, Optional.of(by.tenant()), Optional.of(normal), roles, Optional.empty(), by.actor(),
        invitationFor);
  }

  /** A link that sets a new password for {@code account}, made by an admin of its tenant. */
  public LinkSecret reset(Caller by, StaffAccount account) {
    return add(StaffLink.Kind.RESET, Optional.of(account.tenant()), Optional.of(account.email()), by.roles(),
        Optional.of(account.id()), by.actor(), invitationFor);
  }

  /**
   * A reset link for the operator account {@code operator}, asked for by {@code by} (who has the
   * node's shell, and so its database: they reach every role of the account).
   *
   * @throws IllegalArgumentException when the account is no operator's: an admin of its tenant resets it
   */
  public LinkSecret recover(StaffAccount operator, String by) {
    if (!operator.roles().contains(Role.OPERATOR)) {
      throw new IllegalArgumentException(operator.email() + " is no operator account: an admin of its organisation ("
          + operator.tenant() + ") resets its password in the admin console");
    }
    return add(StaffLink.Kind.RESET, Optional.of(operator.tenant()), Optional.of(operator.email()), operator.roles(),
        Optional.of(operator.id()), by, invitationFor);
  }

  /**
   * A pending invitation, as an admin sees it: named by an id of its own (a hash of the stored hash,
   * so neither the secret nor its lookup key leaves the node), never by its link.
   */
  public record Invitation(String id, String email, Set<Role> roles, String createdBy, Instant createdAt, Instant expiresAt) {
    public Invitation {
      roles = Set.copyOf(roles);
    }
  }

  /** The tenant's invitations not yet followed and not expired, oldest first. */
  public List<Invitation> pendingInvitations(String tenant) {
    return stored(tenant).map(Map.Entry::getValue).toList();
  }

  /**
   * Withdraws the tenant's pending invitation {@code id}: its link no longer works. Empty: the tenant
   * has no such invitation pending (or it was followed a moment ago).
   */
  public Optional<Invitation> revoke(String tenant, String id) {
    return stored(tenant).filter(entry -> entry.getValue().id().equals(id)).findFirst()
        .filter(entry -> store.removeUnusedLink(entry.getKey())).map(Map.Entry::getValue);
  }

  private Stream<Map.Entry<String, Invitation>> stored(String tenant) {
    return store.pendingInvitations(tenant, clock.instant()).stream().map(stored -> Map.entry(stored.sha256(),
        new Invitation(LinkSecret.sha256Of("invitation:" + stored.sha256()).substring(0, 32), stored.link().email().orElseThrow(),
            stored.link().roles(), stored.link().createdBy(), stored.link().createdAt(), stored.link().expiresAt())));
  }

  /** The link whose secret is {@code secret}, used or not. */
  public Optional<StaffLink> find(String secret) {
    return store.findLink(LinkSecret.sha256Of(secret));
  }

  /** Why {@code secret} is no link that can be followed now; empty: it can. */
  public Optional<String> unusable(Optional<StaffLink> link, StaffLink.Kind kind) {
    return link.filter(found -> found.kind() == kind)
        .map(found -> found.unusableAt(clock.instant()))
        .orElse(Optional.of("this link is not a " + kind.wireName() + " link of this node: check that it was copied whole"));
  }

  /** Follows the setup link: the first operator, also an admin of {@code tenant} (which must exist by now). */
  public Outcome completeSetup(String secret, String email, String password, String tenant) {
    return create(secret, StaffLink.Kind.SETUP, email, password, tenant, Set.of(Role.OPERATOR, Role.ADMIN));
  }

  /** Follows an invitation ({@code password}: the new account's) or a reset (the account's new password). */
  public Outcome accept(String secret, String password) {
    Optional<StaffLink> link = find(secret);
    if (link.isPresent() && link.get().kind() == StaffLink.Kind.INVITATION) {
      return create(secret, StaffLink.Kind.INVITATION, link.get().email().orElseThrow(), password,
          link.get().tenant().orElseThrow(), link.get().roles());
    }
    Optional<String> refusal = link.isEmpty() || link.get().kind() != StaffLink.Kind.RESET
        ? Optional.of("this link is no invitation or password reset link of this node: check that it was copied whole")
        : unusable(link, StaffLink.Kind.RESET).or(() -> beyondItsMaker(link.get())).or(() -> weakPassword(password));
    if (refusal.isPresent()) return new Outcome.Refused(refusal.get(), weakPassword(password).equals(refusal));
    return store.resetFromLink(LinkSecret.sha256Of(secret), clock.instant(), PasswordHash.of(password, random, cost))
        .<Outcome>map(Outcome.Done::new)
        .orElseGet(() -> new Outcome.Refused("this link was used or withdrawn a moment ago: ask for a new one", false));
  }

  /** Why whoever made the reset {@code link} may not reset its account; empty: they may (or the account is gone). */
  private Optional<String> beyondItsMaker(StaffLink link) {
    return link.email().flatMap(store::findByEmail).map(StaffAccountStore.Credentials::account)
        .filter(account -> link.accountId().equals(Optional.of(account.id())))
        .filter(account -> !AccessPolicy.mayManageAccount(link.roles(), account.roles()))
        .map(account -> "this link was made by someone who may not reset this account: an operator's password is reset "
            + "by another operator, or with a recovery link asked for on the node (operator-recovery)");
  }

  private Outcome create(String secret, StaffLink.Kind kind, String email, String password, String tenant, Set<Role> roles) {
    Optional<String> refusal = unusable(find(secret), kind);
    if (refusal.isPresent()) return new Outcome.Refused(refusal.get(), false);
    Optional<String> weak = weakPassword(password);
    if (weak.isPresent()) return new Outcome.Refused(weak.get(), true);
    String normal;
    try {
      normal = requireEmail(email);
    } catch (IllegalArgumentException e) {
      return new Outcome.Refused(e.getMessage(), true);
    }
    StaffAccount account = new StaffAccount("staff_" + UUID.randomUUID(), tenant, normal, roles, clock.instant());
    try {
      return store.createFromLink(LinkSecret.sha256Of(secret), kind, clock.instant(), account, PasswordHash.of(password, random, cost))
          .<Outcome>map(Outcome.Done::new)
          .orElseGet(() -> new Outcome.Refused("this link was used a moment ago: each link works once", false));
    } catch (StaffAccountStore.EmailTaken e) {
      return new Outcome.Refused(e.getMessage() + ": sign in with it, or use another email", true);
    }
  }

  /** Why {@code password} will not do; empty: it will. */
  public static Optional<String> weakPassword(String password) {
    if (password.length() < MIN_PASSWORD) {
      return Optional.of("the password is too short: use at least " + MIN_PASSWORD + " characters (a few words make a good one)");
    }
    if (password.length() > MAX_PASSWORD) return Optional.of("the password is too long: use at most " + MAX_PASSWORD + " characters");
    return Optional.empty();
  }

  /** The email in its normal form; throws {@link IllegalArgumentException} when it is not one. */
  public static String requireEmail(String email) {
    String normal = StaffSignIn.normalEmail(email);
    if (!EMAIL.matcher(normal).matches()) {
      throw new IllegalArgumentException("'" + email + "' is not an email address such as ada@acme.example");
    }
    return normal;
  }

  private LinkSecret add(StaffLink.Kind kind, Optional<String> tenant, Optional<String> email, Set<Role> roles,
      Optional<String> accountId, String by, Duration validFor) {
    LinkSecret secret = LinkSecret.random(random);
    Instant now = clock.instant();
    store.addLink(new StaffLink(kind, tenant, email, roles, accountId, by, now, now.plus(validFor), Optional.empty()),
        secret.sha256());
    return secret;
  }

  public Duration invitationFor() {
    return invitationFor;
  }
}
