package io.parley.core.handoff;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.parley.core.WireName;

/** Why a conversation went to a person; counted per trigger, since each needs a different fix. */
public enum HandoffTrigger implements WireName.InJson {
  /** The customer asked for a person (in words, or {@code 0} on the phone). */
  CUSTOMER_ASKED,
  /** The escalation workflow, or a server on the tenant's side, asked for one. */
  ESCALATION,
  /** An agent picked the conversation up before anyone asked. */
  AGENT_PICKED_UP,
  /** A tenant rule: the customer's words turned negative. */
  NEGATIVE_SENTIMENT,
  /** A tenant rule: the customer asked the same question again after the bot's answers. */
  REPEATED_QUESTION,
  /** A tenant rule: a tool the bot called failed for good. */
  TOOL_FAILED;

  @JsonCreator
  public static HandoffTrigger fromWireName(String wireName) {
    return WireName.of(values(), "trigger", wireName);
  }
}
