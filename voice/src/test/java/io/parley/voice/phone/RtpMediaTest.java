package io.parley.voice.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
      Thread.sleep(300);
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
}
