package io.parley.core.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SourceRateTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void eachSourceHasAMinutesWorthAndIsToldWhenToComeBack() {
    SourceRate rate = new SourceRate(3);
    for (int i = 0; i < 3; i++) assertEquals(Optional.empty(), rate.take("198.51.100.7", NOW));
    Optional<Duration> wait = rate.take("198.51.100.7", NOW);
    assertTrue(wait.isPresent() && wait.get().toSeconds() == 20, "one a third of a minute: " + wait);
    assertEquals(Optional.empty(), rate.take("192.0.2.1", NOW), "another source has its own");
    assertEquals(Optional.empty(), rate.take("198.51.100.7", NOW.plusSeconds(20)));
  }

  @Test
  void zeroIsNoLimit() {
    SourceRate rate = new SourceRate(0);
    for (int i = 0; i < 1000; i++) assertEquals(Optional.empty(), rate.take("198.51.100.7", NOW));
  }
}
