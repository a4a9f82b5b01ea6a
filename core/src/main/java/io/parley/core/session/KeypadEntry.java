package io.parley.core.session;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A caller's keys (DTMF) as the customer's message in the transcript writes them: {@code ⌨ 4711},
 * personal data that redaction finds wherever the transcript leaves the process (the
 * {@code KEYPAD} kind of {@code PersonalData}), or {@code ⌨ "1"} when the step that took them says
 * they are not (a menu's choice).
 */
public final class KeypadEntry {
  /** The keys of a private entry, right after its mark: what redaction replaces. */
  public static final Pattern PRIVATE_KEYS = Pattern.compile("(?<=^⌨ )[0-9*#A-D]{1,64}$");
  private static final Pattern WRITTEN = Pattern.compile("^⌨ (?:([0-9*#A-D]{1,64})|\"([0-9*#A-D]{1,64})\")$");

  private KeypadEntry() {}

  /** The message of {@code keys}, redacted as personal data when {@code personal}. */
  public static String written(String keys, boolean personal) {
    return personal ? "⌨ " + keys : "⌨ \"" + keys + "\"";
  }

  /** The keys {@code text} holds, when it is a keypad entry's message. */
  public static Optional<String> keysOf(String text) {
    Matcher written = WRITTEN.matcher(text);
    if (!written.matches()) return Optional.empty();
    return Optional.of(written.group(1) != null ? written.group(1) : written.group(2));
  }
}
