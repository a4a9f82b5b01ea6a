package io.parley.core.procedure;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import io.parley.core.compute.LogicBudget;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A check's time is its thread's work: a thread kept waiting (a busy node, a collector's pause) past
 * the budget on the clock is not stopped, one working past it is.
 */
class CheckMeterClockTest {
  private static final CelExpr ONE = CelExpr.ofConstant(1, CelConstant.ofValue(1L));

  private static CheckMeter meter(Duration limit) {
    return new CheckMeter(new LogicBudget(limit, 1_000_000, 8_000_000, 1), CheckMeter::threadCpuNanos);
  }

  @Test
  void aThreadKeptWaitingPastTheLimitOnTheClockIsNotStopped() throws InterruptedException {
    CheckMeter meter = meter(Duration.ofMillis(100));
    Thread.sleep(400); // the clock passes the limit; the thread does no work
    assertDoesNotThrow(() -> meter.callback(ONE, 1L));
  }

  @Test
  void aThreadWorkingPastTheLimitIsStopped() {
    CheckMeter meter = meter(Duration.ofMillis(20));
    long start = CheckMeter.threadCpuNanos();
    long spins = 0;
    while (CheckMeter.threadCpuNanos() - start < Duration.ofMillis(60).toNanos()) spins++;
    long worked = spins;
    assertThrows(LogicBudget.Exceeded.class, () -> meter.callback(ONE, worked));
  }
}
