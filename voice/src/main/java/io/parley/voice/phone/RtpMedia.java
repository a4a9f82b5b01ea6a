package io.parley.voice.phone;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the RTP of every call on a node shares: the 20 ms clock that paces each call's packets out
 * and its caller's frames in, the jitter buffer's depth, and the metrics of how the callers' audio
 * arrives. The clock is one thread: a clock of each call's own woke a thread 50 times a second per
 * call, and those wake-ups cost more than the calls' packets. It wakes every 2 ms and ticks a tenth
 * of the calls, each call in the same one of the ten slots every 20 ms: ticking every call at once
 * handed the dispatcher every caller's frame in one burst, and the last frames of a burst of 500
 * calls waited tens of milliseconds behind the others. For the same reason as the clock, one
 * {@link RtpReader} receives every call's packets. The node's RTP metrics are {@link RtpMetrics}.
 */
final class RtpMedia implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RtpMedia.class);
  static final Duration FRAME = Duration.ofMillis(20);
  /** The clock's rounds per frame: each round ticks the calls of one slot. */
  static final int SLOTS = 10;
  private static final long ROUND_NANOS = FRAME.toNanos() / SLOTS;

  private final ScheduledExecutorService clock;
  private final List<Set<LongConsumer>> slots =
      Stream.<Set<LongConsumer>>generate(ConcurrentHashMap::newKeySet).limit(SLOTS).toList();
  private long rounds;
  private final RtpReader reader;
  private final Duration jitterBuffer;
  private final Duration jitterBufferMax;
  private final RtpMetrics metrics;

  private RtpMedia(ScheduledExecutorService clock, RtpReader reader, Duration jitterBuffer, Duration jitterBufferMax,
      PrometheusRegistry registry) {
    this.clock = clock;
    this.reader = reader;
    this.jitterBuffer = jitterBuffer;
    this.jitterBufferMax = jitterBufferMax;
    this.metrics = new RtpMetrics(registry);
  }

  /**
   * The clock starts; {@code jitterBuffer} is how long a caller's first frame waits before play-out,
   * and the least, {@code jitterBufferMax} the most it grows to with the caller's jitter.
   */
  static RtpMedia start(PrometheusRegistry registry, Duration jitterBuffer, Duration jitterBufferMax) {
    ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(run -> {
      Thread thread = new Thread(run, "rtp-clock");
      thread.setDaemon(true);
      thread.setPriority(Thread.MAX_PRIORITY);
      return thread;
    });
    RtpMedia media = new RtpMedia(clock, RtpReader.start(), jitterBuffer, jitterBufferMax, registry);
    long startNanos = System.nanoTime();
    clock.scheduleAtFixedRate(() -> media.tickOneSlot(startNanos), ROUND_NANOS, ROUND_NANOS, TimeUnit.NANOSECONDS);
    return media;
  }

  /**
   * Runs {@code tick} every 20 ms, with the time each of its rounds was due, until the returned
   * handle is run. It joins the slot with the fewest calls, so calls that come and go leave the
   * slots about even.
   */
  Runnable everyFrame(LongConsumer tick) {
    Set<LongConsumer> slot = slots.stream().min(Comparator.comparingInt(Set::size)).orElseThrow();
    slot.add(tick);
    return () -> slot.remove(tick);
  }

  private void tickOneSlot(long startNanos) {
    rounds++;
    long due = startNanos + rounds * ROUND_NANOS;
    for (LongConsumer tick : slots.get((int) (rounds % SLOTS))) {
      try {
        tick.accept(due);
      } catch (Throwable e) {
        // The clock must go on (whatever escapes would cancel it for every call): a failed tick
        // costs its call one packet, never the others' audio.
        LOG.warn("an RTP tick failed: {}", e.toString());
      }
    }
  }

  /**
   * The node's RTP reader receives {@code socket}'s datagrams and hands each to {@code datagrams}
   * until the returned handle is run or the socket closes ({@link RtpReader#readFrom}).
   */
  Runnable readFrom(DatagramChannel socket, RtpReader.Datagrams datagrams) {
    return reader.readFrom(socket, datagrams);
  }

  /** The jitter buffer's depth at the start, and the least, in 20 ms frames. */
  int jitterFrames() {
    return (int) Math.max(1, jitterBuffer.toMillis() / FRAME.toMillis());
  }

  /** The most the jitter buffer grows to, in 20 ms frames. */
  int maxJitterFrames() {
    return (int) Math.max(jitterFrames(), jitterBufferMax.toMillis() / FRAME.toMillis());
  }

  /** Where a call counts how its caller's audio arrives and what the RTCP reports say. */
  RtpMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    clock.shutdownNow();
    reader.close();
  }
}
