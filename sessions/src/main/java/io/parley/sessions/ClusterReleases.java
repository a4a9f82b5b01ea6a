package io.parley.sessions;

import io.parley.core.release.MemberReleases;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.ClusterActorRefProvider;
import org.apache.pekko.cluster.ClusterEvent;

/**
 * The releases of the cluster's members, from the app-version each gossips; recomputed only when
 * the membership changed. One per actor system; a system without a cluster (a test's) has no
 * other member, so nothing older is up.
 */
public final class ClusterReleases implements Extension, Supplier<MemberReleases> {
  private static final ExtensionId<ClusterReleases> ID = new ExtensionId<>() {
    @Override
    public ClusterReleases createExtension(ActorSystem<?> system) {
      return new ClusterReleases(system);
    }
  };

  private final Cluster cluster;
  private volatile Seen seen = new Seen(null, MemberReleases.none());

  private record Seen(ClusterEvent.CurrentClusterState state, MemberReleases releases) {}

  private ClusterReleases(ActorSystem<?> system) {
    ExtendedActorSystem classic = (ExtendedActorSystem) Adapter.toClassic(system);
    this.cluster = classic.provider() instanceof ClusterActorRefProvider ? Cluster.get(classic) : null;
  }

  public static ClusterReleases get(ActorSystem<?> system) {
    return ID.apply(system);
  }

  @Override
  public MemberReleases get() {
    if (cluster == null) return MemberReleases.none();
    ClusterEvent.CurrentClusterState state = cluster.state();
    Seen last = seen;
    if (last.state() == state) return last.releases();
    MemberReleases releases = MemberReleases.of(StreamSupport.stream(state.getMembers().spliterator(), false)
        .map(member -> member.appVersion().version()).toList());
    seen = new Seen(state, releases);
    return releases;
  }
}
