package io.parley.core.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionStartLimitsTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void anAddressStartsAMinutesWorthAtOnceThenWaitsForTheNext() {
    SessionStartLimits limits = new SessionStartLimits(3, 0);
    for (int i = 0; i < 3; i++) assertEquals(Optional.empty(), limits.start("acme", Optional.of("203.0.113.7"), NOW));
    SessionStartLimits.Refused refused = limits.start("acme", Optional.of("203.0.113.7"), NOW).orElseThrow();
    assertEquals("per_address", refused.limit());
    assertEquals(Duration.ofSeconds(20), refused.retryAfter());
    assertEquals(Optional.empty(), limits.start("acme", Optional.of("198.51.100.1"), NOW), "another address is its own");
    assertEquals(Optional.empty(), limits.start("acme", Optional.of("203.0.113.7"), NOW.plusSeconds(20)));
  }

  @Test
  void aTenantsStartsAreCountedAcrossAddressesAndWithoutOne() {
    SessionStartLimits limits = new SessionStartLimits(0, 2);
    assertEquals(Optional.empty(), limits.start("acme", Optional.of("203.0.113.7"), NOW));
    assertEquals(Optional.empty(), limits.start("acme", Optional.empty(), NOW));
    assertEquals("per_tenant", limits.start("acme", Optional.of("198.51.100.1"), NOW).orElseThrow().limit());
    assertEquals(Optional.empty(), limits.start("globex", Optional.of("198.51.100.1"), NOW), "tenants are apart");
  }

  @Test
  void sessionsWithoutAMessageHaveTheirOwnTenfoldGuard() {
    SessionStartLimits limits = new SessionStartLimits(3, 0);
    for (int i = 0; i < 30; i++) assertEquals(Optional.empty(), limits.open(Optional.of("203.0.113.7"), NOW), "open " + i);
    assertEquals("per_address", limits.open(Optional.of("203.0.113.7"), NOW).orElseThrow().limit());
    assertEquals(Optional.empty(), limits.start("acme", Optional.of("203.0.113.7"), NOW), "conversations are counted apart");
    assertEquals(Optional.empty(), limits.open(Optional.empty(), NOW), "an unknown address is not guarded");
  }

  @Test
  void zeroIsNoLimit() {
    SessionStartLimits none = SessionStartLimits.none();
    for (int i = 0; i < 10_000; i++) assertTrue(none.start("acme", Optional.of("203.0.113.7"), NOW).isEmpty());
  }
}
