package io.parley.voice.phone.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The far end's final response to a placed call's INVITE, as the outcome the API and the webhook name. */
class OutboundOutcomeTest {
  @Test
  void eachFinalResponseHasItsOutcome() {
    assertEquals(OutboundOutcome.ANSWERED, OutboundOutcome.ofStatus(200));
    assertEquals(OutboundOutcome.BUSY, OutboundOutcome.ofStatus(486));
    assertEquals(OutboundOutcome.BUSY, OutboundOutcome.ofStatus(600));
    assertEquals(OutboundOutcome.NO_ANSWER, OutboundOutcome.ofStatus(408));
    assertEquals(OutboundOutcome.NO_ANSWER, OutboundOutcome.ofStatus(480));
    assertEquals(OutboundOutcome.DECLINED, OutboundOutcome.ofStatus(603));
    assertEquals(OutboundOutcome.FAILED, OutboundOutcome.ofStatus(404));
    assertEquals(OutboundOutcome.FAILED, OutboundOutcome.ofStatus(503));
  }

  @Test
  void wireNamesReadBack() {
    for (OutboundOutcome outcome : OutboundOutcome.values()) {
      assertEquals(Optional.of(outcome), OutboundOutcome.ofWireName(outcome.wireName()));
    }
    assertEquals("no_answer", OutboundOutcome.NO_ANSWER.wireName());
    assertEquals(Optional.empty(), OutboundOutcome.ofWireName("maybe"));
  }
}
