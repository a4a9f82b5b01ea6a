package io.parley.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.voice.SpokenTurnLatency.Split;
import org.junit.jupiter.api.Test;

/** Times are milliseconds after the end of speech, as nanoTime readings from an arbitrary origin. */
class SpokenTurnLatencyTest {
  private static final long SPEECH_ENDED = 5_000_000_000L;

  private final SpokenTurnLatency latency = new SpokenTurnLatency(SPEECH_ENDED);

  @Test
  void theNodesOwnPartIsWhatIsLeftAfterTheRecogniserTheModelAndTheSynthesiser() {
    assertEquals(0.040, latency.transcribed(at(40)), 1e-9);
    assertEquals(0.052, latency.answerPiece(at(52), ms(3)).orElseThrow(), 1e-9, "the first piece: seconds since the end of speech");
    assertTrue(latency.answerPiece(at(60), ms(10)).isEmpty(), "later pieces report nothing");
    latency.answerPiece(at(63), ms(12));
    latency.synthesisAsked(at(64));
    latency.synthesised(at(94));
    Split split = latency.firstAudio(at(97));
    assertEquals(ms(97), split.totalNanos());
    assertEquals(ms(97 - 40 - 12 - 30), split.ownNanos(), "97 ms less 40 heard, 12 on the model, 30 synthesising");
    assertEquals(0.097, split.totalSeconds(), 1e-9);
    assertEquals(0.015, split.ownSeconds(), 1e-9);
  }

  @Test
  void theFirstTurnStartedAfterTheEndOfSpeechIsTheOneAnsweringIt() {
    assertFalse(latency.answeredBy("turn-3"), "the answer the caller spoke over, still streaming");
    latency.turnStarted("turn-5");
    latency.turnStarted("turn-7");
    assertTrue(latency.answeredBy("turn-5"));
    assertFalse(latency.answeredBy("turn-7"));
  }

  @Test
  void theModelsWaitEndsWhenTheFirstSentenceIsAskedFor() {
    latency.transcribed(at(10));
    latency.answerPiece(at(30), ms(15));
    latency.synthesisAsked(at(31));
    latency.answerPiece(at(80), ms(60));
    latency.synthesised(at(40));
    assertEquals(ms(50 - 10 - 15 - 9), latency.firstAudio(at(50)).ownNanos(),
        "the model writing on while the first sentence is spoken is no wait of the turn's");
  }

  @Test
  void onlyTheFirstTranscriptAndTheFirstAudioOfTheFirstSentenceCount() {
    latency.transcribed(at(20));
    latency.transcribed(at(45));
    latency.synthesised(at(46));
    latency.synthesisAsked(at(50));
    latency.synthesised(at(55));
    latency.synthesised(at(70));
    latency.synthesisAsked(at(75));
    assertEquals(ms(60 - 20 - 5), latency.firstAudio(at(60)).ownNanos());
  }

  @Test
  void anAnswerWithoutModelOrSynthesisIsTheNodesOwnBeyondTheTranscript() {
    latency.transcribed(at(25));
    assertEquals(ms(33 - 25), latency.firstAudio(at(33)).ownNanos(), "no wait told: nothing subtracted");
  }

  @Test
  void waitsLongerThanTheTurnLeaveNoNegativeShare() {
    latency.transcribed(at(25));
    latency.answerPiece(at(30), ms(500));
    assertEquals(0, latency.firstAudio(at(40)).ownNanos());
    assertEquals(0, new SpokenTurnLatency(SPEECH_ENDED).firstAudio(SPEECH_ENDED - 1).totalNanos(), "a clock read before the end");
  }

  private static long at(long millis) {
    return SPEECH_ENDED + ms(millis);
  }

  private static long ms(long millis) {
    return millis * 1_000_000;
  }
}
