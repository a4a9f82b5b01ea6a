package io.parley.core.campaign;

import io.parley.core.call.PhoneUsers;
import io.parley.core.identity.Sha256;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number as the do-not-call list keeps it: its digits hashed for the tenant, so the list answers
 * "is this number on it?" without holding the numbers themselves; and masked for people to read.
 */
public final class DialledNumbers {
  private static final Pattern SIP_USER = Pattern.compile("sip:([^@]+)@.*");

  private DialledNumbers() {}

  /**
   * The plain hash the user id of the callee of {@code number} is keyed from once a call reaches
   * them ({@link PhoneUsers}): the number as the placed call carries it (without spaces, brackets
   * and dashes; a SIP URI's user), so erasing that user finds the leads that name them, answered or not.
   */
  public static String plainUserId(String tenant, String number) {
    Matcher uri = SIP_USER.matcher(number.strip());
    return PhoneUsers.plainUserId(tenant, uri.matches() ? uri.group(1) : number.replaceAll("[\\s()-]", ""));
  }

  /** The tenant's key of {@code number} (an E.164 number or a SIP URI): the same however it was written. */
  public static String key(String tenant, String number) {
    return HexFormat.of().formatHex(Sha256.of(tenant + ":dnc:" + canonical(number)));
  }

  /** All but the last four characters masked, as call rows keep a callee. */
  public static String masked(String number) {
    String canonical = canonical(number);
    String sign = canonical.startsWith("+") ? "+" : "";
    String rest = canonical.substring(sign.length());
    int shown = Math.min(4, rest.length());
    return sign + "*".repeat(rest.length() - shown) + rest.substring(rest.length() - shown);
  }

  /** A number's digits with its leading {@code +}; a SIP URI as written, lower-cased. */
  static String canonical(String number) {
    String trimmed = number.strip();
    if (trimmed.regionMatches(true, 0, "sip:", 0, 4)) return trimmed.toLowerCase(Locale.ROOT);
    String digits = trimmed.replaceAll("[^0-9]", "");
    return trimmed.startsWith("+") ? "+" + digits : digits;
  }
}
