package io.parley.core.session;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** How the customer reaches the session: typing on the web page, speaking in the browser, or a phone call. */
public enum Channel {
  CHAT,
  VOICE,
  PHONE;

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
