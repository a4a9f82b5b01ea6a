package io.parley.core.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {
  private static final Backoff FIXED = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.0);

  /**
   * The delay before a retry, from 100 ms doubling up to 1 s, with a share of it ({@code jitter}) left
   * to the random value: 0 none, 1 all of it.
   */
  @ParameterizedTest(name = "{0}: jitter {1}, retry {2}, random {3}")
  @CsvSource(delimiter = '|', textBlock = """
      it grows exponentially from the initial delay | 0   | 1     | 0.5  | 100
      it grows exponentially from the initial delay | 0   | 2     | 0.5  | 200
      it grows exponentially from the initial delay | 0   | 3     | 0.5  | 400
      it grows exponentially from the initial delay | 0   | 4     | 0.5  | 800
      it is capped at the maximum                   | 0   | 5     | 0.0  | 1000
      it is capped even for huge retry numbers      | 0   | 10000 | 0.0  | 1000
      full jitter spreads it between zero and it    | 1.0 | 2     | 0.0  | 200
      full jitter spreads it between zero and it    | 1.0 | 2     | 0.5  | 100
      full jitter spreads it between zero and it    | 1.0 | 2     | 0.75 | 50
      partial jitter keeps a floor of it            | 0.5 | 3     | 0.0  | 400
      partial jitter keeps a floor of it            | 0.5 | 3     | 1.0  | 200
      jitter applies after the cap, never above it  | 0.5 | 20    | 0.5  | 750
      """)
  void delaysARetry(String rule, double jitter, int retry, double random, long expectedMillis) {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, jitter);
    assertEquals(Duration.ofMillis(expectedMillis), backoff.delayBeforeRetry(retry, () -> random), rule);
  }

  @Test
  void rejectsSettingsThatCannotFormASchedule() {
    assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2.0, 0));
    assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofMillis(-1), Duration.ofSeconds(1), 2.0, 0));
    assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 0.5, 0));
    assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), Double.NaN, 0));
    assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 2.0, 1.5));
  }

  @Test
  void rejectsRetryNumbersBelowOneAndRandomValuesOutsideTheUnitInterval() {
    assertThrows(IllegalArgumentException.class, () -> FIXED.delayBeforeRetry(0, () -> 0.0));
    assertThrows(IllegalArgumentException.class, () -> FIXED.delayBeforeRetry(1, () -> 2.0));
  }
}
