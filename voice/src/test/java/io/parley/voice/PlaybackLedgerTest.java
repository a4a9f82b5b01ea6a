package io.parley.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PlaybackLedgerTest {
  private static final String FIRST = "Your order has shipped."; // 23 characters, 1000 ms
  private static final String SECOND = "It will arrive on Monday morning."; // 33 characters, 2000 ms

  private final PlaybackLedger ledger = new PlaybackLedger();

  @Test
  void nothingPlayedIsNothingHeard() {
    assertEquals("", ledger.playedText(0), "nothing queued");
    queueBoth();
    assertEquals("", ledger.playedText(0));
    assertEquals("", ledger.playedText(-5));
    assertEquals("", ledger.playedText(40), "not yet the first word");
  }

  @Test
  void aSentenceIsHeardWhenItsAudioHasPlayed() {
    queueBoth();
    assertEquals(FIRST, ledger.playedText(1000));
    assertEquals(FIRST + " " + SECOND, ledger.playedText(3000));
    assertEquals(ledger.fullText(), ledger.playedText(60_000), "past the end");
  }

  @Test
  void theSentencePlayingCountsInProportionCutToWholeWords() {
    queueBoth();
    // Half of the second: 16 of its 33 characters reach into "on", which is left out.
    assertEquals(FIRST + " It will arrive", ledger.playedText(2000));
    assertEquals(FIRST + " It will", ledger.playedText(1500));
    assertEquals("Your order", ledger.playedText(500));
  }

  @Test
  void neverAPartialWordAndNeverLessAsPlaybackGoesOn() {
    queueBoth();
    String full = ledger.fullText();
    String previous = "";
    for (long played = 0; played <= 3100; played++) {
      String heard = ledger.playedText(played);
      assertTrue(full.startsWith(heard), heard);
      assertTrue(heard.length() == full.length() || full.charAt(heard.length()) == ' ' || heard.isEmpty(),
          "ends inside a word at " + played + " ms: " + heard);
      assertTrue(heard.length() >= previous.length(), "shrank at " + played + " ms");
      previous = heard;
    }
  }

  @Test
  void aSentenceStillBeingSynthesisedIsEstimatedAtTheRateSeenSoFar() {
    ledger.sentenceQueued(FIRST);
    ledger.audioQueued(1000);
    ledger.sentenceComplete();
    ledger.sentenceQueued(SECOND);
    ledger.audioQueued(500);
    // 23 characters a second so far: the second sentence should last about 1435 ms, of which 500 ms
    // have played, reaching 11 characters in ("It will ar").
    assertEquals(FIRST + " It will", ledger.playedText(1500));
    assertEquals(FIRST + " It will", ledger.playedText(2500), "what is not sent yet cannot have played");
    assertEquals(FIRST + " It", ledger.playedText(1250));
    assertEquals(1500, ledger.queuedMillis());
  }

  @Test
  void withNoCompleteSentenceTheRateIsFourteenCharactersASecond() {
    ledger.sentenceQueued("Hello there, how are you today?"); // 31 characters: about 2214 ms
    ledger.audioQueued(1000);
    ledger.audioQueued(1000);
    assertEquals("Hello there,", ledger.playedText(1000), "14 of 31 characters");
    assertEquals("Hello there, how are you", ledger.playedText(2000), "28 of 31 characters");
  }

  @Test
  void queuingTheNextSentenceCompletesThePreviousOne() {
    ledger.sentenceQueued(FIRST);
    ledger.audioQueued(400);
    ledger.sentenceQueued(SECOND);
    ledger.audioQueued(2000);
    ledger.sentenceComplete();
    assertEquals(FIRST, ledger.playedText(400), "its audio stopped at 400 ms; no estimate stretches it");
    assertEquals(FIRST + " " + SECOND, ledger.playedText(2400));
  }

  @Test
  void theSentencePlayingEndsWhereItsAudioEnds() {
    queueBoth();
    assertEquals(OptionalLong.of(1000), ledger.endOfSentenceAt(0), "the first sentence, not yet begun");
    assertEquals(OptionalLong.of(1000), ledger.endOfSentenceAt(999));
    assertEquals(OptionalLong.of(3000), ledger.endOfSentenceAt(1000), "the second begins where the first ends");
    assertEquals(OptionalLong.of(3000), ledger.endOfSentenceAt(60_000), "past the end: nothing more plays");
    assertEquals(OptionalLong.of(0), new PlaybackLedger().endOfSentenceAt(0), "nothing queued");
  }

  @Test
  void aSentenceStillBeingMadeHasNoEndYet() {
    ledger.sentenceQueued(FIRST);
    ledger.audioQueued(1000);
    ledger.sentenceComplete();
    ledger.sentenceQueued(SECOND);
    ledger.audioQueued(500);
    assertEquals(OptionalLong.of(1000), ledger.endOfSentenceAt(400), "the next one's audio is not played");
    assertEquals(OptionalLong.empty(), ledger.endOfSentenceAt(1200));
  }

  @Test
  void fullTextAndQueuedMillis() {
    queueBoth();
    assertEquals(FIRST + " " + SECOND, ledger.fullText());
    assertEquals(3000, ledger.queuedMillis());
    assertEquals("", new PlaybackLedger().fullText());
  }

  @Test
  void refusesCallsOutOfOrder() {
    assertThrows(IllegalStateException.class, () -> ledger.audioQueued(20));
    assertThrows(IllegalStateException.class, ledger::sentenceComplete);
    assertThrows(IllegalArgumentException.class, () -> ledger.sentenceQueued(" "));
    ledger.sentenceQueued(FIRST);
    assertThrows(IllegalArgumentException.class, () -> ledger.audioQueued(-1));
  }

  private void queueBoth() {
    ledger.sentenceQueued(FIRST);
    ledger.audioQueued(600);
    ledger.audioQueued(400);
    ledger.sentenceComplete();
    ledger.sentenceQueued(SECOND);
    ledger.audioQueued(2000);
    ledger.sentenceComplete();
  }
}
