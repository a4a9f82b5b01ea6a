package io.parley.voice.media;

import static io.parley.voice.media.TurnDetector.Signal.NONE;
import static io.parley.voice.media.TurnDetector.Signal.SPEECH_STARTED;
import static io.parley.voice.media.TurnDetector.Signal.UTTERANCE_ENDED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.language.LanguagePack;
import io.parley.voice.media.TurnDetector.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Frames are 20 ms; probabilities 0.9 are speech, 0.1 silence, 0.4 in between the two thresholds. */
class TurnDetectorTest {
  private static final int FRAME = 20;

  private final TurnDetector detector = new TurnDetector(TurnSettings.defaults());

  @Test
  void aCoughShorterThanMinSpeechNeverStarts() {
    List<Signal> signals = feedInTurn(0.9, 180, 0.1, 20, 0.9, 180, 0.1, 2000);
    assertTrue(signals.stream().allMatch(s -> s == NONE), signals.toString());
    assertFalse(detector.speaking());
  }

  @Test
  void anUtteranceStartsAtMinSpeechAndEndsOnceAfterTheSilence() {
    List<Signal> speech = feed(0.9, 1000);
    assertEquals(SPEECH_STARTED, speech.get(9), "the 10th frame completes 200 ms");
    assertEquals(1, count(speech, SPEECH_STARTED));
    assertTrue(detector.speaking());
    assertEquals(1000, detector.speechMillis());

    List<Signal> silence = feed(0.1, 2000);
    assertEquals(UTTERANCE_ENDED, silence.get(29), "the 30th silent frame completes 600 ms");
    assertEquals(1, count(silence, UTTERANCE_ENDED));
    assertEquals(0, count(silence, SPEECH_STARTED));
    assertFalse(detector.speaking());
    assertEquals(0, detector.speechMillis());
  }

  @Test
  void aPauseInsideSpeechDoesNotEndIt() {
    List<Signal> signals = feedInTurn(0.9, 500, 0.1, 300, 0.9, 500, 0.1, 580);
    assertEquals(List.of(SPEECH_STARTED), without(signals, NONE));
    assertTrue(detector.speaking());
    assertEquals(1000, detector.speechMillis(), "the pause is not speech");
    assertEquals(UTTERANCE_ENDED, detector.onFrame(0.1, FRAME));
  }

  @Test
  void anUtteranceLastsFromItsFirstVoicedFrameToItsLastWithItsPausesButNotTheSilenceThatEndsIt() {
    assertEquals(0, detector.lastUtteranceMillis(), "none ended yet");
    feed(0.9, 100);
    feed(0.1, 40); // too short to start: not part of any utterance
    feed(0.9, 500);
    feed(0.1, 300);
    feed(0.9, 400);
    feed(0.1, 700);
    assertFalse(detector.speaking());
    assertEquals(500 + 300 + 400, detector.lastUtteranceMillis());

    feed(0.9, 260);
    assertEquals(1200, detector.lastUtteranceMillis(), "the next utterance has not ended yet");
    assertEquals(UTTERANCE_ENDED, feed(0.1, 600).get(29));
    assertEquals(260, detector.lastUtteranceMillis());
  }

  @Test
  void hysteresisKeepsAWaveringVoiceGoingButDoesNotStartOne() {
    assertTrue(feed(0.4, 1000).stream().allMatch(s -> s == NONE), "below activation never starts");

    List<Signal> signals = feedInTurn(0.6, 40, 0.4, 160);
    assertEquals(List.of(SPEECH_STARTED), without(signals, NONE), "above deactivation continues what activation began");
    signals = feed(0.4, 2000);
    assertEquals(List.of(), without(signals, NONE), "in between the thresholds is not silence");
    assertEquals(2200, detector.speechMillis());
  }

  @Test
  void bargeInNeedsLongerSpeechThanAStart() {
    feed(0.9, 200);
    assertTrue(detector.speaking());
    detector.heard("no");
    assertFalse(detector.isBargeIn(), "200 ms: too short to interrupt, whatever the word");
    feed(0.9, 80);
    feed(0.1, 100);
    assertFalse(detector.isBargeIn());
    feed(0.9, 20);
    assertTrue(detector.isBargeIn(), "300 ms of speech, pauses not counted, and a word that is no backchannel");
  }

  @Test
  void aBackchannelDoesNotBargeInAndAnyOtherWordDoes() {
    feed(0.9, 500);
    assertFalse(detector.isBargeIn(), "no word heard yet: it may be an mm-hm");
    detector.heard("mm hm");
    feed(0.9, 300);
    assertFalse(detector.isBargeIn(), "800 ms of mm-hm");
    detector.heard("mm hm okay");
    assertFalse(detector.isBargeIn());
    detector.heard("mm hm okay wait");
    feed(0.9, 80);
    assertFalse(detector.isBargeIn(), "not yet confirmed by more speech");
    feed(0.9, 20);
    assertTrue(detector.isBargeIn(), "\"wait\" is no backchannel");
  }

  @Test
  void wordsThatComeInAPauseBargeInOnlyOnceTheCallerSpeaksAgain() {
    feed(0.9, 500);
    feed(0.1, 100);
    detector.heard("i'm american");
    assertFalse(detector.isBargeIn(), "a late guess at a hum, the caller quiet");
    detector.heard("mm hm");
    feed(0.9, 20);
    assertFalse(detector.isBargeIn());
    detector.heard("mm hm no");
    feed(0.1, 20);
    assertFalse(detector.isBargeIn());
    feed(0.9, 100);
    assertTrue(detector.isBargeIn(), "the caller goes on after a word that is no backchannel");

    TurnDetector revised = new TurnDetector(TurnSettings.defaults());
    feed(revised, 0.9, 400);
    revised.heard("i'm american");
    feed(revised, 0.9, 60);
    revised.heard("mmhmm");
    feed(revised, 0.9, 200);
    assertFalse(revised.isBargeIn(), "a guess revised to a backchannel before more speech confirmed it");

    TurnDetector fastGuess = new TurnDetector(TurnSettings.defaults());
    feed(fastGuess, 0.9, 500);
    fastGuess.heard("i'm american");
    feed(fastGuess, 0.9, 240);
    assertFalse(fastGuess.isBargeIn(), "a guess 500 ms into a hum (a fast machine's) is not taken at once");
    fastGuess.heard("mmhmm");
    feed(fastGuess, 0.9, 260);
    assertFalse(fastGuess.isBargeIn(), "and revised 240 ms later, it never is");

    TurnDetector lateGuess = new TurnDetector(TurnSettings.defaults());
    feed(lateGuess, 0.9, 700);
    lateGuess.heard("i'm american");
    feed(lateGuess, 0.9, 300);
    assertFalse(lateGuess.isBargeIn(), "the first words heard after 700 ms of a hum are a guess a while longer");
    feed(lateGuess, 0.9, 100);
    assertTrue(lateGuess.isBargeIn(), "a guess that stood for 400 ms of speech is taken");
  }

  @Test
  void speechWithoutWordsBargesInAtTheBoundAndBackchannelsOnlyWhileTheRecogniserIsBehind() {
    feed(0.9, 1_180);
    assertFalse(detector.isBargeIn());
    feed(0.9, 20);
    assertTrue(detector.isBargeIn(), "1.2 s of speech with no word heard: an interruption the recogniser is behind on");

    TurnDetector saysOkay = new TurnDetector(TurnSettings.defaults());
    feed(saysOkay, 0.9, 600);
    saysOkay.heard("okay");
    feed(saysOkay, 0.9, 300);
    saysOkay.heard("okay yeah");
    feed(saysOkay, 0.9, 300);
    assertFalse(saysOkay.isBargeIn(), "1.2 s of speech the recogniser hears as backchannels as it goes");
    feed(saysOkay, 0.9, 20);
    assertFalse(saysOkay.isBargeIn(), "the recogniser keeps up: its backchannel stands");
    saysOkay.recogniserBehind(true);
    feed(saysOkay, 0.9, 20);
    assertTrue(saysOkay.isBargeIn(), "behind, 340 ms said since its words: not known to be a backchannel any more");
  }

  @Test
  void theFirstWordOfATwoWordBackchannelWaitsForTheNext() {
    feed(0.9, 400);
    detector.heard("i");
    feed(0.9, 20);
    assertFalse(detector.isBargeIn(), "\"i\" may be \"i see\"");
    detector.heard("i see");
    feed(0.9, 20);
    assertFalse(detector.isBargeIn());
    detector.heard("i see but");
    feed(0.9, 100);
    assertTrue(detector.isBargeIn());
  }

  @Test
  void backchannelsAreTheCallersLanguages() {
    detector.speaks(LanguagePack.find("de").orElseThrow());
    feed(0.9, 400);
    detector.heard("ja genau");
    assertFalse(detector.isBargeIn());
    assertTrue(detector.isBackchannel("Ja, genau."));
    assertFalse(detector.isBackchannel("vale"), "Spanish, read as German");
    detector.heard("ja aber");
    feed(0.9, 100);
    assertTrue(detector.isBargeIn());
  }

  @Test
  void withTheBackchannelBoundAtTheBargeInMinimumAnySpeechBargesIn() {
    TurnDetector bySpeech = detectorWaitingOut(Duration.ofMillis(600));
    feed(bySpeech, 0.9, 300);
    assertTrue(bySpeech.isBargeIn(), "300 ms, no words read");
  }

  @Test
  void theRecognisersPauseEndsTheUtteranceOnceTheFramesHaveBeenQuiet300Ms() {
    feed(0.9, 700);
    assertEquals(NONE, detector.endIfQuiet(), "still speaking");
    feed(0.1, 280);
    assertEquals(NONE, detector.endIfQuiet(), "280 ms is a gap between words, not an end");
    assertTrue(detector.speaking());
    feed(0.1, 20);
    assertEquals(UTTERANCE_ENDED, detector.endIfQuiet(), "300 ms of quiet");
    assertFalse(detector.speaking());
    assertFalse(detector.isBargeIn());
    assertEquals(0, detector.speechMillis());
    assertEquals(List.of(), without(feed(0.1, 2000), NONE), "no second end for the same utterance");

    List<Signal> next = feed(0.9, 200);
    assertEquals(SPEECH_STARTED, next.get(next.size() - 1), "the next utterance needs minSpeech again");
  }

  @Test
  void theRecognisersPauseAfterIncompleteWordsWaitsForTheLongerSilence() {
    feed(0.9, 700);
    detector.heard("my order number is");
    feed(0.1, 400);
    assertEquals(NONE, detector.endIfQuiet(), "the recogniser's own segment ends, but the caller is mid-sentence");
    assertTrue(detector.speaking());
    assertEquals(UTTERANCE_ENDED, feed(0.1, 800).get(39), "the longer 1.2 s of silence ends it");

    feed(0.9, 700);
    detector.heard("my order number is");
    feed(0.9, 400);
    feed(0.1, 300);
    assertEquals(UTTERANCE_ENDED, detector.endIfQuiet(), "words overtaken by more speech say nothing of its end");

    feed(0.9, 700);
    detector.heard("i was charged twice");
    feed(0.1, 300);
    assertEquals(UTTERANCE_ENDED, detector.endIfQuiet(), "a statement is no short end, but the recogniser's end ends it");
  }

  @Test
  void aLongEndOfUtteranceSilenceStillLetsTheRecogniserEndItAfter300Ms() {
    TurnDetector patient = detectorWaitingOut(Duration.ofSeconds(5));
    feed(patient, 0.9, 600);
    feed(patient, 0.1, 280);
    assertEquals(NONE, patient.endIfQuiet());
    patient.onFrame(0.1, FRAME);
    assertEquals(UTTERANCE_ENDED, patient.endIfQuiet(), "300 ms of quiet, not half of five seconds");
  }

  @Test
  void afterTheRecognisersEndTheCallerGoingOnTalkingStartsANewUtterance() {
    feed(0.9, 500);
    feed(0.1, 400);
    assertEquals(UTTERANCE_ENDED, detector.endIfQuiet());
    assertEquals(NONE, detector.endIfQuiet(), "an utterance ends once");
    List<Signal> signals = feed(0.9, 300);
    assertEquals(SPEECH_STARTED, signals.get(9));
    assertEquals(300, detector.speechMillis());
  }

  @Test
  void aCallersWordsAreReadInTheLanguageTheDetectorIsTold() {
    feed(0.9, 700);
    detector.heard("ich brauche hilfe mit");
    feed(0.1, 400);
    assertEquals(UTTERANCE_ENDED, detector.endIfQuiet(), "read as English, no word of it goes on");

    detector.speaks(LanguagePack.find("de").orElseThrow());
    feed(0.9, 700);
    detector.heard("ich brauche hilfe mit");
    feed(0.1, 400);
    assertEquals(NONE, detector.endIfQuiet(), "read as German, \"mit\" goes on: the full silence is waited out");
  }

  /**
   * After 600 ms of speech the recogniser reports {@code words}, the caller's voice goes on for
   * {@code voicedAfter} ms, then 1.2 s of silence: the utterance ends once, at silent frame
   * {@code endingFrame} (counted from 0).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      complete words end it at 160 ms, 150 ms waited after the last word's voiced tail | where is my order  | 60  | 7 
      a lead-in waits 400 ms, a caller's pause at its comma ("yes, that is fine")     | yes                | 60  | 19
      an opener not complete alone waits the full silence, as before                   | well               | 0   | 29
      words that go on wait 1.2 s, a caller pausing mid-sentence                      | my order number is | 0   | 59
      a filler goes on                                                                 | i think um         | 0   | 59
      words with more speech since (a word such as with) may go on: the full silence    | i need help        | 200 | 29
      a statement may be done or not: the full silence                                 | my lamp is broken  | 0   | 29
      """)
  void theWordsHeardSetTheSilenceThatEndsTheUtterance(String why, String words, int voicedAfter, int endingFrame) {
    feed(0.9, 600);
    detector.heard(words);
    feed(0.9, voicedAfter);
    List<Signal> silence = feed(0.1, 1_200);
    assertEquals(UTTERANCE_ENDED, silence.get(endingFrame), why);
    assertEquals(List.of(UTTERANCE_ENDED), without(silence, NONE));
  }

  @Test
  void aCallerReadingOutANumberWithPausesUpTo900MsIsOneUtterance() {
    feed(0.9, 900);
    detector.heard("my order number is");
    assertEquals(List.of(), without(feed(0.1, 900), NONE));
    feed(0.9, 400);
    detector.heard("my order number is four five");
    assertEquals(List.of(), without(feed(0.1, 800), NONE), "a running number goes on");
    feed(0.9, 300);
    detector.heard("my order number is four five one");
    List<Signal> end = feed(0.1, 1_200);
    assertEquals(List.of(UTTERANCE_ENDED), without(end, NONE));
    assertEquals(UTTERANCE_ENDED, end.get(59), "a number may go on: the longer silence ends it too");
  }

  @Test
  void aRecogniserBehindTheAudioKnowsNoWordsOfThePause() {
    feed(0.9, 600);
    detector.recogniserBehind(true);
    assertEquals(List.of(), without(feed(0.1, 1_180), NONE), "no words of the pause yet: the longer silence");
    assertEquals(UTTERANCE_ENDED, detector.onFrame(0.1, FRAME));

    feed(0.9, 600);
    detector.recogniserBehind(false);
    assertEquals(UTTERANCE_ENDED, feed(0.1, 600).get(29), "caught up, with no words that go on: the usual silence");
  }

  @Test
  void withoutTheLongerSilenceWordsThatGoOnWaitTheUsualOne() {
    TurnDetector usual = detectorWaitingOut(Duration.ofMillis(600));
    feed(usual, 0.9, 600);
    usual.heard("my order number is");
    assertEquals(UTTERANCE_ENDED, feed(usual, 0.1, 600).get(29));
  }

  @Test
  void wordsThatBecomeCompleteInThePauseEndItThen() {
    feed(0.9, 600);
    detector.heard("where is my");
    List<Signal> signals = feed(0.1, 300);
    assertEquals(List.of(), without(signals, NONE));
    detector.heard("where is my order");
    assertEquals(UTTERANCE_ENDED, detector.onFrame(0.1, FRAME), "a lagging recogniser's words, 300 ms into the silence");
  }

  @Test
  void withoutWordsOrWithTheShortSilenceOffTheFullSilenceEnds() {
    feed(0.9, 600);
    List<Signal> silence = feed(0.1, 600);
    assertEquals(UTTERANCE_ENDED, silence.get(29), "a recogniser without partial words");

    TurnDetector fixed = detectorWaitingOut(Duration.ofMillis(600));
    feed(fixed, 0.9, 600);
    fixed.heard("where is my order");
    for (int ms = 0; ms < 580; ms += FRAME) assertEquals(NONE, fixed.onFrame(0.1, FRAME));
    assertEquals(UTTERANCE_ENDED, fixed.onFrame(0.1, FRAME));
  }

  @Test
  void theWordsOfOneUtteranceDoNotEndTheNext() {
    feed(0.9, 600);
    detector.heard("where is my order");
    feed(0.1, 260);
    assertFalse(detector.speaking());
    detector.heard("where is my order now");
    feed(0.9, 600);
    List<Signal> silence = feed(0.1, 600);
    assertEquals(UTTERANCE_ENDED, silence.get(29), "no words heard in this utterance yet");
  }

  @Test
  void framesOfOtherLengthsCountTheirMilliseconds() {
    assertEquals(NONE, detector.onFrame(0.9, 32));
    assertEquals(NONE, detector.onFrame(0.9, 160));
    assertEquals(SPEECH_STARTED, detector.onFrame(0.9, 10));
    assertThrows(IllegalArgumentException.class, () -> detector.onFrame(0.9, 0));
  }

  private List<Signal> feed(double probability, int millis) {
    return feed(detector, probability, millis);
  }

  /** Feeds stretches in turn, each a probability then its length in ms, and returns all their signals. */
  private List<Signal> feedInTurn(double... stretches) {
    List<Signal> signals = new ArrayList<>();
    for (int i = 0; i < stretches.length; i += 2) signals.addAll(feed(stretches[i], (int) stretches[i + 1]));
    return signals;
  }

  private static List<Signal> feed(TurnDetector detector, double probability, int millis) {
    List<Signal> signals = new ArrayList<>();
    for (int i = 0; i < millis / FRAME; i++) signals.add(detector.onFrame(probability, FRAME));
    return signals;
  }

  /** The default thresholds, always waiting out {@code endOfUtterance} whatever the words. */
  private static TurnDetector detectorWaitingOut(Duration endOfUtterance) {
    return new TurnDetector(new TurnSettings(0.5, 0.35, Duration.ofMillis(200), endOfUtterance, Duration.ofMillis(300)));
  }

  private static long count(List<Signal> signals, Signal signal) {
    return signals.stream().filter(s -> s == signal).count();
  }

  private static List<Signal> without(List<Signal> signals, Signal signal) {
    return signals.stream().filter(s -> s != signal).toList();
  }
}
