package io.parley.core.handoff;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An email address a customer leaves for replies, checked the way a form checks it: one {@code @},
 * a local part of the characters RFC 5322 allows unquoted, a domain of dot-separated labels with a
 * dot in it, at most 254 characters. No look-up: an address that passes may still not exist; one
 * that fails is certainly mistyped, and the customer is told so.
 */
public final class ContactEmail {
  public static final int MAX_CHARS = 254;
  private static final Pattern FORM = Pattern.compile(
      "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");

  private ContactEmail() {}

  /** The address as it is kept (trimmed, the domain in lower case), or empty when it is not one. */
  public static Optional<String> parse(String raw) {
    if (raw == null) return Optional.empty();
    String address = raw.strip();
    if (address.length() > MAX_CHARS || !FORM.matcher(address).matches()) return Optional.empty();
    if (address.startsWith(".") || address.contains("..") || address.indexOf('@') != address.lastIndexOf('@')
        || address.charAt(address.indexOf('@') - 1) == '.') {
      return Optional.empty();
    }
    int at = address.indexOf('@');
    return Optional.of(address.substring(0, at + 1) + address.substring(at + 1).toLowerCase(Locale.ROOT));
  }

  /** What a refusal of {@code raw} says: the customer reads it next to the field. */
  public static String refusal() {
    return "that is not an email address (expected the form name@example.com)";
  }
}
