package io.parley.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the customers of one run observed inside its measurement window. A message counts when it
 * was sent inside the window; what happened during the warm-up before it, or while the customers
 * finish their last turn after it, does not.
 */
final class Measurements {
  final Latencies sessionStart = new Latencies();
  final Latencies ack = new Latencies();
  final Latencies firstDelta = new Latencies();
  final Latencies answer = new Latencies();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final long startNanos;
  private final long endNanos;

  Measurements(long startNanos, long endNanos) {
    this.startNanos = startNanos;
    this.endNanos = endNanos;
  }

  boolean inWindow(long nanos) {
    return nanos >= startNanos && nanos < endNanos;
  }

  boolean over(long nanos) {
    return nanos >= endNanos;
  }

  void acked() {
    acked.incrementAndGet();
  }

  /** An error frame, or a frame that did not come in time. */
  void failed() {
    errors.incrementAndGet();
  }

  LoadResult result(int sessions, double loadBefore, double loadAfter) {
    double seconds = (endNanos - startNanos) / 1e9;
    return new LoadResult(sessions, seconds, acked.get(), acked.get() / seconds, errors.get(), sessionStart.summary(),
        ack.summary(), firstDelta.summary(), answer.summary(), loadBefore, loadAfter);
  }
}
