package io.parley.core.handoff;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.parley.core.WireName;

/** Who answers the customer: the bot, nobody yet (a person was asked for), or a named agent. */
public enum HandoffStatus implements WireName.InJson {
  BOT,
  WAITING_FOR_AGENT,
  AGENT;

  @JsonCreator
  public static HandoffStatus fromWireName(String wireName) {
    return WireName.of(values(), "handoff status", wireName);
  }
}
