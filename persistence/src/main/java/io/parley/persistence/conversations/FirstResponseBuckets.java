package io.parley.persistence.conversations;

import java.util.Optional;

/**
 * The buckets first responses are counted in, so that their percentiles can be added up per hour
 * (docs/analytics.md, "The figures"): bucket 0 holds the times under 100 ms, bucket k the times
 * from bound k - 1 up to (not including) bound k, where bound k is 100 ms × 2^(k/4) rounded to the
 * millisecond (k = 0 to 60: 100, 119, 141, 168, 200, ... 3,276,800 ms, about 55 minutes), and the
 * last bucket every time from 3,276,800 ms on. Each bucket is about 19 % wider than the one
 * before, so a percentile read from them is within a fifth of the time from 100 ms to 55 minutes.
 * V17__conversation_rollup.sql holds the same bounds in its columns' names and its backfill.
 */
public final class FirstResponseBuckets {
  private static final long[] BOUNDS = new long[61];

  static {
    for (int k = 0; k < BOUNDS.length; k++) BOUNDS[k] = Math.round(100 * StrictMath.pow(2, k / 4.0));
  }

  /** How many buckets there are: one below each bound, and the one from the last bound on. */
  public static final int COUNT = BOUNDS.length + 1;

  private FirstResponseBuckets() {}

  /** The bucket of a first response of {@code millis}. */
  public static int of(long millis) {
    int low = 0;
    int high = BOUNDS.length;
    // The first bound above millis, or BOUNDS.length when none is.
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (millis < BOUNDS[middle]) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  /**
   * What a percentile falling in {@code bucket} reports: the bucket's upper bound, which no time in
   * it reaches; for the last bucket, which has none, its lower bound.
   */
  public static long reported(int bucket) {
    return BOUNDS[Math.min(bucket, BOUNDS.length - 1)];
  }

  /**
   * The nearest-rank {@code percent} percentile of the times counted in {@code histogram} (one count
   * a bucket), as {@link #reported} gives it for the bucket that holds that rank; none without times.
   */
  public static Optional<Long> percentile(long[] histogram, int percent) {
    long total = 0;
    for (long count : histogram) total += count;
    if (total <= 0) return Optional.empty();
    long rank = Math.max(1, (long) Math.ceil(percent / 100.0 * total));
    long seen = 0;
    for (int bucket = 0; bucket < histogram.length; bucket++) {
      seen += histogram[bucket];
      if (seen >= rank) return Optional.of(reported(bucket));
    }
    throw new IllegalArgumentException("a histogram of " + total + " times has no rank " + rank);
  }

  /** The rollup column that counts the bucket's times (V17__conversation_rollup.sql). */
  static String column(int bucket) {
    return bucket < BOUNDS.length ? "first_response_under_" + BOUNDS[bucket]
        : "first_response_from_" + BOUNDS[BOUNDS.length - 1];
  }
}
