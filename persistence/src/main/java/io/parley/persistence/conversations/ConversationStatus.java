package io.parley.persistence.conversations;

import java.util.Arrays;
import java.util.Locale;

/** Where a conversation stands: with the bot, waiting for a person, with one, or over. */
public enum ConversationStatus {
  OPEN,
  WAITING,
  WITH_AGENT,
  CLOSED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status named {@code wireName}; refused with the names that are allowed. */
  public static ConversationStatus fromWireName(String wireName) {
    return Arrays.stream(values()).filter(s -> s.wireName().equals(wireName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("status must be one of "
            + Arrays.stream(values()).map(ConversationStatus::wireName).toList() + ", got '" + wireName + "'"));
  }
}
