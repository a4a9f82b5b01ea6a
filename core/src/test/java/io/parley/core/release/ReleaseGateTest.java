package io.parley.core.release;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReleaseGateTest {
  record Existing() {}

  record Introduced() {}

  private final ReleaseGate gate = new ReleaseGate(Map.of(Introduced.class, 1));

  @Test
  void anIntroducedTypeIsWrittenOnlyOnceEveryMemberReadsIt() {
    MemberReleases upgrading = MemberReleases.of(List.of("1", "0.1.0-SNAPSHOT", "1"));
    MemberReleases upgraded = MemberReleases.of(List.of("1", "1", "2"));

    assertFalse(gate.writable(Introduced.class, upgrading), "a member of release 0 would fail to recover it");
    assertTrue(gate.writable(Introduced.class, upgraded));
    assertTrue(gate.writable(Existing.class, upgrading), "types every release reads are never held back");
    assertTrue(gate.notYet(Introduced.class).contains("release 1"));
  }
}
