package io.parley.http.cluster;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes a started node a cluster member, the one way its settings ask for. */
public final class ClusterFormation {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterFormation.class);

  private ClusterFormation() {}

  /**
   * Bootstrap needs the management routes bound first (they answer other nodes' probes), so
   * {@link ManagementServer#start} runs before this.
   */
  public static void join(ActorSystem<?> system, ClusterSettings settings) {
    Cluster cluster = Cluster.get(system);
    if (settings.discovery() == ClusterSettings.Discovery.KUBERNETES_API) {
      LOG.info("Forming or joining the cluster through Cluster Bootstrap ({} discovery)", system.settings().config()
          .getString("pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method"));
      ClusterBootstrap.get(Adapter.toClassic(system)).start();
    } else if (!settings.seedNodes().isEmpty()) {
      LOG.info("Joining the cluster through seed nodes {}", settings.seedNodes());
      cluster.manager().tell(new JoinSeedNodes(settings.seedNodes()));
    } else if (system.settings().config().getStringList("pekko.cluster.seed-nodes").isEmpty()) {
      // Nothing configured: a cluster of one, so a single node needs no setup at all.
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
    // Otherwise pekko.cluster.seed-nodes was set directly (-D): Pekko joins those by itself.
  }
}
