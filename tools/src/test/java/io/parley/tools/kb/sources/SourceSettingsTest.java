package io.parley.tools.kb.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.bot.UsageLimits;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A tenant's own limits lower the node's bounds for its sources, never raise them, and leave the rest alone. */
class SourceSettingsTest {
  private static final SourceSettings NODE = new SourceSettings(20, 1000, 5000, 2_000_000, 500_000_000L,
      Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofHours(24),
      Duration.ofMinutes(15));

  private static UsageLimits knowledge(Integer sources, Integer pages, Integer documents) {
    return new UsageLimits(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.ofNullable(sources), Optional.ofNullable(pages), Optional.ofNullable(documents));
  }

  @Test
  void aTenantsLimitsLowerTheNodesAndNeverRaiseThem() {
    SourceSettings lowered = NODE.within(knowledge(2, 50, 9000));
    assertEquals(2, lowered.maxSourcesPerTenant());
    assertEquals(50, lowered.maxPagesPerSource());
    assertEquals(5000, lowered.maxDocumentsPerTenant(), "asking for more than the node's leaves the node's");
    assertEquals(NODE.maxPageBytes(), lowered.maxPageBytes());
    assertEquals(NODE.pollEvery(), lowered.pollEvery());
    assertEquals(NODE, NODE.within(UsageLimits.none()));
  }

  @Test
  void aTenantWhoseConfigurationCannotBeReadHasTheNodesBounds() {
    SourceTenants unreadable = new SourceTenants(tenant -> Optional.empty(), tenant -> {
      throw new IllegalStateException("configuration store not ready");
    });
    assertEquals(NODE, unreadable.bounds("acme", NODE));
  }
}
