package io.parley.core.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PersonReplyTest {
  @Test
  void oneAcceptsTwoDeclinesAnyOtherKeyDecidesNothing() {
    assertEquals(Optional.of(true), PersonReply.ofKey('1'));
    assertEquals(Optional.of(false), PersonReply.ofKey('2'));
    assertEquals(Optional.empty(), PersonReply.ofKey('3'));
    assertEquals(Optional.empty(), PersonReply.ofKey('#'));
  }

  @Test
  void aWordInAnyOfTheBotsLanguagesDecidesAsAKeyDoes() {
    for (String yes : new String[] {"yes", "Yes, put them through.", "ja", "Sí", "si", "oui", "sim", "نعم", "כן"}) {
      assertEquals(Optional.of(true), PersonReply.ofWords(yes), yes);
    }
    for (String no : new String[] {"no", "No thanks.", "nein", "non", "nee", "não", "לא"}) {
      assertEquals(Optional.of(false), PersonReply.ofWords(no), no);
    }
    assertEquals(Optional.empty(), PersonReply.ofWords("yes no wait"), "both decide nothing");
    assertEquals(Optional.empty(), PersonReply.ofWords("who is it about"), "neither");
    assertEquals(Optional.empty(), PersonReply.ofWords("yesterday nobody called"), "whole words only");
    assertEquals(Optional.empty(), PersonReply.ofWords(""));
  }

  @Test
  void aCallThePersonDidNotTakeIsNamedByItsFinalStatus() {
    assertEquals(WarmTransferOutcome.BUSY, PersonReply.ofUnanswered(Optional.of(486)));
    assertEquals(WarmTransferOutcome.BUSY, PersonReply.ofUnanswered(Optional.of(600)));
    assertEquals(WarmTransferOutcome.DECLINED, PersonReply.ofUnanswered(Optional.of(603)));
    assertEquals(WarmTransferOutcome.NO_ANSWER, PersonReply.ofUnanswered(Optional.of(480)));
    assertEquals(WarmTransferOutcome.NO_ANSWER, PersonReply.ofUnanswered(Optional.empty()));
    assertEquals(WarmTransferOutcome.FAILED, PersonReply.ofUnanswered(Optional.of(503)));
  }

  @Test
  void modesAndOutcomesByTheirWireNames() {
    assertEquals(Optional.of(TransferMode.WARM), TransferMode.ofWireName("warm"));
    assertEquals(Optional.empty(), TransferMode.ofWireName("attended"));
    assertEquals(Optional.of(WarmTransferOutcome.NO_ANSWER), WarmTransferOutcome.ofWireName("no_answer"));
  }
}
