package io.parley.http.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes a started node a cluster member, the one way its settings ask for. */
public final class ClusterFormation {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterFormation.class);
  private static final String SEED_NODES = "pekko.cluster.seed-nodes";
  private static final String SOCKET_DISPATCHER = "pekko.io.tcp.worker-dispatcher";

  private ClusterFormation() {}

  /**
   * What the actor system must know before it starts. Without discovery the seed nodes are
   * configuration, so Pekko joins them (or, for a cluster of one, the node itself) while the system
   * starts, without waiting for the management server and without logging that it relies on
   * Cluster Bootstrap; and the bootstrap routes, which nothing would ask, are not loaded.
   *
   * <p>A cluster of one also reads and writes its sockets on the default dispatcher, where the
   * streams they feed run, rather than on the internal one: each frame then changes thread pools
   * twice less, and on two cores each change can wake a parked thread (one customer's ack at the
   * median: 2.5 to 1.7-2.0 ms, docs/performance.md). A node with peers keeps Pekko's default: its
   * cluster heartbeats cross those socket actors too, and must not queue behind a busy node's chat
   * traffic while the failure detector waits little more than a second.
   */
  public static Config overlay(ClusterSettings settings, Config config) {
    if (settings.discovery() == ClusterSettings.Discovery.KUBERNETES_API) return config;
    Config withoutBootstrap = config.withValue("pekko.management.http.routes.cluster-bootstrap",
        ConfigValueFactory.fromAnyRef(""));
    List<Address> seeds = !settings.seedNodes().isEmpty() ? settings.seedNodes()
        // pekko.cluster.seed-nodes set directly (-D): Pekko joins those by itself.
        : !config.getStringList(SEED_NODES).isEmpty() ? List.of()
        : self(config);
    Config formed = withoutBootstrap;
    if (settings.singleNode() && config.getStringList(SEED_NODES).isEmpty()) {
      formed = formed.withValue(SOCKET_DISPATCHER, ConfigValueFactory.fromAnyRef("pekko.actor.default-dispatcher"));
    }
    if (seeds.isEmpty()) return formed;
    return ConfigFactory.parseMap(Map.of(SEED_NODES, seeds.stream().map(Address::toString).toList()))
        .withFallback(formed);
  }

  /**
   * This node's address when it can be known before Artery binds: not with port 0 (tests) or a
   * host Pekko looks up itself ({@code <getHostAddress>}), nor an IPv6 literal, whose form in an
   * address Pekko decides; {@link #join} then joins the node to itself once it has started.
   */
  private static List<Address> self(Config config) {
    String host = config.getString("pekko.remote.artery.canonical.hostname");
    int port = config.getInt("pekko.remote.artery.canonical.port");
    if (port == 0 || host.startsWith("<") || host.contains(":")) return List.of();
    return List.of(new Address("pekko", ClusterSettings.SYSTEM_NAME, host, port));
  }

  /**
   * Cluster Bootstrap answers other nodes' probes on the management server, so it starts once
   * {@code management} is bound; without discovery the node has joined through {@link #overlay}
   * already, or joins itself now.
   */
  public static void join(ActorSystem<?> system, ClusterSettings settings, CompletionStage<?> management) {
    Cluster cluster = Cluster.get(system);
    if (settings.discovery() == ClusterSettings.Discovery.KUBERNETES_API) {
      LOG.info("Forming or joining the cluster through Cluster Bootstrap ({} discovery)", system.settings().config()
          .getString("pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method"));
      management.thenRun(() -> ClusterBootstrap.get(Adapter.toClassic(system)).start());
    } else if (!settings.seedNodes().isEmpty()) {
      LOG.info("Joining the cluster through seed nodes {}", settings.seedNodes());
    } else if (system.settings().config().getStringList(SEED_NODES).isEmpty()) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
  }
}
