package io.parley.core.call;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a phone call is transferred to (a blind transfer, SIP REFER): a {@code sip:} or
 * {@code sips:} URI naming a user at a host, such as {@code sip:support-queue@pbx.example.com} or
 * {@code sip:+4930123456@trunk.example.net:5060}. Checked when configured, so a typo is an error
 * at the admin's desk, not a failed transfer in a customer's ear.
 */
public record TransferTarget(String uri) {
  public static final int MAX_LENGTH = 256;
  private static final Pattern SIP_URI = Pattern.compile(
      "sips?:[A-Za-z0-9+_.!~*'()&=$,;?/%-]{1,64}@[A-Za-z0-9.-]{1,200}(?::[0-9]{1,5})?(?:;[A-Za-z0-9=._-]{1,64})*");
  private static final Pattern DIGIT_RUN = Pattern.compile("[0-9]{3,}");

  public TransferTarget {
    if (!isValid(uri)) throw new IllegalArgumentException(EXPECTED + ", got '" + uri + "'");
  }

  /** What a valid target looks like, for error messages. */
  public static final String EXPECTED = "a SIP URI of a user at a host, e.g. sip:support@pbx.example.com";

  /**
   * The tenant's phone transfer target that names no SIP URI but the agents online in the agent
   * console: a warm transfer rings their console phones; a blind one cannot reach a browser, so the
   * call joins the agent queue as if no target were set.
   */
  public static final String CONSOLE = "console";

  /** Whether {@code target} names the agents online in the agent console ({@link #CONSOLE}). */
  public static boolean isConsole(String target) {
    return CONSOLE.equals(target);
  }

  public static boolean isValid(String uri) {
    return uri != null && uri.length() <= MAX_LENGTH && SIP_URI.matcher(uri).matches();
  }

  public static Optional<TransferTarget> parse(String uri) {
    return isValid(uri) ? Optional.of(new TransferTarget(uri)) : Optional.empty();
  }

  /** For logs: the user part's digits masked, since it is often someone's phone number. */
  public String masked() {
    return DIGIT_RUN.matcher(uri).replaceAll(run -> "*".repeat(run.group().length()));
  }
}
