package io.parley.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

class FreshEventsTest {
  private static final byte[] ADA = "ada|key-1|33|UserMessageAppended".getBytes();
  private static final byte[] BEA = "bea|key-1|33|UserMessageAppended".getBytes();

  /** Sealed bytes as {@code Sealing.seal} makes them: the nonce first (here its first byte chosen), then the rest. */
  private static byte[] sealed(int nonce, int rest) {
    return sealed(nonce, rest, 40);
  }

  private static byte[] sealed(int nonce, int rest, int length) {
    byte[] sealed = new byte[length];
    sealed[0] = (byte) nonce;
    sealed[length - 1] = (byte) rest;
    return sealed;
  }

  @Test
  void anEventIsTakenOnceByExactlyTheBytesThatWereSealedAndWhatTheyWereSealedFor() {
    FreshEvents fresh = FreshEvents.of(1024);
    fresh.keep(sealed(1, 0), ADA, "hello");

    assertEquals(Optional.empty(), fresh.take(sealed(1, 9), ADA), "same nonce, other bytes");
    assertEquals(Optional.empty(), fresh.take(sealed(1, 0), BEA), "the same bytes, moved to another session");
    assertEquals(Optional.of("hello"), fresh.take(sealed(1, 0), ADA));
    assertEquals(Optional.empty(), fresh.take(sealed(1, 0), ADA), "taken once");
  }

  @Test
  void aNewerEventTakesTheSlotOfAnOlderOne() {
    FreshEvents fresh = FreshEvents.of(1);
    fresh.keep(sealed(1, 0), ADA, "older");
    fresh.keep(sealed(2, 0), ADA, "newer");

    assertEquals(Optional.empty(), fresh.take(sealed(1, 0), ADA));
    assertEquals(Optional.of("newer"), fresh.take(sealed(2, 0), ADA));
  }

  @Test
  void anEventIsNotTakenLongAfterItWasSealedNorKeptWhenLarge() {
    AtomicLong now = new AtomicLong();
    FreshEvents fresh = FreshEvents.of(1024, now::get);
    fresh.keep(sealed(1, 0), ADA, "hello");
    fresh.keep(sealed(2, 0, FreshEvents.MAX_SEALED_BYTES + 1), ADA, "a long tool result");
    now.addAndGet(TimeUnit.SECONDS.toNanos(FreshEvents.MAX_AGE_SECONDS) + 1);

    assertEquals(Optional.empty(), fresh.take(sealed(1, 0), ADA));
    assertEquals(Optional.empty(), fresh.take(sealed(2, 0, FreshEvents.MAX_SEALED_BYTES + 1), ADA));
  }

  @Test
  void noneKeepsNothing() {
    FreshEvents none = FreshEvents.none();
    none.keep(sealed(1, 0), ADA, "hello");

    assertEquals(Optional.empty(), none.take(sealed(1, 0), ADA));
  }

  @Test
  void theSlotsAreAPowerOfTwo() {
    assertThrows(IllegalArgumentException.class, () -> FreshEvents.of(1000));
    assertThrows(IllegalArgumentException.class, () -> FreshEvents.of(0));
  }

  @Test
  void eventsKeptAndTakenFromSeveralThreadsAtOnceAreEachTakenOnceAndAsTheyWereKept() throws Exception {
    int events = 5_000;
    FreshEvents fresh = FreshEvents.of(1 << 16);
    byte[][] sealed = new byte[events][];
    Random random = new Random(7);
    for (int i = 0; i < events; i++) {
      sealed[i] = new byte[40];
      random.nextBytes(sealed[i]);
    }
    runTogether(4, thread -> {
      for (int i = thread; i < events; i += 4) fresh.keep(sealed[i], ADA, i);
    });
    AtomicIntegerArray takes = new AtomicIntegerArray(events);
    runTogether(4, thread -> {
      for (int n = 0; n < events; n++) {
        int i = (n + thread * events / 4) % events;
        fresh.take(sealed[i], ADA).ifPresent(plain -> {
          assertEquals(i, plain);
          takes.incrementAndGet(i);
        });
      }
    });
    int taken = 0;
    for (int i = 0; i < events; i++) {
      assertTrue(takes.get(i) <= 1, "event " + i + " taken " + takes.get(i) + " times");
      taken += takes.get(i);
    }
    // Only an event whose slot a later one took is not there to take.
    assertTrue(taken > events * 9 / 10, taken + " of " + events + " taken");
  }

  /** Runs {@code work} on {@code threads} threads started together, and waits for them all. */
  private static void runTogether(int threads, IntConsumer work) throws Exception {
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        running.add(pool.submit(() -> {
          start.await();
          work.accept(thread);
          return null;
        }));
      }
      for (Future<?> done : running) done.get(30, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
  }
}
