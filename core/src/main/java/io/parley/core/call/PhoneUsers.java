package io.parley.core.call;

import io.parley.core.erasure.TenantSecrets;
import io.parley.core.identity.Sha256;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The user id of a phone session's other party: their number keyed for the tenant, so a caller is
 * remembered across calls, and erased ({@code DELETE /v1/users/{userId}}), without their number in
 * any key. One definition for the bridge's calls, inbound and outbound, and a campaign's leads.
 *
 * <p>The id is {@code phone-} and the HMAC ({@link TenantSecrets#fingerprint}, under a key of the
 * tenant's own, the same on every node) of the number's plain tenant-scoped hash, which is what
 * earlier versions used as the id itself. A plain hash of a phone number can be found again by
 * hashing every number; the keyed one cannot without the tenant's key. Because the keyed id is
 * computed from the plain one, ids stored before are keyed without the numbers
 * (docs/security.md#phone-user-ids), and a campaign lead's keyed user key is the id's own HMAC.
 */
public final class PhoneUsers {
  private static final String PREFIX = "phone-";
  private static final Pattern PLAIN = Pattern.compile("phone-[0-9a-f]{24}");

  private PhoneUsers() {}

  /** The user id of the party whose number (or SIP user) is {@code digits}, in {@code tenant}. */
  public static String userId(TenantSecrets secrets, String tenant, String digits) {
    return keyed(secrets, tenant, plainUserId(tenant, digits));
  }

  /** The keyed user id of a plain one, as an earlier version stored it. */
  public static String keyed(TenantSecrets secrets, String tenant, String plainUserId) {
    return PREFIX + secrets.fingerprint(tenant, plainUserId);
  }

  /** The plain tenant-scoped hash of {@code digits}: what is keyed, and the user id of earlier versions. */
  public static String plainUserId(String tenant, String digits) {
    return PREFIX + HexFormat.of().formatHex(Sha256.of(tenant + ":" + digits)).substring(0, 24);
  }

  /** Whether {@code userId} is a plain phone user id, as an earlier version stored it. */
  public static boolean plain(String userId) {
    return PLAIN.matcher(userId).matches();
  }

  /** The HMAC a keyed phone user id carries (a campaign lead's user key); empty for any other id. */
  public static Optional<String> fingerprint(String userId) {
    return userId.startsWith(PREFIX) && !plain(userId) ? Optional.of(userId.substring(PREFIX.length()))
        : Optional.empty();
  }
}
