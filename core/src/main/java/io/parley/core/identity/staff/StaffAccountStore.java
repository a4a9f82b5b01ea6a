package io.parley.core.identity.staff;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where staff accounts, their sessions and their single-use links live, shared by every node (the
 * database), so that a sign-out or a used link holds on all of them at once. Every
 * method blocks on I/O: callers run them off the HTTP dispatcher.
 */
public interface StaffAccountStore {
  /** An account and the hash of its password. */
  record Credentials(StaffAccount account, String passwordHash) {
    @Override
    public String toString() {
      return "Credentials[" + account + "]";
    }
  }

  /** Another account has the email already; nothing was stored. */
  final class EmailTaken extends RuntimeException {
    public EmailTaken(String email) {
      super("an account with the email " + email + " exists already");
    }
  }

  /** Whether any account holds the operator role: until one does, the node offers its first-run setup. */
  boolean anyOperator();

  Optional<Credentials> findByEmail(String email);

  /** The tenant's accounts, by email. */
  List<StaffAccount> list(String tenant);

  void startSession(String sha256, String accountId, Instant createdAt, Instant expiresAt);

  /** The account of the session whose secret hashes to {@code sha256}, if it is still valid at {@code now}. */
  Optional<StaffAccount> sessionAccount(String sha256, Instant now);

  void endSession(String sha256);

  void addLink(StaffLink link, String sha256);

  Optional<StaffLink> findLink(String sha256);

  /** A link as stored, with the SHA-256 of its secret, the key it is found and withdrawn by. */
  record StoredLink(String sha256, StaffLink link) {}

  /** The tenant's invitations neither used nor expired at {@code now}, oldest first. */
  List<StoredLink> pendingInvitations(String tenant, Instant now);

  /** Withdraws the link whose secret hashes to {@code sha256} unless it was used; false: none such (used, or gone). */
  boolean removeUnusedLink(String sha256);

  /**
   * Uses the unused, unexpired link of {@code kind} whose secret hashes to {@code linkSha256} and
   * stores {@code account} with {@code passwordHash}, in one transaction; a setup link retires every
   * other setup link with it, so that two people setting up at once cannot both succeed. Empty: the
   * link was not usable (nothing stored).
   *
   * @throws EmailTaken when another account has the email (the link stays unused)
   */
  Optional<StaffAccount> createFromLink(String linkSha256, StaffLink.Kind kind, Instant now, StaffAccount account,
      String passwordHash);

  /**
   * Uses the unused, unexpired reset link whose secret hashes to {@code linkSha256}: the account's
   * password becomes {@code passwordHash} and its sessions end. Empty: the link
   * was not usable, or its account is gone.
   */
  Optional<StaffAccount> resetFromLink(String linkSha256, Instant now, String passwordHash);

  /** Removes the tenant's account {@code id} and ends its sessions; false: no such account in the tenant. */
  boolean remove(String tenant, String id);
}
