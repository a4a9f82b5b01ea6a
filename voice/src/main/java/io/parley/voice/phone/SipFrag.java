package io.parley.voice.phone;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The status line of a {@code message/sipfrag} body (RFC 3420), as a NOTIFY about a REFER carries
 * it (RFC 3515): {@code SIP/2.0 200 OK} says the transferred call was answered.
 */
final class SipFrag {
  private static final Pattern STATUS_LINE = Pattern.compile("^\\s*SIP/2\\.0\\s+([1-6][0-9]{2})(?:\\s[^\\r\\n]*)?(?:\\r?\\n|$)");

  private SipFrag() {}

  /** The status code of the fragment's first line; empty when it is no SIP status line. */
  static OptionalInt status(String body) {
    if (body == null) return OptionalInt.empty();
    Matcher matcher = STATUS_LINE.matcher(body);
    return matcher.find() ? OptionalInt.of(Integer.parseInt(matcher.group(1))) : OptionalInt.empty();
  }

  /** The first line, for a record of why a transfer failed (at most 100 characters). */
  static String statusLine(String body) {
    String first = body == null ? "" : body.strip().lines().findFirst().orElse("");
    return first.length() > 100 ? first.substring(0, 100) : first;
  }
}
