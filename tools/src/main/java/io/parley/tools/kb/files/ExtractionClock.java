package io.parley.tools.kb.files;

import java.time.Duration;
import java.util.function.LongSupplier;

/** One upload's time, checked as its files are read: past it, the upload is refused as a whole. */
final class ExtractionClock {
  /** The upload had its time: refused as a whole, not as one of its files. */
  static final class OutOfTime extends IllegalArgumentException {
    OutOfTime(String message) {
      super(message);
    }
  }

  private final LongSupplier nanoTime;
  private final long deadline;
  private final Duration limit;

  ExtractionClock(Duration limit, LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.limit = limit;
    this.deadline = nanoTime.getAsLong() + limit.toNanos();
  }

  /** @throws OutOfTime once the upload has had its time */
  void check() {
    if (nanoTime.getAsLong() - deadline > 0) {
      throw new OutOfTime("reading the upload took longer than this server's limit of "
          + limit.toMillis() + " ms; upload fewer or smaller files");
    }
  }
}
