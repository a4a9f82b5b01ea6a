package io.parley.persistence.campaigns;

import io.parley.core.call.PhoneUsers;
import io.parley.core.campaign.DialledNumbers;
import io.parley.core.erasure.TenantSecrets;

/**
 * The keys a number is stored and matched by in {@code campaign_lead} and {@code do_not_call}: its
 * plain tenant-scoped hashes ({@link DialledNumbers#key}, the plain hash the callee's user id is keyed
 * from) keyed for the tenant ({@link TenantSecrets#fingerprint}), so they cannot be found again by
 * hashing every number; the callee's key is the HMAC their user id carries ({@link PhoneUsers}). A row
 * written before keying holds the plain hash, which {@link #keyed} turns into the keyed one without
 * the number.
 */
final class NumberKeys {
  private NumberKeys() {}

  /** The key {@code number} is matched against the do-not-call list by. */
  static String number(TenantSecrets secrets, String tenant, String number) {
    return keyed(secrets, tenant, DialledNumbers.key(tenant, number));
  }

  /** The key the callee of {@code number} is erased by: the HMAC their phone user id carries. */
  static String user(TenantSecrets secrets, String tenant, String number) {
    return keyed(secrets, tenant, DialledNumbers.plainUserId(tenant, number));
  }

  /** The key the leads of user {@code userId} are erased by: a phone user id's HMAC, or a plain one's keyed. */
  static String ofUser(TenantSecrets secrets, String tenant, String userId) {
    return PhoneUsers.fingerprint(userId).orElseGet(() -> keyed(secrets, tenant, userId));
  }

  /** A plain hash (a number's key, a phone user's id) keyed for {@code tenant}. */
  static String keyed(TenantSecrets secrets, String tenant, String plain) {
    return secrets.fingerprint(tenant, plain);
  }
}
