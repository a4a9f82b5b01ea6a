package io.parley.voice.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HoldToneTest {
  @Test
  void aTwoSecondLoopOfTwoNotesAndQuietInTwentyMillisecondFrames() {
    HoldTone tone = new HoldTone();
    short[][] loop = new short[HoldTone.LOOP_FRAMES][];
    for (int i = 0; i < loop.length; i++) loop[i] = tone.next();
    assertEquals(OutgoingAudio.FRAME_SAMPLES, loop[0].length);
    assertTrue(peak(loop[10]) > 2000, "the first note sounds");
    assertEquals(0, peak(loop[25]), "a pause between the notes");
    assertTrue(peak(loop[40]) > 2000, "the second note sounds");
    assertEquals(0, peak(loop[80]), "quiet before the loop starts again");
    assertTrue(peak(loop[0]) < 3000 && Math.abs(loop[0][0]) < 100, "a note fades in, no click");
    assertArrayEquals(loop[10], loopAgain(tone)[10], "the loop repeats");
  }

  private static short[][] loopAgain(HoldTone tone) {
    short[][] loop = new short[HoldTone.LOOP_FRAMES][];
    for (int i = 0; i < loop.length; i++) loop[i] = tone.next();
    return loop;
  }

  private static int peak(short[] frame) {
    int peak = 0;
    for (short sample : frame) peak = Math.max(peak, Math.abs(sample));
    return peak;
  }
}
