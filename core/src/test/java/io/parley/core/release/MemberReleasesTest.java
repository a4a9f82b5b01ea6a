package io.parley.core.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemberReleasesTest {
  @Test
  void releasesBeforeNumberingCountAsZeroAndNumberedOnesByTheirNumber() {
    assertEquals(0, MemberReleases.releaseOf("0.1.0-SNAPSHOT"));
    assertEquals(1, MemberReleases.releaseOf("1"));
    assertEquals(12, MemberReleases.releaseOf("12.0.0"));
    assertThrows(IllegalArgumentException.class, () -> MemberReleases.releaseOf("next"));
  }

  @Test
  void aReleaseIsReachedOnlyOnceNoMemberRunsAnOlderOne() {
    assertFalse(MemberReleases.of(List.of("1", "0.1.0-SNAPSHOT", "1")).allReach(1), "one member still runs release 0");
    assertTrue(MemberReleases.of(List.of("1", "2", "1")).allReach(1));
    assertFalse(MemberReleases.of(List.of("1", "2")).allReach(2), "a rolled-back member holds the cluster at 1");
    assertTrue(MemberReleases.none().allReach(1), "no member known: nothing older is up");
  }
}
