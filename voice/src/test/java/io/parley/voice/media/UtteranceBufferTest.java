package io.parley.voice.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class UtteranceBufferTest {
  @Test
  void keepsFramesInOrderAndJoinsThem() {
    UtteranceBuffer buffer = new UtteranceBuffer(1000, Duration.ofSeconds(1));
    assertTrue(buffer.isEmpty());

    buffer.add(new short[] {1, 2});
    buffer.add(new short[] {3});

    assertFalse(buffer.isEmpty());
    assertEquals(2, buffer.frames().size());
    assertArrayEquals(new short[] {1, 2, 3}, buffer.samples());
  }

  @Test
  void dropsTheOldestFramesPastTheBoundAndSaysSoOncePerUtterance() {
    UtteranceBuffer buffer = new UtteranceBuffer(1000, Duration.ofMillis(40)); // 40 samples
    for (short i = 0; i < 4; i++) {
      assertFalse(buffer.add(frame(i)), "within the bound");
    }

    assertTrue(buffer.add(frame((short) 4)), "the first drop is reported");
    assertFalse(buffer.add(frame((short) 5)), "later drops are not");
    assertEquals(4, buffer.frames().size());
    assertEquals(2, buffer.frames().get(0)[0], "the oldest frames went");
    assertEquals(5, buffer.frames().get(3)[0]);

    buffer.clear();
    assertTrue(buffer.isEmpty());
    assertEquals(0, buffer.samples().length);
    for (short i = 0; i < 4; i++) buffer.add(frame(i));
    assertTrue(buffer.add(frame((short) 4)), "a new utterance reports its own first drop");
  }

  @Test
  void keepsAFrameLongerThanTheBoundRatherThanNothing() {
    UtteranceBuffer buffer = new UtteranceBuffer(1000, Duration.ofMillis(5));

    buffer.add(new short[20]);

    assertEquals(20, buffer.samples().length);
  }

  private static short[] frame(short value) {
    short[] frame = new short[10];
    Arrays.fill(frame, value);
    return frame;
  }
}
