package io.parley.voice.media;

import static io.parley.voice.media.RealTimeGate.Verdict.DROPPED;
import static io.parley.voice.media.RealTimeGate.Verdict.FIRST_DROPPED;
import static io.parley.voice.media.RealTimeGate.Verdict.TAKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RealTimeGateTest {
  private final RealTimeGate gate = new RealTimeGate(1_000);

  @Test
  void audioInRealTimeIsAlwaysTaken() {
    for (long at = 0; at < 60_000; at += 20) assertEquals(TAKEN, gate.offer(at, 20));
  }

  @Test
  void audioFasterThanRealTimeIsTakenUpToTheBoundThenDroppedAndReportedOncePerBurst() {
    for (int i = 0; i < 50; i++) assertEquals(TAKEN, gate.offer(0, 20), "frame " + i);
    assertEquals(FIRST_DROPPED, gate.offer(0, 20), "a second ahead");
    assertEquals(DROPPED, gate.offer(0, 20));
    assertEquals(TAKEN, gate.offer(40, 20), "real time caught up");
    assertEquals(FIRST_DROPPED, gate.offer(40, 40), "a new burst is reported again");
  }

  @Test
  void aLongGapEarnsNoMoreCreditThanTheBound() {
    assertEquals(TAKEN, gate.offer(0, 20));
    int taken = 0;
    while (gate.offer(10_000, 20) == TAKEN) taken++;
    assertEquals(100, taken, "after 10 s of nothing, 2 s at once: a second of credit and a second ahead, not 11 s");
  }

  @Test
  void refusesANonPositiveBound() {
    assertThrows(IllegalArgumentException.class, () -> new RealTimeGate(0));
  }
}
