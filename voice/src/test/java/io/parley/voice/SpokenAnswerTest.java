package io.parley.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.voice.media.AudioChunk;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpokenAnswerTest {
  private static final long MS = 1_000_000;
  private static final int RATE = 8_000;

  /** An answer on a call at 8 kHz, 200 ms of audio sent ahead of real time. */
  private static SpokenAnswer newAnswer() {
    return new SpokenAnswer("turn-1", SpokenAnswer.Opening.NEXT, RATE, 200);
  }

  /** Takes the next whole sentence and synthesises it, whole, as {@code millis} of audio. */
  private static void synthesiseTheNextSentence(SpokenAnswer answer, int millis) {
    answer.nextSentence().orElseThrow();
    answer.onAudio(audio(millis));
    answer.onSentenceDone();
  }

  /** {@code millis} of audio at 16 kHz, as a local engine would give it. */
  private static AudioChunk audio(int millis) {
    return new AudioChunk(new short[16 * millis], 16_000);
  }

  @Test
  void theFirstSentenceIsSpokenWhileTheModelStillWrites() {
    SpokenAnswer answer = newAnswer();
    answer.onDelta("Your order shipped");
    assertEquals(Optional.empty(), answer.nextSentence(), "no whole sentence yet");
    answer.onDelta(" on Monday. It arrives");
    SpokenAnswer.Sentence first = answer.nextSentence().orElseThrow();
    assertEquals("Your order shipped on Monday.", first.text());
    assertEquals(Optional.empty(), answer.nextSentence(), "one sentence synthesised at a time");
    assertTrue(answer.isCurrent(first.number()));
    answer.onAudio(audio(1_000));
    answer.onSentenceDone();
    assertFalse(answer.isCurrent(first.number()), "a late callback of the sentence is recognised as such");
    answer.onAnswer("Your order shipped on Monday. It arrives on Friday.");
    assertEquals("It arrives on Friday.", answer.nextSentence().orElseThrow().text());
  }

  @Test
  void audioIsPacedAtMostTheLeadAheadOfRealTimeIn20MsFramesAtTheCallsRate() {
    SpokenAnswer answer = newAnswer();
    answer.onAnswer("One sentence only.");
    synthesiseTheNextSentence(answer, 1_000);

    var first = answer.framesDue(0);
    assertEquals(10, first.size(), "200 ms lead at once");
    assertEquals(160, first.get(0).length, "20 ms at 8 kHz");
    assertTrue(answer.started());
    assertEquals(0, answer.framesDue(10 * MS).size());
    assertEquals(1, answer.framesDue(20 * MS).size());
    assertEquals(5, answer.framesDue(120 * MS).size());
    assertFalse(answer.finished(120 * MS));
    assertEquals(34, answer.framesDue(2_000 * MS).size(), "the rest of the second");
    assertFalse(answer.finished(900 * MS), "sent is not yet played");
    assertTrue(answer.finished(1_000 * MS));
  }

  @Test
  void whenSynthesisFallsBehindThePlaybackClockWaitsInsteadOfBursting() {
    SpokenAnswer answer = newAnswer();
    answer.onDelta("The first part is quick. The second");
    synthesiseTheNextSentence(answer, 100);
    assertEquals(5, answer.framesDue(0).size());
    answer.framesDue(500 * MS);
    answer.onDelta(" part comes late. And more");
    answer.nextSentence().orElseThrow();
    answer.onAudio(audio(1_000));
    assertEquals(10, answer.framesDue(600 * MS).size(), "after the gap, again only the lead, not the backlog");
  }

  @Test
  void whatWasHeardIsReadOffWhatWasPlayedNeverMoreThanWasSent() {
    SpokenAnswer answer = newAnswer();
    answer.onAnswer("Ticket T-1001 is open. An agent replies within a day.");
    synthesiseTheNextSentence(answer, 1_000);
    synthesiseTheNextSentence(answer, 1_000);
    answer.framesDue(0);
    answer.framesDue(1_300 * MS);

    assertEquals("", answer.heardAt(0));
    assertEquals("Ticket T-1001 is open.", answer.heardAt(1_000));
    String heard = answer.heardAt(1_500);
    assertTrue(heard.startsWith("Ticket T-1001 is open. An") && heard.length() < 54, heard);
    assertEquals(answer.heardAt(1_500), answer.heardAt(60_000), "capped at the 1.5 s sent");
    assertEquals(1_200, answer.heardMillis(1_200), "how long it played, as the edge reports it");
    assertEquals(1_500, answer.heardMillis(60_000), "never more than was sent");
  }

  @Test
  void endedAfterTheSentencePlayingNothingOfTheNextOneIsSent() {
    SpokenAnswer answer = newAnswer();
    answer.onAnswer("Ticket T-1001 is open. An agent replies within a day. Anything else?");
    synthesiseTheNextSentence(answer, 1_000);
    answer.nextSentence().orElseThrow();
    answer.onAudio(audio(500)); // the second sentence, still being synthesised
    answer.framesDue(0);
    answer.framesDue(400 * MS);

    assertTrue(answer.endAfterCurrentSentence(400 * MS), "the second sentence's synthesis is cancelled");
    assertEquals(Optional.empty(), answer.nextSentence(), "and the third never starts");
    int sent = answer.framesDue(2_000 * MS).size();
    assertEquals(1_000 / 20 - 30, sent, "the rest of the first sentence, from 600 ms sent");
    assertEquals(1_000, answer.sentMillis());
    assertTrue(answer.finished(2_000 * MS));
    assertEquals("Ticket T-1001 is open.", answer.heardAt(2_000));
  }

  @Test
  void aSentenceStillBeingSynthesisedWhenEndedPlaysToItsEnd() {
    SpokenAnswer answer = newAnswer();
    answer.onAnswer("Ticket T-1001 is open. An agent replies within a day.");
    answer.nextSentence().orElseThrow();
    answer.onAudio(audio(300));
    answer.framesDue(0);

    assertFalse(answer.endAfterCurrentSentence(100 * MS), "its synthesis goes on");
    answer.onAudio(audio(700));
    answer.onSentenceDone();
    assertEquals(Optional.empty(), answer.nextSentence());
    answer.framesDue(2_000 * MS);
    assertEquals(1_000, answer.sentMillis());
    assertTrue(answer.finished(2_000 * MS));
  }
}
