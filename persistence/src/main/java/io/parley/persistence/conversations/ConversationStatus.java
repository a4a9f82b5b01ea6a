package io.parley.persistence.conversations;

import io.parley.core.WireName;

/** Where a conversation stands: with the bot, waiting for a person, with one, or over. */
public enum ConversationStatus implements WireName {
  OPEN,
  WAITING,
  WITH_AGENT,
  CLOSED;

  /** The status named {@code wireName}; refused with the names that are allowed. */
  public static ConversationStatus fromWireName(String wireName) {
    return WireName.of(values(), "status", wireName);
  }
}
