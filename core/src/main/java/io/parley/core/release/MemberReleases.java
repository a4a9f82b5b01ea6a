package io.parley.core.release;

import java.util.Collection;
import java.util.List;

/**
 * The releases the cluster's members run, from their app-versions (the build writes the root
 * pom's {@code parley.release} number there). Releases from before that numbering all reported
 * {@code 0.1.0-SNAPSHOT}; they count as release 0. A release that introduced something other
 * members must read (an event type, a wire shape) writes it only once {@link #allReach} that
 * release (docs/cluster.md, "Upgrading").
 */
public record MemberReleases(List<Integer> releases) {
  public MemberReleases {
    releases = List.copyOf(releases);
  }

  /** No member known yet (a node that has not joined, a test without a cluster): nothing older is up. */
  public static MemberReleases none() {
    return new MemberReleases(List.of());
  }

  public static MemberReleases of(Collection<String> appVersions) {
    return new MemberReleases(appVersions.stream().map(MemberReleases::releaseOf).toList());
  }

  /** The release number an app-version names: its leading number, 0 for the releases before numbering. */
  public static int releaseOf(String appVersion) {
    if (appVersion.endsWith("-SNAPSHOT")) return 0;
    int end = 0;
    while (end < appVersion.length() && Character.isDigit(appVersion.charAt(end))) end++;
    if (end == 0) throw new IllegalArgumentException("app-version " + appVersion + " is not a release number such as 7");
    return Integer.parseInt(appVersion.substring(0, end));
  }

  /** Whether every member runs {@code release} or a later one. */
  public boolean allReach(int release) {
    return releases.stream().allMatch(member -> member >= release);
  }
}
