package io.parley.sessions;

import io.parley.core.release.MemberReleases;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.apache.pekko.ConfigurationException;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.ClusterEvent;

/**
 * The releases of the cluster's members, from the app-version each gossips; recomputed only when
 * the membership changed. An actor system without a cluster (a test's) has no other member.
 */
public final class ClusterReleases implements Supplier<MemberReleases> {
  private final ExtendedActorSystem system;
  private volatile Cluster cluster;
  private volatile Seen seen = new Seen(null, MemberReleases.none());

  private record Seen(ClusterEvent.CurrentClusterState state, MemberReleases releases) {}

  public ClusterReleases(ExtendedActorSystem system) {
    this.system = system;
  }

  @Override
  public MemberReleases get() {
    Cluster joined = cluster();
    if (joined == null) return MemberReleases.none();
    ClusterEvent.CurrentClusterState state = joined.state();
    Seen last = seen;
    if (last.state() == state) return last.releases();
    MemberReleases releases = MemberReleases.of(StreamSupport.stream(state.getMembers().spliterator(), false)
        .map(member -> member.appVersion().version()).toList());
    seen = new Seen(state, releases);
    return releases;
  }

  private Cluster cluster() {
    if (cluster == null && system.settings().ProviderClass().contains("cluster")) {
      try {
        cluster = Cluster.get(system);
      } catch (ConfigurationException notClustered) {
        return null;
      }
    }
    return cluster;
  }
}
