package io.parley.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.bot.ToolApproval;
import io.parley.core.language.Assent;
import io.parley.core.language.LanguagePack;
import io.parley.sessions.SessionUpdate.ApprovalChanged;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpokenApprovalsTest {
  private final List<String> said = new ArrayList<>();
  private final List<String> decisions = new ArrayList<>();
  private final List<String> withdrawn = new ArrayList<>();
  private final SpokenApprovals approvals = new SpokenApprovals(SpokenQuestionsTest.voiceKeptIn(said, withdrawn),
      (approvalId, approved, reason) -> decisions.add(approvalId + " " + (approved ? "approved" : "refused: " + reason.orElseThrow())));

  @Test
  void aCallerWhoSaysYesApprovesAndTheWordsAreNoMessage() {
    assertFalse(approvals.heard("Please cancel my order"), "nothing is asked yet: a message");
    approvals.changed(pending("ap-1", "en"));
    assertEquals(List.of("approval-ap-1: Cancel an order (order: A-1042). Shall I go ahead? Please say yes or no."), said);
    assertTrue(approvals.heard("Yes, go ahead."));
    assertEquals(List.of("ap-1 approved"), decisions);
    assertFalse(approvals.heard("And when does it arrive?"), "once decided, the caller's words are messages again");
  }

  @Test
  void anUnclearAnswerIsAskedOnceMoreThenRefusedAndTheSecondIsAMessage() {
    approvals.changed(pending("ap-1", "en"));
    assertTrue(approvals.heard("Hmm, what does that mean?"));
    assertEquals("approval-ap-1-again after their words: Sorry, I did not catch that. Cancel an order (order: A-1042). Shall I go ahead?"
        + " Please say yes or no.", said.get(1));
    assertEquals(List.of(), decisions, "nothing decided on the first unclear answer");
    assertFalse(approvals.heard("Yes no I don't know"), "no answer twice: refused, and the words are a message");
    assertEquals(List.of("ap-1 refused: " + SpokenApprovals.UNCLEAR), decisions);
    assertFalse(approvals.heard("yes"), "nothing is asked any more");
  }

  @Test
  void onlyWordsBegunOnceTheQuestionBeganAnswerIt() {
    approvals.changed(pending("ap-1", "en"));
    assertTrue(approvals.asking(), "asked: the turn waiting for it is not cut by the caller's words");
    assertFalse(approvals.asks(1), "not begun to play: the caller's words are a message");
    approvals.started("turn-1", 2);
    assertFalse(approvals.asks(1), "another answer began");
    approvals.started(SpokenApprovals.key(pending("ap-1", "en")), 3);
    assertFalse(approvals.asks(2), "begun before the question: no answer to what they had not heard");
    assertTrue(approvals.asks(3));

    assertTrue(approvals.heard("Hmm?"));
    assertTrue(approvals.asks(4), "the first asking takes the words begun before the question asked again");
    approvals.started("approval-ap-1-again", 5);
    assertTrue(approvals.asks(4), "heard once, the question takes the words begun since, its asking again too");
    assertTrue(approvals.asks(5));
  }

  @Test
  void theNextApprovalTakesOnlyTheWordsBegunOnceItsOwnQuestionCouldBeHeard() {
    approvals.changed(pending("ap-1", "en"));
    approvals.changed(pending("ap-2", "en"));
    approvals.started("approval-ap-1", 1);
    assertTrue(approvals.heard("Yes."));
    assertFalse(approvals.asks(2), "ap-2's question has not begun: the caller's words are a message");
    approvals.started("approval-ap-2", 3);
    assertFalse(approvals.asks(2));
    assertTrue(approvals.asks(3));
  }

  @Test
  void aClearAnswerBeforeTheQuestionAskedAgainBeganWithdrawsIt() {
    approvals.changed(pending("ap-1", "en"));
    approvals.started("approval-ap-1", 1);
    assertTrue(approvals.heard("Hmm?"));
    assertTrue(approvals.heard("Yes."), "their words begun before it answer the first asking");
    assertEquals(List.of("ap-1 approved"), decisions);
    assertEquals(List.of("approval-ap-1", "approval-ap-1-again"), withdrawn, "what has not begun is not said");
  }

  @Test
  void anApprovalDecidedElsewhereIsNotAskedAloud() {
    approvals.changed(pending("ap-1", "en"));
    approvals.changed(decided("ap-1", "approved"));
    assertEquals(List.of("approval-ap-1"), withdrawn, "its question, not begun, is not said");
    assertFalse(approvals.asking());
    assertFalse(approvals.heard("yes"));
  }

  @Test
  void theConversationsLanguageAsksAndHears() {
    approvals.changed(pending("ap-1", "de"));
    assertTrue(said.get(0).endsWith("Soll ich das tun? Bitte sagen Sie ja oder nein."), said.get(0));
    assertTrue(approvals.heard("Nein, lieber nicht."));
    assertEquals(List.of("ap-1 refused: " + SpokenApprovals.REFUSED), decisions);

    approvals.changed(pending("ap-2", "fr"));
    assertTrue(approvals.heard("Oui, d'accord."));
    assertEquals("ap-2 approved", decisions.get(1));
  }

  @Test
  void approvalsWaitingAtOnceAreAskedInTurnAndOneDecidedElsewhereIsDropped() {
    approvals.changed(pending("ap-1", "en"));
    approvals.changed(pending("ap-2", "en"));
    approvals.changed(pending("ap-1", "en"));
    assertEquals(1, said.size(), "one question at a time, and a rejoin does not ask again");
    approvals.changed(decided("ap-1", "approved"));
    assertEquals(2, said.size());
    assertTrue(said.get(1).startsWith("approval-ap-2: "), said.get(1));
    assertTrue(approvals.heard("no"));
    assertEquals(List.of("ap-2 refused: " + SpokenApprovals.REFUSED), decisions, "ap-1 was decided on the page");
  }

  @Test
  void anAgentsApprovalIsNotTheCallersToGive() {
    approvals.changed(new ApprovalChanged("ap-1", "turn-1", "refund", "Refund", "{}", ToolApproval.AGENT,
        Instant.EPOCH, ApprovalChanged.PENDING, Optional.empty(), "en"));
    assertEquals(List.of(), said);
    assertFalse(approvals.heard("yes"));
  }

  @Test
  void everyPackHasTheApprovalWords() {
    for (String language : List.of("en", "de", "fr", "es", "it", "pt", "nl")) {
      LanguagePack words = LanguagePack.find(language).orElseThrow();
      assertEquals(Assent.YES, Assent.of(words.phrases("approval.yes").phrases().get(0)
          .get(0), words), language);
      assertEquals(Assent.NO, Assent.of(words.phrases("approval.no").phrases().get(0)
          .get(0), words), language);
      assertTrue(words.sentence("approval.ask").contains("{summary}"), language);
      assertTrue(words.sentence("approval.again").contains("{summary}"), language);
    }
  }

  static ApprovalChanged pending(String id, String language) {
    return new ApprovalChanged(id, "turn-1", "cancel_order", "Cancel an order (order: A-1042)", "{\"order\":\"A-1042\"}",
        ToolApproval.CUSTOMER, Instant.EPOCH, ApprovalChanged.PENDING, Optional.empty(), language);
  }

  private static ApprovalChanged decided(String id, String status) {
    return new ApprovalChanged(id, "turn-1", "cancel_order", "Cancel an order", "{}", ToolApproval.CUSTOMER,
        Instant.EPOCH, status, Optional.empty(), "en");
  }
}
