package io.parley.core.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final Backoff FIXED = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.0);

  @Test
  void growsExponentiallyFromTheInitialDelay() {
    assertEquals(Duration.ofMillis(100), FIXED.delayBeforeRetry(1, () -> 0.5));
    assertEquals(Duration.ofMillis(200), FIXED.delayBeforeRetry(2, () -> 0.5));
    assertEquals(Duration.ofMillis(400), FIXED.delayBeforeRetry(3, () -> 0.5));
    assertEquals(Duration.ofMillis(800), FIXED.delayBeforeRetry(4, () -> 0.5));
  }

  @Test
  void isCappedAtTheMaximumEvenForHugeRetryNumbers() {
    assertEquals(Duration.ofSeconds(1), FIXED.delayBeforeRetry(5, () -> 0.0));
    assertEquals(Duration.ofSeconds(1), FIXED.delayBeforeRetry(10_000, () -> 0.0));
  }

  @Test
  void fullJitterSpreadsTheDelayBetweenZeroAndTheExponentialValue() {
    Backoff full = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 1.0);
    assertEquals(Duration.ofMillis(200), full.delayBeforeRetry(2, () -> 0.0));
    assertEquals(Duration.ofMillis(100), full.delayBeforeRetry(2, () -> 0.5));
    assertEquals(Duration.ofMillis(50), full.delayBeforeRetry(2, () -> 0.75));
  }

  @Test
  void partialJitterKeepsAFloorOfTheDelay() {
    Backoff half = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.5);
    assertEquals(Duration.ofMillis(400), half.delayBeforeRetry(3, () -> 0.0));
    assertEquals(Duration.ofMillis(200), half.delayBeforeRetry(3, () -> 1.0));
    // Jitter applies after the cap, so the cap is never exceeded.
    assertEquals(Duration.ofMillis(750), half.delayBeforeRetry(20, () -> 0.5));
  }

  @Test
  void rejectsSettingsThatCannotFormASchedule() {
    assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2.0, 0));
    assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofMillis(-1), Duration.ofSeconds(1), 2.0, 0));
    assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 0.5, 0));
    assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), Double.NaN, 0));
    assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 2.0, 1.5));
  }

  @Test
  void rejectsRetryNumbersBelowOneAndRandomValuesOutsideTheUnitInterval() {
    assertThrows(IllegalArgumentException.class, () -> FIXED.delayBeforeRetry(0, () -> 0.0));
    assertThrows(IllegalArgumentException.class, () -> FIXED.delayBeforeRetry(1, () -> 2.0));
  }
}
