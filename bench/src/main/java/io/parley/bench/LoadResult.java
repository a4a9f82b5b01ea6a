package io.parley.bench;

import java.util.Locale;

/**
 * One run of {@link ChatLoad}: acknowledged messages per second, and latencies in milliseconds
 * from the moment a frame was sent: to the {@code session} answer of a {@code start}, to the
 * {@code ack} of a user message, to the first {@code delta} of its answer, to the assistant's
 * final {@code message}. Load averages are the machine's one-minute figures.
 */
record LoadResult(
    int sessions,
    double seconds,
    long acked,
    double ackedPerSecond,
    long errors,
    Latencies.Summary sessionStart,
    Latencies.Summary ack,
    Latencies.Summary firstDelta,
    Latencies.Summary answer,
    double loadBefore,
    double loadAfter) {

  static String header() {
    return "| sessions | acked msg/s | ack p50 / p95 / p99 | first delta p50 / p95 / p99 | answer p50 / p95 / p99"
        + " | session start p50 / p99 | errors | load before → after |\n"
        + "|---:|---:|---|---|---|---|---:|---|";
  }

  /** A Markdown table row, as docs/performance.md shows it. */
  String row() {
    return String.format(Locale.ROOT, "| %d | %.1f | %s | %s | %s | %.1f / %.1f | %d | %.1f → %.1f |",
        sessions, ackedPerSecond, percentiles(ack), percentiles(firstDelta), percentiles(answer),
        sessionStart.p50(), sessionStart.p99(), errors, loadBefore, loadAfter);
  }

  private static String percentiles(Latencies.Summary summary) {
    return String.format(Locale.ROOT, "%.1f / %.1f / %.1f", summary.p50(), summary.p95(), summary.p99());
  }
}
