package io.parley.persistence.conversations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The first responses' buckets and the percentiles read from them, as docs/analytics.md states them. */
class FirstResponseBucketsTest {
  @Test
  void eachBucketHoldsTheTimesFromTheBoundBeforeItUpToItsOwn() {
    assertEquals(62, FirstResponseBuckets.COUNT);
    assertEquals(0, FirstResponseBuckets.of(0));
    assertEquals(0, FirstResponseBuckets.of(99));
    assertEquals(1, FirstResponseBuckets.of(100));
    assertEquals(1, FirstResponseBuckets.of(118));
    assertEquals(2, FirstResponseBuckets.of(119));
    assertEquals(10, FirstResponseBuckets.of(500), "476 to 565");
    assertEquals(60, FirstResponseBuckets.of(3_276_799));
    assertEquals(61, FirstResponseBuckets.of(3_276_800));
    assertEquals(61, FirstResponseBuckets.of(86_400_000));
  }

  @Test
  void aBucketReportsItsUpperBoundAndTheLastOneItsLowerBound() {
    assertEquals(100, FirstResponseBuckets.reported(0));
    assertEquals(119, FirstResponseBuckets.reported(1));
    assertEquals(566, FirstResponseBuckets.reported(10));
    assertEquals(1_600, FirstResponseBuckets.reported(16), "100 ms x 2^4");
    assertEquals(3_276_800, FirstResponseBuckets.reported(60));
    assertEquals(3_276_800, FirstResponseBuckets.reported(61));
    assertEquals("first_response_under_100", FirstResponseBuckets.column(0));
    assertEquals("first_response_from_3276800", FirstResponseBuckets.column(61));
  }

  @Test
  void thePercentileIsTheBucketHoldingTheNearestRank() {
    long[] histogram = new long[FirstResponseBuckets.COUNT];
    histogram[0] = 4;
    histogram[5] = 1;
    histogram[9] = 5;
    assertEquals(Optional.of(238L), FirstResponseBuckets.percentile(histogram, 50), "the 5th of 10 is in bucket 5");
    assertEquals(Optional.of(476L), FirstResponseBuckets.percentile(histogram, 90), "the 9th of 10 is in bucket 9");
    assertEquals(Optional.of(100L), FirstResponseBuckets.percentile(histogram, 1), "rank 1 at least");
    long[] halves = new long[FirstResponseBuckets.COUNT];
    halves[0] = 5;
    halves[3] = 5;
    assertEquals(Optional.of(100L), FirstResponseBuckets.percentile(halves, 50), "the 5th of 10 is the last of bucket 0");
    assertEquals(Optional.empty(), FirstResponseBuckets.percentile(new long[FirstResponseBuckets.COUNT], 50));
  }
}
