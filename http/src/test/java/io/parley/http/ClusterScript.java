package io.parley.http;

import io.parley.persistence.DatabaseSettings;
import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * {@code deploy/cluster.sh}, the README's cluster recipe, run as an operator runs it: three nodes of
 * the server jar and HAProxy in front, its ports moved by {@code PORT_OFFSET} to a free stretch of
 * loopback. The nodes, their ports and pids are read from what the script prints once it is ready.
 */
final class ClusterScript implements AutoCloseable {
  private static final Path SCRIPT = Path.of("../deploy/cluster.sh").toAbsolutePath().normalize();
  private static final Pattern NODE_LINE =
      Pattern.compile("node (\\d): http://127\\.0\\.0\\.1:(\\d+), management port \\d+, pid (\\d+), log .*");
  private static final Pattern READY_LINE = Pattern.compile("ready: open http://127\\.0\\.0\\.1:(\\d+) .*");
  private static final Duration START_LIMIT = Duration.ofSeconds(180);

  /** A node the script started: its HTTP port and its process. */
  record Node(int number, int httpPort, long pid) {}

  private final Process script;
  private final Path directory;
  private final int loadBalancerPort;
  private final Map<Integer, Node> nodes;

  private ClusterScript(Process script, Path directory, int loadBalancerPort, Map<Integer, Node> nodes) {
    this.script = script;
    this.directory = directory;
    this.loadBalancerPort = loadBalancerPort;
    this.nodes = nodes;
  }

  /**
   * Runs the script in {@code directory} on {@code database}, with {@code settings} (PARLEY_* and
   * the JVM's own variables) on top of an environment without PARLEY_* variables, and waits until
   * it says the cluster is ready.
   */
  static ClusterScript start(Path directory, DatabaseSettings database, Map<String, String> settings)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString())
        .directory(directory.toFile())
        .redirectErrorStream(true)
        .redirectOutput(directory.resolve("cluster.out").toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("PARLEY_"));
    // The script's `java` is the one running the build, whatever else is on the PATH.
    env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator + env.getOrDefault("PATH", ""));
    env.put("PARLEY_DB_URL", database.url());
    database.user().ifPresent(user -> env.put("PARLEY_DB_USER", user));
    database.password().ifPresent(password -> env.put("PARLEY_DB_PASSWORD", password));
    env.put("PORT_OFFSET", Integer.toString(freeOffset()));
    env.putAll(settings);
    Process script = builder.start();
    try {
      return awaitReady(script, directory);
    } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
      stop(script, directory);
      throw new AssertionError(e.getMessage() + "\n" + output(directory), e);
    }
  }

  private static ClusterScript awaitReady(Process script, Path directory) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      List<String> lines = Files.readAllLines(directory.resolve("cluster.out"));
      for (String line : lines) {
        Matcher ready = READY_LINE.matcher(line);
        if (ready.matches()) return new ClusterScript(script, directory, Integer.parseInt(ready.group(1)), nodes(lines));
      }
      if (!script.isAlive()) throw new AssertionError("cluster.sh exited with " + script.exitValue());
      TimeUnit.MILLISECONDS.sleep(500);
    }
    throw new AssertionError("cluster.sh not ready within " + START_LIMIT);
  }

  private static Map<Integer, Node> nodes(List<String> lines) {
    Map<Integer, Node> nodes = new LinkedHashMap<>();
    for (String line : lines) {
      Matcher node = NODE_LINE.matcher(line);
      if (node.matches()) {
        int number = Integer.parseInt(node.group(1));
        nodes.put(number, new Node(number, Integer.parseInt(node.group(2)), Long.parseLong(node.group(3))));
      }
    }
    return Map.copyOf(nodes);
  }

  /** The port browsers use: HAProxy's. */
  int loadBalancerPort() {
    return loadBalancerPort;
  }

  List<Node> nodes() {
    return nodes.values().stream().sorted((a, b) -> a.number() - b.number()).toList();
  }

  /** {@code kill -9}: the node gets no chance to shut down. */
  void kill(Node node) throws InterruptedException {
    ProcessHandle process = ProcessHandle.of(node.pid()).orElseThrow(() -> new AssertionError(node + " is not running"));
    process.destroyForcibly();
    process.onExit().orTimeout(10, TimeUnit.SECONDS).join();
  }

  /** What the script printed, and every node's and HAProxy's log, for a failure message. */
  String output() {
    return output(directory);
  }

  private static String output(Path directory) {
    StringBuilder all = new StringBuilder();
    for (String file : List.of("cluster.out", "cluster/haproxy.log", "cluster/node1.log", "cluster/node2.log",
        "cluster/node3.log")) {
      Path log = directory.resolve(file);
      try {
        all.append("\n===== ").append(file).append(" =====\n").append(Files.exists(log) ? Files.readString(log) : "");
      } catch (IOException e) {
        all.append(e);
      }
    }
    return all.toString();
  }

  /**
   * SIGKILL to what the script started, by its pid files (a graceful stop would only cost the
   * build time), then SIGTERM to the script, which has nothing left to stop.
   */
  @Override
  public void close() {
    stop(script, directory);
  }

  private static void stop(Process script, Path directory) {
    for (String name : List.of("node1", "node2", "node3", "haproxy")) {
      Path pidFile = directory.resolve("cluster").resolve(name + ".pid");
      try {
        if (Files.exists(pidFile)) {
          ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(ProcessHandle::destroyForcibly);
        }
      } catch (IOException | NumberFormatException e) {
        // nothing was started under this name
      }
    }
    script.destroy();
    try {
      if (!script.waitFor(10, TimeUnit.SECONDS)) script.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * An offset for every port of the script (load balancer 8080, nodes' HTTP 8081-8083, management
   * 8551-8553, SIP 5061-5063, Artery 25521-25523, RTP 16384-16983) at which all of them are free on
   * loopback and below the kernel's ephemeral range: a port there may be taken by any process's
   * outgoing connection between this check and the node's bind, which then fails its start.
   */
  private static int freeOffset() throws IOException {
    int highest = 25_523;
    int limit = LoopbackPorts.ephemeralLowerBound() - highest;
    if (limit <= 1) throw new IOException("the ephemeral port range starts below " + highest + ": no room for the cluster's ports");
    for (int attempt = 0; attempt < 50; attempt++) {
      int offset = ThreadLocalRandom.current().nextInt(1, limit);
      boolean free = IntStream.of(8080, 8081, 8082, 8083, 8551, 8552, 8553, 25521, 25522, 25523)
          .allMatch(port -> tcpFree(port + offset))
          && IntStream.of(5061, 5062, 5063).allMatch(port -> tcpFree(port + offset) && udpFree(port + offset))
          && IntStream.range(16_384, 16_984).allMatch(port -> udpFree(port + offset));
      if (free) return offset;
    }
    throw new IOException("no stretch of loopback ports below the ephemeral range free for the cluster");
  }

  private static boolean tcpFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  private static boolean udpFree(int port) {
    try (DatagramSocket socket = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }
}
