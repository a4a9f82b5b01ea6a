package io.parley.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.voice.local.LocalEngines;
import io.parley.voice.local.LocalSpeechEngine;
import io.parley.voice.local.LocalVoiceSettings;
import io.parley.voice.media.EnergyVoiceActivity;
import io.parley.voice.media.Pcm16;
import io.parley.voice.media.TurnDetector;
import io.parley.voice.media.TurnSettings;
import io.parley.voice.media.UtteranceCompleteness;
import io.parley.voice.speech.RecognitionStream;
import io.parley.voice.speech.Transcript;
import io.parley.voice.speech.TranscriptListener;
import io.parley.voice.speech.VoiceEngineException;
import io.parley.voice.testing.TestSpeech;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The turn's end with the real recogniser: spoken questions (the test voice) go to Vosk in real
 * time, frame by frame, its partial words go back to the turn detector as the call does, and the
 * turn ends after the short silence when the words are complete, after the full silence otherwise;
 * a caller pausing mid-sentence, longer than the short silence, stays one utterance; pausing longer
 * than the full silence after words that go on, too. Heard over the bot, a backchannel never barges
 * in and an interruption does.
 */
class TurnEndTest {
  private static final int RATE = 16_000;
  private static final int FRAME = RATE / 50;
  private static final TurnSettings TURNS = TurnSettings.defaults();
  private static LocalEngines engines;

  @BeforeAll
  static void load() {
    engines = LocalEngines.load(new LocalVoiceSettings(Optional.empty(),
        Path.of(System.getProperty("java.io.tmpdir"), "parley-models"), LocalSpeechEngine.FREETTS, "slt", 100));
    // A cold recogniser lags seconds behind its first words; a call's comes warm from earlier calls.
    listen(TestSpeech.say("Hello, I have a question.", RATE));
  }

  @AfterAll
  static void unload() {
    engines.close();
  }

  @Test
  void aCompleteQuestionEndsAfterTheShortSilence() {
    Turns turns = listen(TestSpeech.say("Where is my order now?", RATE));

    assertEquals(1, turns.ends().size(), turns.toString());
    // On a loaded machine the recogniser's last words may come late: the short silence counts from then.
    long known = Math.max(turns.lastVoicedMillis(), turns.lastWordsMillis());
    long end = turns.ends().get(0);
    System.out.printf("the turn ended %d ms after the last voiced frame: %s%n", end - turns.lastVoicedMillis(), turns);
    assertTrue(end <= known + TURNS.completeUtteranceSilence().toMillis() + 60
            || end == turns.lastVoicedMillis() + TURNS.endOfUtterance().toMillis()
            || end == turns.lastVoicedMillis() + TURNS.unfinishedUtteranceSilence().toMillis(),
        "ended " + (end - known) + " ms after the complete words were known: " + turns);
    // Words the small model mishears into a statement are left to the full silence, which is right.
    boolean heardAsQuestion = UtteranceCompleteness.isComplete(turns.finals().get(0));
    // A recogniser behind the audio (a loaded machine) reports no words before the end: the longer silence.
    if (heardAsQuestion && turns.lastWordsMillis() > 0 && known + 100 < turns.lastVoicedMillis() + TURNS.endOfUtterance().toMillis()) {
      assertTrue(end < turns.lastVoicedMillis() + TURNS.endOfUtterance().toMillis(), "sooner than the full silence: " + turns);
    }
    assertTrue(turns.finals().get(0).endsWith("now"), "all of it heard: " + turns);
  }

  @Test
  void aCallerPausingAfterMyOrderNumberIsIsNotCutOff() {
    Turns turns = listen(TestSpeech.say("My order number is", RATE), TestSpeech.say("one two three four.", RATE));

    assertOneUtteranceAcrossThePause(turns, "is one two");
  }

  @Test
  void aCallerPausingAfterAPrepositionIsNotCutOff() {
    Turns turns = listen(TestSpeech.say("I need help with", RATE), TestSpeech.say("my lamp order.", RATE));

    assertOneUtteranceAcrossThePause(turns, "with my");
  }

  @Test
  void aCallerPausingAfterAConjunctionIsNotCutOff() {
    Turns turns = listen(TestSpeech.say("The lamp arrived broken and", RATE), TestSpeech.say("I want a refund.", RATE));

    assertOneUtteranceAcrossThePause(turns, "and i want");
  }

  /** The test voice pauses 300-400 ms at the comma after "yes", "no" or "no thanks", longer than a question's wait. */
  @Test
  void aCallerPausingAtTheCommaAfterYesOrNoIsNotCutOff() {
    for (String answer : List.of("Yes, that is fine.", "No, thank you.", "No thanks, that is all I needed.")) {
      Turns turns = listen(TestSpeech.say(answer, RATE));
      System.out.printf("%s: %s%n", answer, turns);
      assertTrue(turns.pauseMillis() > TURNS.completeUtteranceSilence().toMillis() + 100, "a comma's pause: " + turns);
      assertEquals(1, turns.ends().size(), "one utterance, not cut at the comma: " + turns);
      assertTrue(turns.finals().get(0).contains(" "), "all of it heard: " + turns);
    }
  }

  @Test
  void aCallerPausingLongerThanTheFullSilenceInANumberIsNotCutOff() {
    Turns turns = listen(800, TestSpeech.say("My order number is", RATE), TestSpeech.say("four five one.", RATE));

    assertTrue(turns.pauseMillis() > TURNS.endOfUtterance().toMillis(), "longer than silence alone waits: " + turns);
    assertEquals(1, turns.ends().size(), "one utterance, not cut at the pause: " + turns);
    String heard = turns.finals().get(0);
    assertTrue(heard.startsWith("my order number is ") && heard.length() > "my order number is ".length(), turns.toString());
  }

  @Test
  void backchannelsDoNotBargeInAndAnInterruptionDoes() {
    for (String backchannel : List.of("Okay.", "Yeah.", "Uh-huh.", "Mm-hm.")) {
      Turns turns = listen(TestSpeech.say(backchannel, RATE));
      System.out.printf("%s heard as %s%n", backchannel, turns.finals());
      assertEquals(-1, turns.bargeInMillis(), backchannel + " stops nothing: " + turns);
    }
    Turns interruption = listen(TestSpeech.say("No, wait, that is not what I asked for at all, I wanted the blue one.", RATE));
    System.out.printf("an interruption barged in %d ms after its first voiced frame: %s%n",
        interruption.bargeInMillis() - interruption.firstVoicedMillis(), interruption);
    // Its words not heard yet (a loaded machine's recogniser is behind), it barges in at the backchannel bound.
    assertTrue(interruption.bargeInMillis() > 0 && interruption.bargeInMillis() < interruption.lastVoicedMillis(),
        "while the caller still speaks: " + interruption);
  }

  /** {@code across}: words from both sides of the pause, as the small model hears the test voice. */
  private static void assertOneUtteranceAcrossThePause(Turns turns, String across) {
    assertTrue(turns.pauseMillis() > TURNS.completeUtteranceSilence().toMillis() + 100
        && turns.pauseMillis() < TURNS.endOfUtterance().toMillis(), "a pause between the two: " + turns);
    assertEquals(1, turns.ends().size(), "one utterance, not cut at the pause: " + turns);
    assertTrue(turns.ends().get(0) > turns.lastVoicedMillis(), turns.toString());
    assertTrue(turns.finals().get(0).contains(across), turns.toString());
  }

  private static Turns listen(short[]... parts) {
    return listen(400, parts);
  }

  /**
   * Plays {@code parts}, each without its quiet edges, with a pause of {@code pauseMillis} between
   * them and 1.5 s after, in real time; the turn's ends in milliseconds of the audio.
   */
  private static Turns listen(int pauseMillis, short[]... parts) {
    List<short[]> audio = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) audio.add(new short[RATE * pauseMillis / 1000]);
      audio.add(EnergyVoiceActivity.defaults(RATE).voicedPart(parts[i], TURNS.deactivation()));
    }
    audio.add(new short[RATE * 1500 / 1000]);
    short[] samples = Pcm16.concat(audio);

    ConcurrentLinkedQueue<Transcript> heard = new ConcurrentLinkedQueue<>();
    RecognitionStream recognition = engines.speechToText().open(new TranscriptListener() {
      @Override
      public void onTranscript(Transcript transcript) {
        heard.add(transcript);
      }

      @Override
      public void onFailure(VoiceEngineException failure) {
        throw new AssertionError(failure);
      }
    }, RATE);
    EnergyVoiceActivity energy = EnergyVoiceActivity.defaults(RATE);
    List<Long> ends = new ArrayList<>();
    List<String> finals = new ArrayList<>();
    List<Long> voiced = new ArrayList<>();
    long lastWords = 0;
    long bargeIn = -1;
    try (CallerSpeech caller = new CallerSpeech(RATE, energy, recognition, RATE, new TurnDetector(TURNS), 25)) {
      long start = System.nanoTime();
      for (int i = 0; i + FRAME <= samples.length; i += FRAME) {
        LockSupport.parkNanos(start + i * 1_000_000_000L / RATE - System.nanoTime());
        long millis = i * 1000L / RATE;
        if (drain(heard, caller, finals)) lastWords = millis;
        short[] frame = Arrays.copyOfRange(samples, i, i + FRAME);
        if (energy.probability(frame) >= TURNS.deactivation()) voiced.add(millis + 20);
        if (caller.frame(frame) == TurnDetector.Signal.UTTERANCE_ENDED) ends.add(millis + 20);
        if (bargeIn < 0 && caller.isBargeIn()) bargeIn = millis + 20;
      }
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (finals.size() < ends.size() && System.nanoTime() < deadline) {
        LockSupport.parkNanos(10_000_000);
        drain(heard, caller, finals);
      }
    }
    return new Turns(ends, finals, voiced.get(0) - 20, voiced.get(voiced.size() - 1), longestGap(voiced),
        lastWords, bargeIn);
  }

  /** Hands the recogniser's words to the caller's detector as the call does; whether partial ones came. */
  private static boolean drain(ConcurrentLinkedQueue<Transcript> heard, CallerSpeech caller, List<String> finals) {
    boolean partial = false;
    for (Transcript t; (t = heard.poll()) != null; ) {
      if (t.isFinal()) {
        finals.add(t.text());
      } else {
        caller.heard(t.text());
        partial = true;
      }
    }
    return partial;
  }

  private static long longestGap(List<Long> voiced) {
    long longest = 0;
    for (int i = 1; i < voiced.size(); i++) longest = Math.max(longest, voiced.get(i) - voiced.get(i - 1) - 20);
    return longest;
  }

  /**
   * When the turns ended, what was heard, the first voiced frame's start, the last voiced frame's
   * end, the longest pause between voiced frames, when the recogniser's last partial words came and
   * when the caller would have barged in (-1: never), in milliseconds of the audio.
   */
  private record Turns(List<Long> ends, List<String> finals, long firstVoicedMillis, long lastVoicedMillis,
      long pauseMillis, long lastWordsMillis, long bargeInMillis) {}
}
