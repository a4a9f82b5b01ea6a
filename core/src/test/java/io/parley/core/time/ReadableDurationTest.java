package io.parley.core.time;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReadableDurationTest {
  @Test
  void aDurationReadsInHoursMinutesSecondsAndMillisecondsWithoutTheZeroParts() {
    assertEquals("24 h", ReadableDuration.of(Duration.ofHours(24)));
    assertEquals("72 h", ReadableDuration.of(Duration.ofDays(3)));
    assertEquals("1 h 30 min", ReadableDuration.of(Duration.ofMinutes(90)));
    assertEquals("2 min 5 s", ReadableDuration.of(Duration.ofSeconds(125)));
    assertEquals("1 s 500 ms", ReadableDuration.of(Duration.ofMillis(1500)));
    assertEquals("250 ms", ReadableDuration.of(Duration.ofMillis(250)));
    assertEquals("0 s", ReadableDuration.of(Duration.ZERO));
    assertEquals("0 s", ReadableDuration.of(Duration.ofNanos(999)), "below a millisecond is nothing a person reads");
    assertEquals("-5 s", ReadableDuration.of(Duration.ofSeconds(-5)));
  }
}
