package io.parley.voice.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FrameCutterTest {
  @Test
  void piecesOfAnyLengthBecomeWholeFramesInOrder() {
    FrameCutter cutter = new FrameCutter(4);
    assertEquals(List.of(), cutter.add(new short[] {1, 2, 3}));
    List<short[]> frames = cutter.add(new short[] {4, 5, 6, 7, 8, 9, 10});
    assertEquals(2, frames.size());
    assertArrayEquals(new short[] {1, 2, 3, 4}, frames.get(0));
    assertArrayEquals(new short[] {5, 6, 7, 8}, frames.get(1));
    assertArrayEquals(new short[] {9, 10, 0, 0}, cutter.flush().orElseThrow(), "the rest, padded with silence");
    assertTrue(cutter.flush().isEmpty());
    assertTrue(cutter.isEmpty());
  }
}
