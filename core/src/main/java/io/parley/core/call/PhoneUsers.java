package io.parley.core.call;

import io.parley.core.identity.Sha256;
import java.util.HexFormat;

/**
 * The user id of a phone session's other party: their number hashed for the tenant, so a caller is
 * remembered across calls, and erased ({@code DELETE /v1/users/{userId}}), without their number in
 * any key. One definition for the bridge's calls, inbound and outbound, and a campaign's leads.
 */
public final class PhoneUsers {
  private PhoneUsers() {}

  /** The user id of the party whose number (or SIP user) is {@code digits}, in {@code tenant}. */
  public static String userId(String tenant, String digits) {
    return "phone-" + HexFormat.of().formatHex(Sha256.of(tenant + ":" + digits)).substring(0, 24);
  }
}
