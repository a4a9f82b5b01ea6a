package io.parley.core.session;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * How the customer reaches the session: typing on the web page, speaking in the browser, or a phone
 * call. An {@code evaluation} session has no customer: the node runs it to test the bot with a
 * scripted or simulated one (docs/evaluations.md), and it is never archived as a conversation.
 */
public enum Channel {
  CHAT,
  VOICE,
  PHONE,
  EVALUATION;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The channel named {@code wireName}; refused with the names that are allowed. */
  @JsonCreator
  public static Channel fromWireName(String wireName) {
    return Arrays.stream(values()).filter(c -> c.wireName().equals(wireName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "channel must be one of " + Arrays.stream(values()).map(Channel::wireName).toList() + ", got " + wireName));
  }
}
