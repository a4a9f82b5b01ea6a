package io.parley.voice.phone;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 20 ms clock of every call on a node, one thread: a clock of each call's own woke a thread 50
 * times a second per call, and those wake-ups cost more than the calls' packets. It wakes every
 * 2 ms and ticks a tenth of the calls, each call in the same one of the ten slots every 20 ms:
 * ticking every call at once handed the dispatcher every caller's frame in one burst, and the last
 * frames of a burst of 500 calls waited tens of milliseconds behind the others. It runs only
 * while the node has a call: its 500 wake-ups a second cost a node without calls a quarter of
 * its CPU.
 */
final class RtpClock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RtpClock.class);
  static final Duration FRAME = Duration.ofMillis(20);
  /** The clock's rounds per frame: each round ticks the calls of one slot. */
  static final int SLOTS = 10;
  private static final long ROUND_NANOS = FRAME.toNanos() / SLOTS;

  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(run -> {
    Thread thread = new Thread(run, "rtp-clock");
    thread.setDaemon(true);
    thread.setPriority(Thread.MAX_PRIORITY);
    return thread;
  });
  private final List<Set<LongConsumer>> slots =
      Stream.<Set<LongConsumer>>generate(ConcurrentHashMap::newKeySet).limit(SLOTS).toList();
  /** The calls on the clock, and its rounds while there is one; both guarded by {@code this}. */
  private int calls;
  private ScheduledFuture<?> rounds;

  /** A clock ready for calls: it starts with the first. */
  RtpClock() {}

  /**
   * Runs {@code tick} every 20 ms, with the time each of its rounds was due, until the returned
   * handle is run. It joins the slot with the fewest calls, so calls that come and go leave the
   * slots about even.
   */
  Runnable everyFrame(LongConsumer tick) {
    Set<LongConsumer> slot;
    synchronized (this) {
      slot = slots.stream().min(Comparator.comparingInt(Set::size)).orElseThrow();
      if (slot.add(tick) && calls++ == 0) rounds = startRounds();
    }
    return () -> {
      synchronized (this) {
        if (slot.remove(tick) && --calls == 0) {
          rounds.cancel(false);
          rounds = null;
        }
      }
    };
  }

  /** Whether the clock is waking up to tick calls. */
  synchronized boolean running() {
    return rounds != null;
  }

  private ScheduledFuture<?> startRounds() {
    long startNanos = System.nanoTime();
    long[] round = {0};
    return executor.scheduleAtFixedRate(() -> tickOneSlot(startNanos, ++round[0]), ROUND_NANOS, ROUND_NANOS,
        TimeUnit.NANOSECONDS);
  }

  private void tickOneSlot(long startNanos, long round) {
    long due = startNanos + round * ROUND_NANOS;
    for (LongConsumer tick : slots.get((int) (round % SLOTS))) {
      try {
        tick.accept(due);
      } catch (Throwable e) {
        // The clock must go on (whatever escapes would cancel it for every call): a failed tick
        // costs its call one packet, never the others' audio.
        LOG.warn("an RTP tick failed: {}", e.toString());
      }
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
