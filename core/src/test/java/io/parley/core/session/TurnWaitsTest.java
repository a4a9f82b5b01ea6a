package io.parley.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TurnWaitsTest {
  private final AtomicLong clock = new AtomicLong(1_000);
  private final TurnWaits waits = new TurnWaits(clock::get);

  @Test
  void countsOnlyTheTimeInsideWaitsTheOneUnderWayIncluded() {
    assertEquals(0, waits.nanos());
    clock.addAndGet(50);
    waits.begin();
    clock.addAndGet(30);
    assertEquals(30, waits.nanos(), "a model call streaming: its time so far");
    clock.addAndGet(10);
    waits.end();
    clock.addAndGet(500);
    assertEquals(40, waits.nanos(), "the node's own work between waits does not count");
    waits.begin();
    clock.addAndGet(7);
    waits.end();
    assertEquals(47, waits.nanos());
  }

  @Test
  void aSecondBeginOrEndIsNoNewWait() {
    waits.begin();
    clock.addAndGet(20);
    waits.begin();
    clock.addAndGet(20);
    waits.end();
    clock.addAndGet(100);
    waits.end();
    assertEquals(40, waits.nanos());
  }
}
