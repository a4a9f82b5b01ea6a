package io.parley.core.gaps;

import io.parley.core.WireName;
import java.util.Locale;

/** Why a customer's question counts as one the bot could not answer (docs/analytics.md#knowledge-gaps). */
public enum GapReason implements WireName.InJson {
  /** The bot searched the knowledge base for it and found no article. */
  NO_ARTICLE,
  /** No model answered and the offline responder had no rule nor article for it: it said it could not answer. */
  CANNOT_ANSWER,
  /** The customer asked it again after the bot's answers, and a rule handed the conversation to a person. */
  HANDOFF,
  /** The model answered that it did not know (the language pack's {@code gaps.unknown} phrases). */
  DID_NOT_KNOW,
  /** The judge scored the conversation it opened 2 or less. */
  BAD_SCORE;

  public static GapReason fromWireName(String wireName) {
    return valueOf(wireName.toUpperCase(Locale.ROOT));
  }
}
