package io.parley.voice.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The node's RTP clock. */
class RtpMediaTest {

  @Test
  void everyCallTicksEveryTwentyMillisecondsAndTheCallsAreSpreadOverThem() throws InterruptedException {
    List<List<Long>> dues = new ArrayList<>();
    try (RtpMedia media = RtpMedia.start(new PrometheusRegistry(), Duration.ofMillis(60), Duration.ofMillis(60))) {
      for (int call = 0; call < 2 * RtpClock.SLOTS; call++) {
        List<Long> due = new CopyOnWriteArrayList<>();
        dues.add(due);
        media.everyFrame(due::add);
      }
      Thread.sleep(300); // the clock ticks in real time: 300 ms of its rounds to look at
    }

    long frame = RtpClock.FRAME.toNanos();
    Set<Long> phases = new HashSet<>();
    long first = dues.stream().mapToLong(due -> due.get(0)).min().orElseThrow();
    for (List<Long> due : dues) {
      assertTrue(due.size() >= 5, "ticked " + due.size() + " times in 300 ms");
      for (int i = 1; i < due.size(); i++) assertEquals(frame, due.get(i) - due.get(i - 1), "one tick every 20 ms: no round of its slot skipped or repeated");
      phases.add(Math.floorMod(due.get(0) - first, frame));
    }
    assertEquals(RtpClock.SLOTS, phases.size(), "the calls' ticks are spread over the 20 ms, two calls to a slot");
  }

  @Test
  void theClockWakesOnlyWhileTheNodeHasACall() throws InterruptedException {
    try (RtpMedia media = RtpMedia.start(new PrometheusRegistry(), Duration.ofMillis(60), Duration.ofMillis(60))) {
      assertFalse(media.clock().running(), "no call, no wake-ups");
      List<Long> first = new CopyOnWriteArrayList<>();
      Runnable hangUp = media.everyFrame(first::add);
      assertTrue(media.clock().running());
      Thread.sleep(100); // real time for the clock to tick in
      hangUp.run();
      hangUp.run();
      assertFalse(media.clock().running(), "the last call gone (its handle run twice), the clock stops");
      Thread.sleep(5); // a tick already under way when the clock stopped lands now
      int ticks = first.size();
      assertTrue(ticks >= 2, "ticked " + ticks + " times in 100 ms");
      Thread.sleep(60); // three frames' time: a running clock would tick in it
      assertEquals(ticks, first.size(), "no tick after the hang-up");

      long rejoined = System.nanoTime();
      List<Long> next = new CopyOnWriteArrayList<>();
      Runnable second = media.everyFrame(next::add);
      Thread.sleep(100); // real time for the clock to tick in
      second.run();
      assertTrue(next.size() >= 2, "the next call starts the clock again: " + next.size() + " ticks");
      assertTrue(next.get(0) > rejoined, "its rounds are due from its own start, not the first call's");
    }
  }
}
