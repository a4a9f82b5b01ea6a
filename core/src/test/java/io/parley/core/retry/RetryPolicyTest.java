package io.parley.core.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static final Backoff FIXED = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.0);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @Test
  void aTransientFailureIsRetriedAfterTheBackoffUntilTheAttemptsAreUsedUp() {
    RetryPolicy three = RetryPolicy.atMost(3, TIMEOUT, FIXED);
    assertEquals(Optional.of(Duration.ofMillis(100)), three.nextRetry(1, true, () -> 0.0));
    assertEquals(Optional.of(Duration.ofMillis(200)), three.nextRetry(2, true, () -> 0.0));
    assertEquals(Optional.empty(), three.nextRetry(3, true, () -> 0.0), "the third attempt was the last");
  }

  @Test
  void aPermanentFailureIsNeverRetried() {
    assertEquals(Optional.empty(), RetryPolicy.atMost(3, TIMEOUT, FIXED).nextRetry(1, false, () -> 0.0));
    assertEquals(Optional.empty(), RetryPolicy.untilSuccess(TIMEOUT, FIXED).nextRetry(1, false, () -> 0.0));
  }

  @Test
  void withoutABoundTransientFailuresAreRetriedForeverAtTheCappedDelay() {
    RetryPolicy forever = RetryPolicy.untilSuccess(TIMEOUT, FIXED);
    assertEquals(Optional.of(Duration.ofSeconds(1)), forever.nextRetry(1_000_000, true, () -> 0.0));
    assertTrue(forever.allows(Integer.MAX_VALUE - 1));
  }

  @Test
  void oneAttemptLeavesNoRetry() {
    RetryPolicy once = RetryPolicy.atMost(1, TIMEOUT, FIXED);
    assertTrue(once.allows(1));
    assertFalse(once.allows(2));
    assertEquals(Optional.empty(), once.nextRetry(1, true, () -> 0.0));
  }

  @Test
  void jitterComesFromTheGivenRandomSource() {
    Backoff jittered = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 1.0);
    assertEquals(Optional.of(Duration.ofMillis(50)), RetryPolicy.atMost(3, TIMEOUT, jittered).nextRetry(1, true, () -> 0.5));
  }

  @Test
  void rejectsPoliciesAndAttemptNumbersThatMakeNoSense() {
    assertThrows(IllegalArgumentException.class, () -> RetryPolicy.atMost(0, TIMEOUT, FIXED));
    assertThrows(IllegalArgumentException.class, () -> RetryPolicy.atMost(3, Duration.ZERO, FIXED));
    assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(OptionalInt.empty(), Duration.ofMillis(-1), FIXED));
    assertThrows(IllegalArgumentException.class, () -> RetryPolicy.atMost(3, TIMEOUT, FIXED).nextRetry(0, true, () -> 0.0));
    assertThrows(IllegalArgumentException.class, () -> RetryPolicy.atMost(3, TIMEOUT, FIXED).nextRetry(4, true, () -> 0.0));
  }
}
