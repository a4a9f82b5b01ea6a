package io.parley.core.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.bot.UsageLimits;
import io.parley.core.session.Refusal;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A tenant's message rate: the operator's limit, lowered by the tenant's configuration, never
 * raised, and shared by the nodes up.
 */
class TenantMessageRateTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final UsageLimits NONE = UsageLimits.none();

  private static UsageLimits perMinute(int messages) {
    return new UsageLimits(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(messages), Optional.empty());
  }

  private static int admitted(TenantMessageRate rate, String tenant, UsageLimits limits, int tries, Instant at) {
    int admitted = 0;
    for (int i = 0; i < tries; i++) if (rate.take(tenant, limits, at).isEmpty()) admitted++;
    return admitted;
  }

  @Test
  void aTenantsConfigurationLowersTheNodesLimitForItOnly() {
    TenantMessageRate rate = new TenantMessageRate(10, () -> 1);
    assertEquals(3, admitted(rate, "acme", perMinute(3), 10, NOW));
    Optional<Refusal> refused = rate.take("acme", perMinute(3), NOW);
    assertTrue(refused.isPresent() && refused.get().retryAfterMs().orElseThrow() == 20_000, String.valueOf(refused));
    assertEquals(10, admitted(rate, "globex", NONE, 20, NOW), "another tenant has the node's");
    assertEquals(10, admitted(rate, "initech", perMinute(50), 20, NOW), "never more than the node's");
  }

  @Test
  void whereTheNodeSetsNoLimitTheTenantsOwnApplies() {
    TenantMessageRate rate = new TenantMessageRate(0, () -> 1);
    assertEquals(4, admitted(rate, "acme", perMinute(4), 10, NOW));
    assertEquals(1000, admitted(rate, "globex", NONE, 1000, NOW));
  }

  @Test
  void aChangedRateKeepsWhatTheBucketHasUpToItsNewBurst() {
    TenantMessageRate rate = new TenantMessageRate(0, () -> 1);
    assertEquals(2, admitted(rate, "acme", perMinute(6), 2, NOW));
    assertEquals(3, admitted(rate, "acme", perMinute(3), 10, NOW), "the four left, cut to the new burst of three");
    assertEquals(0, admitted(rate, "acme", perMinute(6), 10, NOW), "a higher rate does not refill at once");
    assertEquals(1, admitted(rate, "acme", perMinute(6), 10, NOW.plusSeconds(10)), "it refills at its own rate");
  }

  @Test
  void eachNodeAllowsItsShareOfTheClustersLimitAsMembersComeAndGo() {
    int[] members = {3};
    TenantMessageRate rate = new TenantMessageRate(30, () -> members[0]);
    assertEquals(10, admitted(rate, "acme", NONE, 30, NOW), "a third of 30 on each of three nodes");
    assertEquals(4, admitted(rate, "globex", perMinute(10), 30, NOW), "a tenant's own limit is shared too, rounded up");
    members[0] = 1;
    assertEquals(30, admitted(rate, "initech", NONE, 60, NOW), "alone, the node allows the whole limit");
    members[0] = 0;
    assertEquals(30, admitted(rate, "hooli", NONE, 60, NOW), "a node not yet up counts itself");
  }
}
