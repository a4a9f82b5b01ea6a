package io.parley.core.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.testing.Awaiting;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CpuWorkTest {
  @Test
  void workRunsOnThePoolsOwnPlatformThreadsAndWhatItThrowsIsThrownToTheCaller() throws Exception {
    try (CpuWork cpu = CpuWork.start(2)) {
      Thread caller = Thread.ofVirtual().start(() -> {
        Thread ran = cpu.run("acme", Thread::currentThread);
        assertTrue(ran.getName().startsWith("parley-cpu-") && !ran.isVirtual(), ran.toString());
        assertEquals("nested", cpu.run("acme", () -> cpu.run("acme", () -> "nested")), "runs in place on the pool");
      });
      caller.join();
      IllegalStateException thrown = new IllegalStateException("broken case");
      assertSame(thrown, assertThrows(IllegalStateException.class, () -> cpu.run("acme", () -> {
        throw thrown;
      })));
    }
    assertTrue(CpuWork.threads(0) >= 1 && CpuWork.threads(0) <= Math.max(1, Runtime.getRuntime().availableProcessors()));
    assertEquals(3, CpuWork.threads(3));
  }

  @Test
  void workSubmittedIsNotWaitedForAndAPoolOfItsOwnIsNamedAsAsked() throws Exception {
    CpuWork logic = CpuWork.start("parley-logic", 1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<String> ran = logic.submit("acme", () -> {
      await(release);
      return Thread.currentThread().getName();
    });
    assertFalse(ran.isDone(), "the caller goes on while the work waits");
    release.countDown();
    assertEquals("parley-logic-1", ran.get(10, TimeUnit.SECONDS));
    logic.close();
    ExecutionException stopping = assertThrows(ExecutionException.class, () -> logic.submit("acme", () -> "late").get());
    assertInstanceOf(RejectedExecutionException.class, stopping.getCause());
  }

  @Test
  void tenantsTakeTurnsSoOnesManyTasksDelayAnothersByOneAtMost() throws Exception {
    List<String> order = new CopyOnWriteArrayList<>();
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (CpuWork cpu = CpuWork.start(1)) {
      Thread holder = Thread.ofVirtual().start(() -> cpu.run("acme", () -> {
        busy.countDown();
        await(release);
        return order.add("acme-0");
      }));
      assertTrue(busy.await(10, TimeUnit.SECONDS));
      List<Thread> callers = new java.util.ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        String name = "acme-" + i;
        callers.add(Thread.ofVirtual().start(() -> cpu.run("acme", () -> order.add(name))));
        waitForQueued(cpu, i);
      }
      callers.add(Thread.ofVirtual().start(() -> cpu.run("globex", () -> order.add("globex"))));
      waitForQueued(cpu, 6);
      release.countDown();
      holder.join();
      for (Thread caller : callers) caller.join();
    }
    assertEquals(List.of("acme-0", "acme-1", "globex", "acme-2", "acme-3", "acme-4", "acme-5"), order);
  }

  @Test
  void closingFailsWhatStillWaitsAndRefusesMore() throws Exception {
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CpuWork cpu = CpuWork.start(1);
    Thread holder = Thread.ofVirtual().start(() -> cpu.run("acme", () -> {
      busy.countDown();
      return await(release);
    }));
    assertTrue(busy.await(10, TimeUnit.SECONDS));
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    Thread waiting = Thread.ofVirtual().start(() -> {
      try {
        cpu.run("globex", () -> "never");
      } catch (RejectedExecutionException e) {
        failures.add(e);
      }
    });
    waitForQueued(cpu, 1);
    cpu.close();
    waiting.join();
    release.countDown();
    holder.join();
    assertEquals(1, failures.size());
    assertThrows(RejectedExecutionException.class, () -> cpu.run("acme", () -> "late"));
  }

  private static boolean await(CountDownLatch latch) {
    try {
      return latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Until {@code count} tasks wait: each caller's task is queued before the next caller starts. */
  private static void waitForQueued(CpuWork cpu, int count) {
    Awaiting.await(count + " tasks queued").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
        .until(cpu::waiting, waiting -> waiting >= count);
    assertEquals(count, cpu.waiting());
  }
}
