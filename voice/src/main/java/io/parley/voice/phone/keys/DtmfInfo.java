package io.parley.voice.phone.keys;

import io.parley.voice.media.TelephoneEvents;
import java.util.Locale;
import java.util.Optional;

/**
 * The key of a SIP INFO in a call: {@code application/dtmf-relay} ({@code Signal=5} and
 * {@code Duration=160} lines, as Cisco and most PBXs send it) or {@code application/dtmf} (the key
 * alone). Signal may also be the event's number (10 for *, 11 for #, as RFC 4733 numbers them).
 */
public final class DtmfInfo {
  /** Largest body read: real ones are a few dozen bytes. */
  static final int MAX_LENGTH = 1024;

  private DtmfInfo() {}

  /** Whether an INFO of {@code type}/{@code subtype} carries a key this class reads. */
  public static boolean carriesKeys(String type, String subtype) {
    String lower = (type + "/" + subtype).toLowerCase(Locale.ROOT);
    return lower.equals("application/dtmf-relay") || lower.equals("application/dtmf");
  }

  /** The key {@code body} of {@code subtype} ({@code dtmf-relay} or {@code dtmf}) names; empty when it names none. */
  public static Optional<Character> key(String subtype, String body) {
    if (body.length() > MAX_LENGTH) return Optional.empty();
    if (subtype.equalsIgnoreCase("dtmf")) return key(body.strip());
    for (String line : body.split("\r?\n")) {
      int equals = line.indexOf('=');
      if (equals > 0 && line.substring(0, equals).strip().equalsIgnoreCase("signal")) {
        return key(line.substring(equals + 1).strip());
      }
    }
    return Optional.empty();
  }

  private static Optional<Character> key(String signal) {
    if (signal.length() == 1) {
      char key = Character.toUpperCase(signal.charAt(0));
      return TelephoneEvents.KEYS.indexOf(key) >= 0 ? Optional.of(key) : Optional.empty();
    }
    if (signal.equals("10") || signal.equals("11")) return Optional.of(TelephoneEvents.KEYS.charAt(Integer.parseInt(signal)));
    return Optional.empty();
  }
}
