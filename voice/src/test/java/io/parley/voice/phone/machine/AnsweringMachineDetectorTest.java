package io.parley.voice.phone.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.voice.media.Pcm16;
import io.parley.voice.phone.machine.AnsweringMachineDetector.Heard;
import io.parley.voice.phone.machine.AnsweringMachineDetector.MessageCue;
import io.parley.voice.phone.machine.AnsweringMachineDetector.Result;
import io.parley.voice.phone.machine.AnsweringMachineDetector.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The detector's rules on made-up audio at 8 kHz: noise loud enough to be speech stands for words
 * (it spreads its energy as speech does), sines for beeps. The corpus of synthetic voices is the
 * bench's (AnsweringMachineBenchTest).
 */
class AnsweringMachineDetectorTest {
  private final Random random = new Random(3);

  @Test
  void aShortGreetingAndAPauseIsAPerson() {
    List<Heard> heard = hear(speech(600), silence(3000));
    Verdict verdict = (Verdict) heard.get(0);
    assertEquals(Result.HUMAN, verdict.result());
    assertEquals("short greeting", verdict.reason());
    assertEquals(600 + AnsweringMachineDetector.PAUSE_MILLIS, verdict.atMillis(), 40);
    assertEquals(1, heard.size(), "no cue for a person: " + heard);
  }

  @Test
  void aLongGreetingWithShortPausesIsAMachineAndTheMessageWaitsForTheBeepsEnd() {
    List<Heard> heard = hear(speech(1200), silence(300), speech(1500), silence(400), speech(1000), silence(300),
        tone(1000, 500), silence(2000));
    Verdict verdict = (Verdict) heard.get(0);
    assertEquals(Result.MACHINE, verdict.result());
    assertEquals("long greeting", verdict.reason());
    assertTrue(verdict.atMillis() <= 3000, "decided within 3 s: " + verdict);
    MessageCue cue = (MessageCue) heard.get(1);
    assertEquals("beep", cue.after());
    long beepEnd = 1200 + 300 + 1500 + 400 + 1000 + 300 + 500;
    assertTrue(cue.atMillis() >= beepEnd && cue.atMillis() <= beepEnd + 100, "right after the beep: " + cue);
  }

  @Test
  void aBeepAfterAShortGreetingIsAMachine() {
    List<Heard> heard = hear(speech(900), silence(200), tone(1400, 400), silence(2000));
    assertEquals(new Verdict(Result.MACHINE, "beep", 900 + 200 + BeepDetector.MIN_FRAMES * 20), heard.get(0));
    assertEquals("beep", ((MessageCue) heard.get(1)).after());
    assertEquals(1500, ((MessageCue) heard.get(1)).atMillis(), 60);
  }

  @Test
  void aMachineThatNeverBeepsIsCuedByTheSilenceAfterItsGreeting() {
    List<Heard> heard = hear(speech(4000), silence(3000));
    assertEquals(Result.MACHINE, ((Verdict) heard.get(0)).result());
    assertEquals(new MessageCue("silence", 4000 + AnsweringMachineDetector.GREETING_END_MILLIS), heard.get(1));
  }

  @Test
  void silenceIsUnsureAndAClickIsNoGreeting() {
    List<Heard> heard = hear(silence(500), speech(40), silence(3000));
    assertEquals(new Verdict(Result.UNSURE, "silence", AnsweringMachineDetector.SILENCE_MILLIS), heard.get(0));
  }

  @Test
  void aGreetingNeitherShortNorLongIsUnsureAtTheDeadline() {
    List<Heard> heard = hear(speech(1900), silence(2000));
    Verdict verdict = (Verdict) heard.get(0);
    assertEquals(Result.UNSURE, verdict.result());
    assertEquals(AnsweringMachineDetector.DECIDE_MILLIS, verdict.atMillis());
  }

  @Test
  void steadyTonesAreBeepsWhereverTheyFallBetweenBinsAndNoiseIsNot() {
    for (int hz : new int[] {440, 1000, 1004, 1425, 2000}) {
      BeepDetector detector = new BeepDetector(8000);
      List<BeepDetector.Tone> tones = new ArrayList<>();
      for (short[] frame : frames(Pcm16.concat(List.of(tone(hz, 300), silence(100))))) tones.add(detector.frame(frame));
      assertEquals(1, tones.stream().filter(t -> t == BeepDetector.Tone.STARTED).count(), hz + " Hz: " + tones);
      assertEquals(1, tones.stream().filter(t -> t == BeepDetector.Tone.ENDED).count(), hz + " Hz: " + tones);
    }
    BeepDetector detector = new BeepDetector(8000);
    for (short[] frame : frames(speech(2000))) assertTrue(detector.frame(frame) != BeepDetector.Tone.STARTED);
    BeepDetector quiet = new BeepDetector(8000);
    for (short[] frame : frames(scaled(tone(1000, 500), 0.01))) assertEquals(BeepDetector.Tone.NONE, quiet.frame(frame));
  }

  private List<Heard> hear(short[]... parts) {
    AnsweringMachineDetector detector = new AnsweringMachineDetector();
    List<Heard> heard = new ArrayList<>();
    for (short[] frame : frames(Pcm16.concat(List.of(parts)))) detector.frame(frame).ifPresent(heard::add);
    return heard;
  }

  private static List<short[]> frames(short[] audio) {
    List<short[]> frames = new ArrayList<>();
    for (int at = 0; at + 160 <= audio.length; at += 160) frames.add(Arrays.copyOfRange(audio, at, at + 160));
    return frames;
  }

  private short[] speech(int millis) {
    short[] noise = new short[millis * 8];
    for (int i = 0; i < noise.length; i++) noise[i] = (short) (random.nextGaussian() * 3000);
    return noise;
  }

  private static short[] silence(int millis) {
    return new short[millis * 8];
  }

  private static short[] tone(int hz, int millis) {
    short[] tone = new short[millis * 8];
    for (int i = 0; i < tone.length; i++) tone[i] = (short) (8000 * Math.sin(2 * Math.PI * hz * i / 8000));
    return tone;
  }

  private static short[] scaled(short[] audio, double by) {
    short[] scaled = new short[audio.length];
    for (int i = 0; i < audio.length; i++) scaled[i] = (short) (audio[i] * by);
    return scaled;
  }
}
