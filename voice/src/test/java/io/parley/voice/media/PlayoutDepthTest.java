package io.parley.voice.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.Test;

/**
 * The adaptive depth driving a real {@link JitterBuffer} and {@link RtpReception}, as a call's RTP
 * channel does: packets sent every 20 ms, arriving with the delays of each case (in ms; -1 lost),
 * play-out ticking every 20 ms.
 */
class PlayoutDepthTest {
  private static final int PACKETS = 1500;
  /** Five seconds of calm before a frame goes. */
  private static final int CALM_TICKS = 250;

  @Test
  void aSteadyNetworkKeepsTheLeastDepth() {
    Played played = play(1, 10, i -> 5);
    assertEquals(0, played.late());
    assertEquals(1, played.maxDepth());
    assertEquals(1, played.finalDepth());
  }

  @Test
  void burstsGrowTheDepthSoThatLaterBurstsLoseLess() {
    // Every 2 s, the network holds packets for 100 ms and lets them go at once.
    IntToLongFunction bursts = i -> i % 100 < 5 ? 5 + (5 - i % 100) * 20L : 5;
    Played fixed = play(1, 1, bursts);
    Played adaptive = play(1, 10, bursts);
    assertTrue(fixed.starved() >= 10, "a fixed 20 ms buffer runs dry in every burst: " + fixed.starved());
    assertTrue(adaptive.starved() < fixed.starved() * 2 / 3, "adaptive ran dry " + adaptive.starved() + " times, fixed "
        + fixed.starved());
    assertTrue(adaptive.maxDepth() >= 2 && adaptive.maxDepth() <= 10, "grew to " + adaptive.maxDepth());
  }

  @Test
  void reorderedPacketsAreWaitedFor() {
    // Every fourth packet overtakes the one before it.
    IntToLongFunction swapped = i -> i % 4 == 2 ? 35 : 5;
    Played adaptive = play(1, 10, swapped);
    Played fixed = play(1, 1, swapped);
    assertTrue(fixed.late() > 300, "fixed: " + fixed.late());
    assertTrue(adaptive.late() <= 2, "the first one or two, then the depth covers it: " + adaptive.late());
    assertTrue(adaptive.maxDepth() >= 2, "depth " + adaptive.maxDepth());
  }

  @Test
  void lossIsNoJitter() {
    Played played = play(1, 10, i -> i % 7 == 3 ? -1 : 5);
    assertEquals(1, played.maxDepth(), "a lost packet is concealed, not waited for");
    assertEquals(0, played.late());
    assertTrue(played.concealed() + played.starved() >= PACKETS / 7 - 2, "each lost frame made up for once: " + played);
  }

  @Test
  void afterTheJitterCalmsTheDepthShrinksSlowly() {
    // Rough for the first 10 s (packets up to 60 ms late), smooth after.
    Played played = play(1, 10, i -> i < 500 ? 5 + (i * 37 % 60) : 5);
    assertTrue(played.maxDepth() >= 3, "grew to " + played.maxDepth());
    int lastRough = 500;
    assertEquals(played.maxDepth(), played.depthAt(lastRough + CALM_TICKS / 2), "not within the calm ticks");
    assertTrue(played.finalDepth() < played.maxDepth(), "shrank to " + played.finalDepth());
    assertTrue(played.dropped() > 0, "by dropping frames that were already there: " + played.dropped());
  }

  @Test
  void badBoundsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new PlayoutDepth(0, 5, 20, 10));
    assertThrows(IllegalArgumentException.class, () -> new PlayoutDepth(3, 2, 20, 10));
    assertThrows(IllegalArgumentException.class, () -> new JitterBuffer(2, 5, 160).resize(5));
  }

  @Test
  void aLatePacketGrowsTheDepthByAFrameUpToTheMost() {
    PlayoutDepth depth = new PlayoutDepth(1, 2, 20, 10);
    assertEquals(2, depth.late());
    assertEquals(2, depth.late(), "not past the most");
    for (int i = 0; i < 9; i++) assertEquals(2, depth.tick());
    assertEquals(1, depth.tick(), "ten calm ticks");
  }

  private record Played(long late, long concealed, long starved, long dropped, int maxDepth, int finalDepth, List<Integer> depths) {
    int depthAt(int tick) {
      return depths.get(tick);
    }
  }

  private record Event(long atMicros, int packet) {}

  /** Packets {@code 0..PACKETS} with {@code delayMillis} each (-1: lost), through the buffer from {@code min} to {@code max} frames. */
  private static Played play(int min, int max, IntToLongFunction delayMillis) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < PACKETS; i++) {
      long delay = delayMillis.applyAsLong(i);
      if (delay >= 0) events.add(new Event((i * 20 + delay) * 1000, i));
    }
    // Ticks half a frame after the sending clock, from the first arrival on; ticks sort after arrivals at the same time.
    for (int tick = 0; tick < PACKETS + 50; tick++) events.add(new Event(tick * 20_000L + 10_000 + 1, -1));
    events.sort(Comparator.comparingLong(Event::atMicros));
    JitterBuffer buffer = new JitterBuffer(min, max + 25, 160);
    RtpReception reception = new RtpReception(8000);
    PlayoutDepth depth = new PlayoutDepth(min, max, 20, CALM_TICKS);
    List<Integer> depths = new ArrayList<>();
    int maxDepth = min;
    for (Event event : events) {
      if (event.packet() >= 0) {
        long arrived = event.atMicros() * 1000;
        JitterBuffer.Arrival arrival = buffer.offer(event.packet(), new short[160], arrived);
        reception.packet(event.packet());
        reception.timing(event.packet() * 160L, arrived);
        buffer.resize(depth.arrived(reception.jitterMillis()));
        if (arrival == JitterBuffer.Arrival.LATE) buffer.resize(depth.late());
      } else {
        buffer.resize(depth.tick());
        buffer.poll();
        depths.add(depth.frames());
      }
      maxDepth = Math.max(maxDepth, depth.frames());
    }
    return new Played(buffer.counts().late(), buffer.counts().concealed(), buffer.counts().starved(), buffer.counts().dropped(), maxDepth, depth.frames(), depths);
  }
}
