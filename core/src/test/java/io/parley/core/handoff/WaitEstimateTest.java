package io.parley.core.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaitEstimateTest {
  private static List<Duration> minutes(long... values) {
    List<Duration> waits = new ArrayList<>();
    for (long value : values) waits.add(Duration.ofMinutes(value));
    return waits;
  }

  @Test
  void withoutHistoryTheDefaultIsUsed() {
    assertEquals(WaitEstimate.NO_HISTORY, WaitEstimate.typicalWait(List.of()));
    assertEquals(3, WaitEstimate.minutes(1, 1, List.of()));
    assertEquals(6, WaitEstimate.minutes(2, 1, List.of()));
  }

  @Test
  void theMedianIgnoresOneSlowPickup() {
    assertEquals(Duration.ofMinutes(2), WaitEstimate.typicalWait(minutes(1, 2, 40)));
    assertEquals(Duration.ofSeconds(90), WaitEstimate.typicalWait(minutes(1, 2, 40, 1)));
  }

  @Test
  void placesAreSharedAmongTheAgentsOnlineAndRoundedUpToWholeMinutes() {
    List<Duration> recent = List.of(Duration.ofSeconds(100));
    assertEquals(2, WaitEstimate.minutes(1, 1, recent), "100 s is told as 2 minutes");
    assertEquals(2, WaitEstimate.minutes(2, 2, recent), "two agents take the first two");
    assertEquals(4, WaitEstimate.minutes(3, 2, recent));
    assertEquals(2, WaitEstimate.minutes(1, 0, recent), "nobody online yet counts as one agent");
    assertEquals(1, WaitEstimate.minutes(1, 1, List.of(Duration.ofSeconds(5))), "at least a minute");
    assertThrows(IllegalArgumentException.class, () -> WaitEstimate.minutes(0, 1, recent));
  }

  @Test
  void theWindowKeepsTheNewestPickups() {
    List<Duration> recent = List.of();
    for (int i = 1; i <= WaitEstimate.WINDOW + 5; i++) recent = WaitEstimate.withPickup(recent, Duration.ofMinutes(i));
    assertEquals(WaitEstimate.WINDOW, recent.size());
    assertEquals(Duration.ofMinutes(6), recent.get(0));
    assertEquals(Duration.ZERO, WaitEstimate.withPickup(List.of(), Duration.ofSeconds(-3)).get(0), "a clock step back");
  }
}
