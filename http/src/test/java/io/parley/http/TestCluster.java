package io.parley.http;

import static io.parley.core.testing.Awaiting.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.session.SessionId;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.ShardCount;
import io.parley.sessions.entity.ChatSession;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Parley nodes as child JVMs on loopback, started as the README's cluster section starts them:
 * one PostgreSQL journal, the first two nodes as seed nodes, each with its own HTTP, Artery and
 * management port. A node can be killed (SIGKILL), stopped (SIGTERM) and started again on the
 * same ports.
 */
final class TestCluster implements AutoCloseable {
  /**
   * Test nodes fail over with the production settings (cluster.conf); a small heap (and, as for
   * every {@link NodeProcess}, C1-only JIT) keeps three JVMs cheap on two cores.
   */
  static final List<String> CHEAP_JVM = List.of("-Xmx384m");

  private final DatabaseSettings database;
  private final URI model;
  private final Map<String, String> settings;
  private final int[] httpPorts;
  private final int[] clusterPorts;
  private final int[] managementPorts;
  private final NodeProcess[] nodes;
  /** The server jar each node runs, null for this build's classes ({@link #startFrom}, {@link #restartFrom}). */
  private final Path[] jars;

  private TestCluster(DatabaseSettings database, URI model, Map<String, String> settings, int size) throws IOException {
    this.database = database;
    this.model = model;
    this.settings = Map.copyOf(settings);
    int[] ports = freePorts(3 * size);
    this.httpPorts = Arrays.copyOfRange(ports, 0, size);
    this.clusterPorts = Arrays.copyOfRange(ports, size, 2 * size);
    this.managementPorts = Arrays.copyOfRange(ports, 2 * size, 3 * size);
    this.nodes = new NodeProcess[size];
    this.jars = new Path[size];
  }

  /** {@code settings}: PARLEY_* variables every node gets, on top of those that form the cluster. */
  static TestCluster start(int size, DatabaseSettings database, URI model, Map<String, String> settings)
      throws IOException, InterruptedException {
    return launched(new TestCluster(database, model, settings, size));
  }

  /** As {@link #start}, every node running the server jar {@code jar} (a release's, for an upgrade). */
  static TestCluster startFrom(Path jar, int size, DatabaseSettings database, URI model, Map<String, String> settings)
      throws IOException, InterruptedException {
    TestCluster cluster = new TestCluster(database, model, settings, size);
    Arrays.fill(cluster.jars, jar);
    return launched(cluster);
  }

  private static TestCluster launched(TestCluster cluster) throws IOException, InterruptedException {
    try {
      for (int i = 0; i < cluster.size(); i++) cluster.nodes[i] = cluster.launch(i);
      for (NodeProcess node : cluster.nodes) node.awaitReady(cluster.startLimit());
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
      cluster.close();
      throw e;
    }
  }

  /** Starts a stopped node again on the same ports from the server jar {@code jar}, and waits until it is ready. */
  void restartFrom(int node, Path jar) throws IOException, InterruptedException {
    jars[node] = jar;
    restart(node);
  }

  /** A server jar's nodes are given longer: a release's jar is built without its ahead-of-time cache. */
  private Duration startLimit() {
    return Duration.ofSeconds(Arrays.stream(jars).anyMatch(java.util.Objects::nonNull) ? 150 : 60);
  }

  int size() {
    return nodes.length;
  }

  int httpPort(int node) {
    return httpPorts[node];
  }

  /** The node's cluster address, as the management routes name members. */
  String address(int node) {
    return "pekko://parley@127.0.0.1:" + clusterPorts[node];
  }

  OpsClient ops(int node) {
    return OpsClient.withToken(managementPorts[node]);
  }

  NodeProcess process(int node) {
    return nodes[node];
  }

  void kill(int node) {
    nodes[node].kill();
  }

  /** SIGTERM, as Kubernetes stops a pod; returns once the process has exited. */
  int terminate(int node) throws InterruptedException {
    return nodes[node].terminate();
  }

  /** Starts a stopped node again on the same ports and waits until it is ready. */
  void restart(int node) throws IOException, InterruptedException {
    if (nodes[node].isAlive()) throw new IllegalStateException("node " + node + " is still running");
    nodes[node] = launch(node).awaitReady(startLimit());
  }

  /** Waits until {@code asking} sees exactly these nodes, all Up: the cluster has settled. */
  void awaitMembers(int asking, List<Integer> expected, Duration within) {
    List<String> wanted = expected.stream().map(this::address).sorted().toList();
    // A node not answering yet fails the look (a RuntimeException or an AssertionError): it is looked at again.
    await("node " + asking + " seeing members " + wanted + " Up").atMost(within).pollInterval(Duration.ofMillis(250))
        .ignoreExceptionsMatching(notAnsweringYet -> notAnsweringYet instanceof RuntimeException
            || notAnsweringYet instanceof AssertionError)
        .until(() -> ops(asking).json("/cluster/members"), members -> {
          List<String> up = new ArrayList<>();
          members.get("members").forEach(m -> {
            if (m.get("status").asText().equals("Up")) up.add(m.get("node").asText());
          });
          up.sort(null);
          return up.equals(wanted) && members.get("members").size() == wanted.size() && members.get("unreachable").isEmpty();
        });
  }

  private NodeProcess launch(int node) throws IOException {
    Map<String, String> env = new HashMap<>(settings);
    env.put("PARLEY_DB_URL", database.url());
    database.user().ifPresent(user -> env.put("PARLEY_DB_USER", user));
    database.password().ifPresent(password -> env.put("PARLEY_DB_PASSWORD", password));
    env.put("PARLEY_HTTP_PORT", Integer.toString(httpPorts[node]));
    env.put("PARLEY_CLUSTER_HOST", "127.0.0.1");
    env.put("PARLEY_CLUSTER_PORT", Integer.toString(clusterPorts[node]));
    env.put("PARLEY_MANAGEMENT_PORT", Integer.toString(managementPorts[node]));
    // A node put on another release rejoins through the others: as the first of its own seed
    // nodes it would form a cluster of its own when they answer slowly (a busy machine).
    IntStream seeds = jars[node] != null && nodes[node] != null
        ? IntStream.range(0, clusterPorts.length).filter(other -> other != node).map(other -> clusterPorts[other])
        : IntStream.of(clusterPorts[0], clusterPorts[1 % clusterPorts.length]);
    env.put("PARLEY_SEED_NODES", seeds.distinct().mapToObj(port -> "127.0.0.1:" + port).collect(Collectors.joining(",")));
    env.put("PARLEY_OPS_TOKEN", OpsClient.TOKEN);
    env.put("PARLEY_LLM_BASE_URL", model.toString());
    env.put("PARLEY_LLM_MODEL", "llama-3.3-70b");
    if (jars[node] == null) return NodeProcess.start(env, CHEAP_JVM);
    List<String> jvm = new ArrayList<>(CHEAP_JVM);
    jvm.add("-XX:TieredStopAtLevel=1");
    return NodeProcess.startJar(jars[node], jvm, List.of(), env);
  }

  /** Distinct free ports, as LoopbackPorts hands them out: each once, until its band wraps round. */
  private static int[] freePorts(int count) throws IOException {
    Set<Integer> ports = new LinkedHashSet<>();
    while (ports.size() < count) ports.add(NodeProcess.freePort());
    return ports.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The machine's load averages, printed beside measured timings: they depend on it. */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException notLinux) {
      return "unknown";
    }
  }

  /** The shard of a session, as Pekko's default extractor computes it over a new database's shards. */
  static String shardOf(String tenant, String session) {
    return Integer.toString(Math.abs(SessionId.of(tenant, session).entityId().hashCode() % ShardCount.FOR_A_NEW_DATABASE));
  }

  /**
   * The one running node whose region holds the session's shard, as the management port lists each
   * node's own shards: asked until exactly one claims it, since a shard moving after a crash is
   * claimed by nobody for a while.
   */
  int holderOf(String tenant, String session, Duration within) {
    String shard = shardOf(tenant, session);
    return await("one node holding shard " + shard + " of " + session).atMost(within).pollInterval(Duration.ofMillis(250))
        .until(() -> IntStream.range(0, nodes.length).filter(node -> nodes[node].isAlive())
            .filter(node -> ops(node).json("/cluster/shards/" + ChatSession.ENTITY_KEY.name())
                .findValuesAsText("shardId").contains(shard))
            .boxed().toList(), claiming -> claiming.size() == 1).get(0);
  }

  /**
   * A customer resumed on the first of {@code candidates} that answers with the session: while
   * the session moves after a crash, nodes refuse or are not listening yet.
   */
  ChatClient resumeOn(String tenant, String session, long after, Duration within, List<Integer> candidates) {
    List<String> refusals = new CopyOnWriteArrayList<>();
    try {
      return await("a node resuming " + session).atMost(within).pollInterval(Duration.ofMillis(300))
          .until(() -> resumedOnFirst(tenant, session, after, candidates, refusals), Objects::nonNull);
    } catch (ConditionTimeoutException notResumed) {
      throw new AssertionError("no node resumed " + session + " within " + within + ": " + refusals, notResumed);
    }
  }

  /** The customer resumed on the first of {@code candidates} that answers with the session, or null; the refusals noted. */
  private ChatClient resumedOnFirst(String tenant, String session, long after, List<Integer> candidates, List<String> refusals) {
    for (int node : candidates) {
      ChatClient client;
      try {
        client = ChatClient.connect(httpPorts[node], tenant);
      } catch (RuntimeException notListening) {
        refusals.add("node " + node + ": " + notListening);
        continue;
      }
      client.send(ChatClient.frame("start").put("sessionId", session).put("resumeAfter", after));
      JsonNode answer = client.next(f -> List.of("session", "error").contains(f.get("type").asText()));
      if (answer.get("type").asText().equals("session")) return client;
      refusals.add("node " + node + ": " + answer);
      client.close();
    }
    return null;
  }

  /** Every node's log, for a failure message. */
  String logs() {
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < nodes.length; i++) {
      try {
        all.append("\n===== node ").append(i).append(" =====\n").append(nodes[i] == null ? "" : nodes[i].output());
      } catch (IOException e) {
        all.append(e);
      }
    }
    return all.toString();
  }

  @Override
  public void close() {
    for (NodeProcess node : nodes) if (node != null) node.kill();
  }
}
