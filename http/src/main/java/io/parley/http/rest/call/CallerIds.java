package io.parley.http.rest.call;

import java.util.regex.Pattern;

/** A caller id shown to the callee: a number, or a SIP user name. */
final class CallerIds {
  static final String EXPECTED = "a number (+ and digits) or a SIP user name, 1-32 letters, digits, '+', '.', '_' or '-'";
  private static final Pattern CALLER_ID = Pattern.compile("[A-Za-z0-9+._-]{1,32}");

  private CallerIds() {}

  /** @throws IllegalArgumentException naming {@code field} */
  static String checked(String field, String callerId) {
    String compact = callerId.replaceAll("[\\s()]", "");
    if (!CALLER_ID.matcher(compact).matches()) throw new IllegalArgumentException(field + " must be " + EXPECTED);
    return compact;
  }
}
