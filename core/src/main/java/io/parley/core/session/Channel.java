package io.parley.core.session;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.parley.core.WireName;

/**
 * How the customer reaches the session: typing on the web page, speaking in the browser, or a phone
 * call. An {@code evaluation} session has no customer: the node runs it to test the bot with a
 * scripted or simulated one (docs/evaluations.md), and it is never archived as a conversation. An
 * {@code a2a} session is another agent talking to the bot as the customer, over A2A (docs/protocol.md).
 */
public enum Channel implements WireName.InJson {
  CHAT,
  VOICE,
  PHONE,
  EVALUATION,
  A2A;

  /** The channel named {@code wireName}; refused with the names that are allowed. */
  @JsonCreator
  public static Channel fromWireName(String wireName) {
    return WireName.of(values(), "channel", wireName);
  }
}
