package io.parley.core.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Files a minute and bytes an hour, per address and per tenant, with the time given. */
class UploadLimitsTest {
  private static final long MIB = 1024 * 1024;
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final Optional<String> ADDRESS = Optional.of("192.0.2.7");

  @Test
  void anAddressTakesItsBurstOfFilesThenOneAsEachComes() {
    UploadLimits limits = new UploadLimits(new UploadLimits.Settings(10, 0, 0, 0));
    for (int i = 0; i < 10; i++) assertEquals(Optional.empty(), limits.file("acme", ADDRESS, NOW));
    UploadLimits.Refused refused = limits.file("acme", ADDRESS, NOW).orElseThrow();
    assertEquals("files_per_address", refused.limit());
    assertEquals(Duration.ofSeconds(6), refused.retryAfter());
    assertEquals(Optional.empty(), limits.file("acme", Optional.of("192.0.2.8"), NOW), "another address has its own");
    assertEquals(Optional.empty(), limits.file("acme", ADDRESS, NOW.plusSeconds(6)));
  }

  @Test
  void anAddressMayNotStoreMoreThanItsHourOfBytes() {
    UploadLimits limits = new UploadLimits(new UploadLimits.Settings(0, 0, 50 * MIB, 0));
    for (int i = 0; i < 6; i++) {
      assertEquals(Optional.empty(), limits.bytes("acme", ADDRESS, 8 * MIB, Optional.empty(), NOW), "file " + i);
    }
    UploadLimits.Refused refused = limits.bytes("acme", ADDRESS, 8 * MIB, Optional.empty(), NOW).orElseThrow();
    assertEquals("bytes_per_address", refused.limit());
    // 6 MiB missing at 50 MiB an hour: 7.2 minutes.
    assertEquals(Duration.ofSeconds(432), refused.retryAfter());
    Refusal told = refused.refusal();
    assertEquals(ErrorCode.RATE_LIMITED, told.code());
    assertEquals(Optional.of(432_000L), told.retryAfterMs());
  }

  @Test
  void aTenantsOwnLimitLowersTheNodesAndEveryAddressCountsForTheTenant() {
    UploadLimits limits = new UploadLimits(new UploadLimits.Settings(0, 3, 0, 100 * MIB));
    assertEquals(Optional.empty(), limits.bytes("acme", Optional.of("192.0.2.1"), 5 * MIB, Optional.of(10 * MIB), NOW));
    assertEquals(Optional.empty(), limits.bytes("acme", Optional.of("192.0.2.2"), 5 * MIB, Optional.of(10 * MIB), NOW));
    assertEquals("bytes_per_tenant", limits.bytes("acme", Optional.of("192.0.2.3"), 1, Optional.of(10 * MIB), NOW)
        .orElseThrow().limit());
    assertEquals(Optional.empty(), limits.bytes("globex", Optional.of("192.0.2.3"), 5 * MIB, Optional.empty(), NOW),
        "another tenant has its own");
    for (int i = 0; i < 3; i++) assertEquals(Optional.empty(), limits.file("acme", Optional.empty(), NOW));
    assertEquals("files_per_tenant", limits.file("acme", Optional.of("192.0.2.9"), NOW).orElseThrow().limit());
  }

  @Test
  void aFileLargerThanTheHourCostsTheWholeHourAndZeroIsNoLimit() {
    UploadLimits limits = new UploadLimits(new UploadLimits.Settings(0, 0, MIB, 0));
    assertEquals(Optional.empty(), limits.bytes("acme", ADDRESS, 10 * MIB, Optional.empty(), NOW));
    assertTrue(limits.bytes("acme", ADDRESS, 1, Optional.empty(), NOW).isPresent());
    UploadLimits none = UploadLimits.none();
    for (int i = 0; i < 1000; i++) {
      assertEquals(Optional.empty(), none.file("acme", ADDRESS, NOW));
      assertEquals(Optional.empty(), none.bytes("acme", ADDRESS, 10 * MIB, Optional.empty(), NOW));
    }
  }
}
