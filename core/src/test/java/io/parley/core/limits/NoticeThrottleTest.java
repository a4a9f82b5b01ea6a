package io.parley.core.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class NoticeThrottleTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void oneNoticePerKeyPerMinuteAndTheNextSaysHowManyWereHeldBack() {
    NoticeThrottle throttle = NoticeThrottle.perMinute();
    assertEquals(OptionalInt.of(0), throttle.notice("198.51.100.7", NOW));
    assertEquals(OptionalInt.empty(), throttle.notice("198.51.100.7", NOW.plusSeconds(1)));
    assertEquals(OptionalInt.empty(), throttle.notice("198.51.100.7", NOW.plusSeconds(59)));
    assertEquals(OptionalInt.of(0), throttle.notice("192.0.2.1", NOW.plusSeconds(2)), "another source is noticed");
    assertEquals(OptionalInt.of(2), throttle.notice("198.51.100.7", NOW.plusSeconds(60)));
    assertEquals(OptionalInt.empty(), throttle.notice("198.51.100.7", NOW.plusSeconds(61)));
  }

  @Test
  void pastItsKeysNewKeysShareOneSoMemoryStaysBounded() {
    NoticeThrottle throttle = new NoticeThrottle(Duration.ofMinutes(1), 2);
    assertEquals(OptionalInt.of(0), throttle.notice("a", NOW));
    assertEquals(OptionalInt.of(0), throttle.notice("b", NOW));
    assertEquals(OptionalInt.of(0), throttle.notice("c", NOW), "the first of the others");
    assertEquals(OptionalInt.empty(), throttle.notice("d", NOW.plusSeconds(1)), "shares the others' minute");
    assertEquals(OptionalInt.of(0), throttle.notice("e", NOW.plusSeconds(120)), "expired keys are forgotten");
  }
}
