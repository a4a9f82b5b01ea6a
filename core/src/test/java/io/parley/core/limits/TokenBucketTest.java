package io.parley.core.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  @Test
  void aBurstIsAllowedThenTheRateHolds() {
    TokenBucket bucket = TokenBucket.full(20, 5, T0);
    for (int i = 0; i < 5; i++) {
      TokenBucket.Taken taken = bucket.take(T0);
      assertTrue(taken.allowed(), "burst message " + (i + 1));
      bucket = taken.bucket();
    }
    TokenBucket.Taken refused = bucket.take(T0);
    assertFalse(refused.allowed());
    assertEquals(Duration.ofSeconds(3), refused.retryAfter(), "20 per minute: one token every 3 s");

    assertFalse(refused.bucket().take(T0.plusMillis(2_999)).allowed());
    assertTrue(refused.bucket().take(T0.plusSeconds(3)).allowed());
  }

  @Test
  void refillNeverExceedsTheBurst() {
    TokenBucket bucket = TokenBucket.full(60, 2, T0);
    bucket = bucket.take(T0).bucket().take(T0).bucket();
    TokenBucket later = bucket.take(T0.plus(Duration.ofHours(1))).bucket();
    assertEquals(1.0, later.tokens(), 1e-9, "refilled to the burst of 2, one taken");
  }

  @Test
  void theRetryAfterSaysWhenTheNextTokenArrives() {
    TokenBucket bucket = TokenBucket.full(30, 1, T0).take(T0).bucket();
    TokenBucket.Taken halfway = bucket.take(T0.plusMillis(500));
    assertFalse(halfway.allowed());
    assertEquals(Duration.ofMillis(1_500), halfway.retryAfter());
  }
}
