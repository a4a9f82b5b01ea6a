package io.parley.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the customers of one run observed inside its measurement window. A message counts when it
 * was sent inside the window; what happened during the warm-up before it, or while the customers
 * finish their last turn after it, does not. The window is fixed, or opens only once the node has
 * acked a message ({@link #afterWarmUpAndFirstAck}): a node whose first sessions start slowly, on a
 * loaded machine, would otherwise spend a short window before its first ack and measure nothing.
 */
final class Measurements {
  private static final long NOT_OPEN = Long.MAX_VALUE;
  /** A node that acks nothing this long past the warm-up ends the run, with nothing measured. */
  private static final long GIVE_UP_NANOS = Duration.ofSeconds(60).toNanos();
  final Latencies sessionStart = new Latencies();
  final Latencies ack = new Latencies();
  final Latencies firstDelta = new Latencies();
  final Latencies answer = new Latencies();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final long warmupEndNanos;
  private final long measuredNanos;
  private final AtomicLong startNanos;

  /** The window from {@code startNanos} to {@code endNanos}, whatever the node does. */
  Measurements(long startNanos, long endNanos) {
    this(startNanos, endNanos - startNanos, startNanos);
  }

  private Measurements(long warmupEndNanos, long measuredNanos, long startNanos) {
    this.warmupEndNanos = warmupEndNanos;
    this.measuredNanos = measuredNanos;
    this.startNanos = new AtomicLong(startNanos);
  }

  /** A window of {@code measuredNanos} from the warm-up's end or the node's first ack, whichever comes later. */
  static Measurements afterWarmUpAndFirstAck(long warmupEndNanos, long measuredNanos) {
    return new Measurements(warmupEndNanos, measuredNanos, NOT_OPEN);
  }

  /** The node acked a message at {@code nanos} (System.nanoTime): a window waiting for it opens. */
  void ackArrived(long nanos) {
    startNanos.compareAndSet(NOT_OPEN, Math.max(nanos, warmupEndNanos));
  }

  boolean inWindow(long nanos) {
    long start = startNanos.get();
    return start != NOT_OPEN && nanos >= start && nanos - start < measuredNanos;
  }

  boolean over(long nanos) {
    long start = startNanos.get();
    return start == NOT_OPEN ? nanos - warmupEndNanos >= GIVE_UP_NANOS : nanos - start >= measuredNanos;
  }

  void acked() {
    acked.incrementAndGet();
  }

  /** An error frame, or a frame that did not come in time. */
  void failed() {
    errors.incrementAndGet();
  }

  LoadResult result(int sessions, double loadBefore, double loadAfter) {
    double seconds = measuredNanos / 1e9;
    return new LoadResult(sessions, seconds, acked.get(), acked.get() / seconds, errors.get(), sessionStart.summary(),
        ack.summary(), firstDelta.summary(), answer.summary(), loadBefore, loadAfter);
  }
}
