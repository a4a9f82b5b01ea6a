package io.parley.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WakePacingTest {
  private final AtomicLong clock = new AtomicLong(5_000_000_000L);

  @Test
  void wakesAskedTogetherGetConsecutiveSlots() {
    WakePacing pacing = new WakePacing(10, clock::get);

    assertEquals(Duration.ZERO, pacing.nextDelay());
    assertEquals(Duration.ofMillis(100), pacing.nextDelay());
    assertEquals(Duration.ofMillis(200), pacing.nextDelay());
    clock.addAndGet(Duration.ofMillis(150).toNanos());
    assertEquals(Duration.ofMillis(150), pacing.nextDelay(), "the slot at 300 ms, asked at 150 ms");
  }

  @Test
  void aQuietSpellSavesNoSlotsForABurstAfterIt() {
    WakePacing pacing = new WakePacing(10, clock::get);
    pacing.nextDelay();
    clock.addAndGet(Duration.ofSeconds(60).toNanos());

    assertEquals(Duration.ZERO, pacing.nextDelay());
    assertEquals(Duration.ofMillis(100), pacing.nextDelay(), "a minute of quiet does not allow 600 wakes at once");
  }

  @Test
  void slotsTakenFromManyThreadsAreAllDifferent() {
    WakePacing pacing = new WakePacing(1000, clock::get);
    var delays = ConcurrentHashMap.<Duration>newKeySet();

    IntStream.range(0, 10_000).parallel().forEach(i -> delays.add(pacing.nextDelay()));

    assertEquals(10_000, delays.size());
    assertEquals(Duration.ofSeconds(10).minusMillis(1), delays.stream().max(Duration::compareTo).orElseThrow());
  }

  @Test
  void aRateMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new WakePacing(0, clock::get));
  }
}
