package io.parley.core.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HandoffTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  @Test
  void aRequestWaitsThenAnAgentTakesItAndTheTriggerIsKept() {
    Handoff waiting = Handoff.bot().requested(HandoffTrigger.CUSTOMER_ASKED, T0);
    assertEquals(HandoffStatus.WAITING_FOR_AGENT, waiting.status());
    assertFalse(waiting.botAnswers());
    assertEquals(Optional.of("take the conversation over first"), waiting.refusalToAct("dana"));

    Handoff held = waiting.takenBy("dana", "Dana", T0.plusSeconds(30));
    assertTrue(held.heldBy("dana"));
    assertEquals(Optional.of(HandoffTrigger.CUSTOMER_ASKED), held.trigger());
    assertEquals(Optional.empty(), held.refusalToAct("dana"));
    assertEquals(Optional.of("Dana already has this conversation"), held.refusalToTake("lee"));
    assertEquals(Optional.of("Dana already has this conversation"), held.refusalToAct("lee"));
  }

  @Test
  void aSecondRequestChangesNothingAndAnAgentMayPickUpUnasked() {
    Handoff waiting = Handoff.bot().requested(HandoffTrigger.CUSTOMER_ASKED, T0);
    assertEquals(waiting, waiting.requested(HandoffTrigger.ESCALATION, T0.plusSeconds(5)));

    Handoff picked = Handoff.bot().takenBy("lee", "Lee", T0);
    assertEquals(Optional.of(HandoffTrigger.AGENT_PICKED_UP), picked.trigger());
    assertEquals(picked, picked.requested(HandoffTrigger.CUSTOMER_ASKED, T0));
    assertTrue(Handoff.bot().botAnswers());
  }

  @Test
  void theMessageThatAskedForAPersonIsTheCustomersStoredWithTheRequest() {
    Handoff asked = Handoff.bot().requested(HandoffTrigger.CUSTOMER_ASKED, T0);
    assertTrue(asked.askedByMessageAt(T0));
    assertFalse(asked.askedByMessageAt(T0.plusSeconds(3)), "a message written while waiting");
    assertFalse(Handoff.bot().requested(HandoffTrigger.NEGATIVE_SENTIMENT, T0).askedByMessageAt(T0),
        "a tenant rule's message is a question still to answer");
  }
}
