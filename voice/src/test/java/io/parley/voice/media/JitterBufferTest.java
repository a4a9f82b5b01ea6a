package io.parley.voice.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class JitterBufferTest {
  private static final int DEPTH = 3;

  /** A frame whose every sample is {@code value}: easy to recognise when played. */
  private static short[] frame(int value) {
    short[] samples = new short[160];
    Arrays.fill(samples, (short) value);
    return samples;
  }

  private static int valueOf(JitterBuffer.Frame frame) {
    return frame.samples()[0];
  }

  /** The next {@code polls} frames, one per tick. */
  private static List<JitterBuffer.Frame> drain(JitterBuffer buffer, int polls) {
    List<JitterBuffer.Frame> out = new ArrayList<>();
    for (int i = 0; i < polls; i++) out.add(buffer.poll().orElseThrow());
    return out;
  }

  @Test
  void nothingPlaysBeforeTheFirstFrameThenTheFirstWaitsTheDepth() {
    JitterBuffer buffer = new JitterBuffer(DEPTH, 16, 160);
    assertTrue(buffer.poll().isEmpty(), "no stream yet");
    buffer.offer(10, frame(100), 1);
    List<JitterBuffer.Frame> out = drain(buffer, DEPTH);
    assertTrue(out.get(0).concealed() && out.get(1).concealed(), "silence while it fills");
    assertEquals(0, out.get(0).samples()[0]);
    assertFalse(out.get(2).concealed());
    assertEquals(100, valueOf(out.get(2)));
    assertEquals(1, out.get(2).arrivedNanos());
  }

  @Test
  void framesOutOfOrderPlayInOrderAcrossTheSixteenBitWrap() {
    JitterBuffer buffer = new JitterBuffer(DEPTH, 16, 160);
    int[] arrivals = {65534, 0, 65535, 1, 3, 2};
    for (int sequence : arrivals) {
      assertEquals(JitterBuffer.Arrival.BUFFERED, buffer.offer(sequence, frame(sequence % 1000), 0));
    }
    drain(buffer, DEPTH - 1);
    List<Integer> played = drain(buffer, 6).stream().map(JitterBufferTest::valueOf).toList();
    assertEquals(List.of(534, 535, 0, 1, 2, 3), played);
    assertEquals(0, buffer.counts().late() + buffer.counts().duplicates() + buffer.counts().concealed());
  }

  @Test
  void anEarlierFrameArrivingBeforePlayOutBecomesTheFirst() {
    JitterBuffer buffer = new JitterBuffer(DEPTH, 16, 160);
    buffer.offer(5, frame(5), 0);
    buffer.offer(4, frame(4), 0);
    drain(buffer, DEPTH - 1);
    assertEquals(List.of(4, 5), drain(buffer, 2).stream().map(JitterBufferTest::valueOf).toList());
  }

  @Test
  void duplicatesAndLateFramesAreDroppedAndCounted() {
    JitterBuffer buffer = new JitterBuffer(DEPTH, 16, 160);
    buffer.offer(1, frame(1), 0);
    buffer.offer(3, frame(3), 0);
    assertEquals(JitterBuffer.Arrival.DUPLICATE, buffer.offer(3, frame(3), 0), "held twice");
    drain(buffer, DEPTH - 1);
    assertEquals(1, valueOf(buffer.poll().orElseThrow()));
    JitterBuffer.Frame gap = buffer.poll().orElseThrow();
    assertTrue(gap.concealed(), "2 is missing while 3 is there: lost");
    assertEquals(JitterBuffer.Arrival.LATE, buffer.offer(2, frame(2), 0), "its place was concealed");
    assertEquals(JitterBuffer.Arrival.DUPLICATE, buffer.offer(1, frame(1), 0), "already played");
    assertEquals(3, valueOf(buffer.poll().orElseThrow()));
    assertEquals(1, buffer.counts().late());
    assertEquals(2, buffer.counts().duplicates());
    assertEquals(1, buffer.counts().concealed());
  }

  @Test
  void aCopyOfALateFrameIsADuplicateNotLateAgain() {
    JitterBuffer buffer = new JitterBuffer(DEPTH, 16, 160);
    buffer.offer(1, frame(1), 0);
    buffer.offer(3, frame(3), 0);
    drain(buffer, DEPTH);
    assertTrue(buffer.poll().orElseThrow().concealed(), "2 is missing while 3 is there: lost");
    // Both copies of 2 come after its place was concealed: the first is late, the second a copy of it.
    assertEquals(JitterBuffer.Arrival.LATE, buffer.offer(2, frame(2), 0));
    assertEquals(JitterBuffer.Arrival.DUPLICATE, buffer.offer(2, frame(2), 0));
    assertEquals(1, buffer.counts().late());
    assertEquals(1, buffer.counts().duplicates());
  }

  @Test
  void aLostFrameIsTheLastOneFadedThenSilence() {
    JitterBuffer buffer = new JitterBuffer(1, 16, 160);
    buffer.offer(0, frame(1000), 0);
    buffer.offer(4, frame(4), 0);
    assertEquals(1000, valueOf(buffer.poll().orElseThrow()));
    assertEquals(500, valueOf(buffer.poll().orElseThrow()), "half as loud");
    assertEquals(250, valueOf(buffer.poll().orElseThrow()), "a quarter");
    assertArrayEquals(new short[160], buffer.poll().orElseThrow().samples(), "then silence");
    assertEquals(4, valueOf(buffer.poll().orElseThrow()));
    assertEquals(3, buffer.counts().concealed());
  }

  @Test
  void whenTheCallerPausesTheStreamGoesOnAndTheNumberingPicksUpWhereItStopped() {
    JitterBuffer buffer = new JitterBuffer(2, 16, 160);
    buffer.offer(7, frame(7), 0);
    drain(buffer, 2);
    for (int i = 0; i < 50; i++) assertTrue(buffer.poll().orElseThrow().concealed(), "a steady stream of silence");
    // A phone that sends nothing while the caller is quiet goes on with the next number.
    assertEquals(JitterBuffer.Arrival.BUFFERED, buffer.offer(8, frame(8), 0));
    buffer.offer(9, frame(9), 0);
    buffer.poll();
    assertEquals(List.of(8, 9), drain(buffer, 2).stream().map(JitterBufferTest::valueOf).toList());
    assertEquals(0, buffer.counts().concealed(), "a pause is no loss");
  }

  @Test
  void memoryIsBoundedAndAJumpFarAheadStartsOver() {
    JitterBuffer buffer = new JitterBuffer(DEPTH, 8, 160);
    for (int sequence = 0; sequence < 1000; sequence++) buffer.offer(sequence, frame(sequence), 0);
    assertTrue(buffer.held() <= 8, "held " + buffer.held());
    buffer.offer(40_000, frame(4), 0);
    assertEquals(1, buffer.held(), "a new stream");
    drain(buffer, DEPTH - 1);
    assertEquals(4, valueOf(buffer.poll().orElseThrow()));
  }

  @Test
  void settingsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> new JitterBuffer(0, 8, 160));
    assertThrows(IllegalArgumentException.class, () -> new JitterBuffer(3, 3, 160));
  }
}
