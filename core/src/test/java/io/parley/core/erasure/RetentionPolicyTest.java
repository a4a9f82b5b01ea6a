package io.parley.core.erasure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {
  private static final Instant NOW = Instant.parse("2026-11-23T06:00:00Z");

  @Test
  void sessionsOlderThanTheTenantsDaysArePastRetentionAndZeroKeepsForever() {
    RetentionPolicy policy = new RetentionPolicy(30, Map.of("acme", 7, "globex", 0));

    assertEquals(Optional.of(Instant.parse("2026-11-16T06:00:00Z")), policy.cutoff("acme", NOW));
    assertEquals(Optional.empty(), policy.cutoff("globex", NOW));
    assertEquals(Optional.of(Instant.parse("2026-10-24T06:00:00Z")), policy.cutoff("initech", NOW));
    assertEquals(Optional.empty(), new RetentionPolicy(0, Map.of()).cutoff("acme", NOW));
  }

  @Test
  void tenantDaysComeFromTheirEntriesAndABadValueNamesTheTenant() {
    assertEquals(Map.of("acme", 90), RetentionPolicy.tenantDays(
        "{\"acme\": {\"issuer\": \"x\", \"retentionDays\": 90}, \"globex\": {}}"));
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> RetentionPolicy.tenantDays("{\"acme\": {\"retentionDays\": \"90\"}}"));
    assertTrue(bad.getMessage().startsWith("tenant acme: retentionDays"), bad.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RetentionPolicy.tenantDays("{\"acme\": {\"retentionDays\": -1}}"));
    assertThrows(IllegalArgumentException.class, () -> new RetentionPolicy(-1, Map.of()));
  }
}
