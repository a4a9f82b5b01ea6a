package io.parley.persistence.conversations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The first responses' buckets and the percentiles read from them, as docs/analytics.md states them. */
class FirstResponseBucketsTest {
  @ParameterizedTest(name = "{0} ms in bucket {1}")
  @CsvSource(textBlock = """
      0,        0
      99,       0
      100,      1
      118,      1
      119,      2
      # bucket 10 holds 476 to 565
      500,      10
      3276799,  60
      3276800,  61
      86400000, 61
      """)
  void eachBucketHoldsTheTimesFromTheBoundBeforeItUpToItsOwn(long millis, int bucket) {
    assertEquals(62, FirstResponseBuckets.COUNT);
    assertEquals(bucket, FirstResponseBuckets.of(millis));
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
