package io.parley.persistence.conversations;

import io.parley.core.WireName;

/**
 * Who ended a closed conversation's need (docs/analytics.md): an agent, when one took it over;
 * the customer gave up ({@code abandoned}), when it closed with no message from them, while they
 * waited for a person, or with their last message unanswered; the bot otherwise.
 */
public enum ResolvedBy implements WireName {
  BOT,
  AGENT,
  ABANDONED;

  public static ResolvedBy fromWireName(String wireName) {
    return WireName.of(values(), "resolvedBy", wireName);
  }
}
