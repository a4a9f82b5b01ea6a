package io.parley.core.call;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A number callers dial to reach a tenant, as a trunk puts it in the request URI: E.164 with its
 * {@code +} ({@code +4930123456}), or the digits a PBX sends (an extension, a national number).
 * Spaces, dashes, dots and brackets are only how people write it: {@code +49 (30) 123-456} and
 * {@code +4930123456} are one number, compared by {@link #normalized}.
 */
public final class DialledNumber {
  public static final int MIN_DIGITS = 3;
  public static final int MAX_DIGITS = 15;
  /** What a valid number looks like, for error messages. */
  public static final String EXPECTED = "a dialled number of " + MIN_DIGITS + " to " + MAX_DIGITS
      + " digits, E.164 with its + where the trunk sends one, e.g. +4930123456";
  private static final Pattern WRITTEN = Pattern.compile("\\+?[0-9 ().-]+");
  private static final Pattern LAYOUT = Pattern.compile("[ ().-]");

  private DialledNumber() {}

  /** The number as the bridge compares it: its digits, and a leading {@code +} if written. */
  public static String normalized(String number) {
    return number.strip().replaceAll("[^0-9+]", "");
  }

  /** {@code written} as a valid number in its normalized form; empty when it is not one. */
  public static Optional<String> parse(String written) {
    String stripped = written == null ? "" : written.strip();
    if (!WRITTEN.matcher(stripped).matches()) return Optional.empty();
    String number = LAYOUT.matcher(stripped).replaceAll("");
    int digits = number.startsWith("+") ? number.length() - 1 : number.length();
    return digits >= MIN_DIGITS && digits <= MAX_DIGITS ? Optional.of(number) : Optional.empty();
  }
}
