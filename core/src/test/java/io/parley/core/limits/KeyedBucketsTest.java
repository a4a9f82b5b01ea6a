package io.parley.core.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyedBucketsTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  private static final int KEPT = 1_000;

  @Test
  void pastTheLimitATakeForgetsTheLeastRecentlyTakenFullBucketsWithoutLookingAtTheOthers() {
    KeyedBuckets buckets = new KeyedBuckets(KEPT);
    for (int i = 0; i < KEPT; i++) buckets.take("198.51.100." + i, 2, NOW);
    assertEquals(0, buckets.examined(), "nothing to forget up to the limit");

    // A minute on, every bucket is full again; each new key then forgets one, the oldest.
    Instant later = NOW.plusSeconds(60);
    for (int i = 0; i < KEPT; i++) buckets.take("203.0.113." + i, 2, later);

    assertEquals(KEPT, buckets.remembered());
    assertEquals(KEPT, buckets.examined(), "one bucket looked at a take, not the whole map");
  }

  @Test
  void aBucketNotFullYetIsKeptAndStopsTheForgettingUntilItIs() {
    // Two a minute: a take leaves one token, and the bucket is full again 30 s later.
    KeyedBuckets buckets = new KeyedBuckets(2);
    buckets.take("a", 2, NOW);
    buckets.take("b", 2, NOW.plusSeconds(20));
    buckets.take("c", 2, NOW.plusSeconds(20));
    assertEquals(3, buckets.remembered(), "a has not refilled yet: no take forgets it");
    assertEquals(1, buckets.examined());

    buckets.take("d", 2, NOW.plusSeconds(30));
    assertEquals(3, buckets.remembered(), "a, full now, forgotten; then b, not full, stops the forgetting");
    assertEquals(3, buckets.examined());
  }

  @Test
  void aTakeMovesItsKeyToTheEndOfTheLine() {
    KeyedBuckets buckets = new KeyedBuckets(2);
    buckets.take("a", 2, NOW);
    buckets.take("b", 2, NOW);
    buckets.take("a", 2, NOW.plusSeconds(45));
    // b, full again, goes; a, taken since and at 1.5 tokens, is first in line no more and stays.
    buckets.take("c", 2, NOW.plusSeconds(60));
    assertEquals(2, buckets.remembered());
    assertEquals(1, buckets.examined());
    assertEquals(Optional.empty(), buckets.take("a", 2, NOW.plusSeconds(60)));
    assertTrue(buckets.take("a", 2, NOW.plusSeconds(60)).isPresent(), "a kept its half token short of two");
  }
}
