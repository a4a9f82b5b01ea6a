package io.parley.core.release;

import java.util.Map;

/**
 * The types a release introduced into a journal, each with the release that first reads it. A
 * node of an older release fails to recover an entity whose journal holds one, so a type is
 * written only once every member runs that release or a later one; until then the command that
 * would write it is refused as unavailable, and the entity keeps what it had (docs/cluster.md,
 * "Upgrading"). A type leaves this list once no supported release is older than its own.
 */
public record ReleaseGate(Map<Class<?>, Integer> firstReadIn) {
  public ReleaseGate {
    firstReadIn = Map.copyOf(firstReadIn);
  }

  /** Whether {@code type} may be written while these members are up. */
  public boolean writable(Class<?> type, MemberReleases members) {
    Integer release = firstReadIn.get(type);
    return release == null || members.allReach(release);
  }

  /** Why a command that would write {@code type} is refused while an older member is up. */
  public String notYet(Class<?> type) {
    return "not available until every node runs release " + firstReadIn.get(type) + " or later (a rolling upgrade is"
        + " under way): try again once it has finished";
  }
}
