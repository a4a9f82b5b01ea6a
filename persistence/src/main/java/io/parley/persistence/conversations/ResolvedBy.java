package io.parley.persistence.conversations;

import java.util.Arrays;
import java.util.Locale;

/**
 * Who ended a closed conversation's need (docs/analytics.md): an agent, when one took it over;
 * the customer gave up ({@code abandoned}), when it closed with no message from them, while they
 * waited for a person, or with their last message unanswered; the bot otherwise.
 */
public enum ResolvedBy {
  BOT,
  AGENT,
  ABANDONED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ResolvedBy fromWireName(String wireName) {
    return Arrays.stream(values()).filter(r -> r.wireName().equals(wireName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("resolvedBy must be one of "
            + Arrays.stream(values()).map(ResolvedBy::wireName).toList() + ", got '" + wireName + "'"));
  }
}
