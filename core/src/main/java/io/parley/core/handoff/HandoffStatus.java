package io.parley.core.handoff;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** Who answers the customer: the bot, nobody yet (a person was asked for), or a named agent. */
public enum HandoffStatus {
  BOT,
  WAITING_FOR_AGENT,
  AGENT;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static HandoffStatus fromWireName(String wireName) {
    return Arrays.stream(values()).filter(s -> s.wireName().equals(wireName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown handoff status " + wireName));
  }
}
