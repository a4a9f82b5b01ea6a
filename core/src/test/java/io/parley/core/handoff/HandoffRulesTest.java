package io.parley.core.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.lead.LeadEvidence;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HandoffRulesTest {
  private static final LeadEvidence CALM = new LeadEvidence(List.of(), 1, 1);
  private static final LeadEvidence SOUR = new LeadEvidence(List.of(), 0, 2);
  private static final HandoffRules ALL = new HandoffRules(true, 2, true);

  @Test
  void theMessageThatTurnsTheConversationNegativeBringsAPerson() {
    assertEquals(Optional.of(HandoffTrigger.NEGATIVE_SENTIMENT), ALL.metBy("useless, awful", CALM, SOUR, List.of()));
    assertEquals(Optional.empty(), ALL.metBy("still useless", SOUR, new LeadEvidence(List.of(), 0, 3), List.of()),
        "only the message that tips it: a conversation handed back is not handed over again at once");
    assertEquals(Optional.empty(), HandoffRules.none().metBy("useless, awful", CALM, SOUR, List.of()), "off unless turned on");
  }

  @Test
  void theSameQuestionAgainAfterTwoAnswersBringsAPerson() {
    List<String> earlier = List.of("Hello", "How do I reset my password?", "how do I reset my password");
    assertEquals(2, HandoffRules.timesAskedBefore("How can I reset my password??", earlier, 10));
    assertEquals(Optional.of(HandoffTrigger.REPEATED_QUESTION),
        ALL.metBy("How can I reset my password??", CALM, CALM, earlier));
    assertEquals(Optional.empty(), ALL.metBy("How can I reset my password?", CALM, CALM, earlier.subList(0, 2)),
        "asked twice: one answer that did not help");
    assertEquals(0, HandoffRules.timesAskedBefore("Where is my parcel?", earlier, 10));
    assertEquals(0, HandoffRules.timesAskedBefore("ok?", List.of("ok?", "ok?"), 10), "too short to be a question");
  }

  @Test
  void theCountStopsOnceItIsEnough() {
    List<String> earlier = java.util.Collections.nCopies(5_000, "How do I reset my password?");
    assertEquals(2, HandoffRules.timesAskedBefore("How do I reset my password?", earlier, 2));
    assertEquals(Optional.of(HandoffTrigger.REPEATED_QUESTION),
        ALL.metBy("How do I reset my password?", CALM, CALM, earlier));
  }
}
