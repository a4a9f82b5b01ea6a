package io.parley.voice.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** 16 kHz: 80 samples a 5 ms window, 160 samples the 10 ms kept. */
class LeadingSilenceTest {
  private static final int RATE = 16_000;

  /** 200 ms of faint hiss (a synthesiser's quiet), then a 440 Hz tone. */
  private static short[] sentence() {
    short[] samples = new short[RATE * 600 / 1000];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = i < 3200 ? (short) (i % 7 * 6 - 18) : (short) (8000 * Math.sin(2 * Math.PI * 440 * i / RATE));
    }
    return samples;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 37, 80, 320, 1600, 9600})
  void theQuietBeforeTheFirstSoundIsCutButTenMillisecondsInChunksOfAnySize(int chunkSize) {
    short[] sentence = sentence();
    LeadingSilence trim = new LeadingSilence(RATE, 100, 10);
    short[] played = new short[0];
    for (int at = 0; at < sentence.length; at += chunkSize) {
      short[] out = trim.next(Arrays.copyOfRange(sentence, at, Math.min(sentence.length, at + chunkSize)));
      played = concat(played, out);
    }
    assertArrayEquals(Arrays.copyOfRange(sentence, 3200 - 160, sentence.length), played,
        "from 10 ms before the tone's window on");
  }

  @Test
  void afterTheFirstSoundChunksPassAsTheyAre() {
    LeadingSilence trim = new LeadingSilence(RATE, 100, 10);
    trim.next(sentence());
    short[] quiet = new short[800];
    assertSame(quiet, trim.next(quiet), "a pause inside the sentence is kept");
  }

  @Test
  void aQuietSentenceGivesNothingAndAThresholdOfZeroEverything() {
    LeadingSilence trim = new LeadingSilence(RATE, 100, 10);
    assertEquals(0, trim.next(new short[RATE]).length);
    short[] sentence = sentence();
    assertSame(sentence, new LeadingSilence(RATE, 0, 10).next(sentence), "0: off");
  }

  @Test
  void aSoundAtTheVeryStartKeepsEverything() {
    short[] loud = new short[400];
    Arrays.fill(loud, (short) 5000);
    assertArrayEquals(loud, new LeadingSilence(RATE, 100, 10).next(loud));
  }

  @Test
  void badSettingsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new LeadingSilence(0, 100, 10));
    assertThrows(IllegalArgumentException.class, () -> new LeadingSilence(RATE, -1, 10));
    assertThrows(IllegalArgumentException.class, () -> new LeadingSilence(RATE, 100, -1));
  }

  private static short[] concat(short[] a, short[] b) {
    short[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
