package io.parley.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A node in its own JVM ({@code java -jar parley-server.jar}) on loopback ports and a fresh data
 * directory, as an operator runs it: benchmarks measure it from outside, as its customers do.
 * Closing stops it.
 */
record NodeJvm(Process process, int httpPort) implements AutoCloseable {
  /**
   * How many times a node is started whose port was taken between being chosen and bound: a port
   * free when chosen can go to any process's outgoing connection before the node listens on it.
   */
  private static final int STARTS = 3;

  /** Starts {@code jar} with {@code env} (PARLEY_* settings) and waits until it is ready. */
  static NodeJvm start(Path jar, Map<String, String> env) throws Exception {
    for (int attempt = 1; ; attempt++) {
      Path data = Files.createTempDirectory("parley-bench-node");
      NodeJvm node = launch(jar, env, data);
      try {
        node.awaitReady();
        return node;
      } catch (Exception e) {
        node.close();
        boolean portTaken = Files.readString(data.resolve("node.log")).contains("Address already in use");
        if (attempt < STARTS && portTaken) continue;
        throw e;
      }
    }
  }

  private static NodeJvm launch(Path jar, Map<String, String> env, Path data) throws IOException {
    int httpPort = freePort();
    // The JDK running the benchmark runs the node too: the default java may be older than the jar.
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString())
        .redirectErrorStream(true).redirectOutput(data.resolve("node.log").toFile());
    builder.environment().putAll(env);
    builder.environment().putAll(Map.of("PARLEY_HTTP_PORT", String.valueOf(httpPort),
        "PARLEY_MANAGEMENT_PORT", String.valueOf(freePort()), "PARLEY_CLUSTER_PORT", String.valueOf(freePort()),
        "PARLEY_DATA_DIR", data.toString(),
        // Every simulated customer comes from 127.0.0.1.
        "PARLEY_SESSION_STARTS_PER_ADDRESS", "0",
        "PARLEY_CONNECTIONS_PER_ADDRESS", "0",
        "PARLEY_HTTP_CONNECTIONS_PER_ADDRESS", "0",
        "PARLEY_CONNECTIONS_PER_TENANT", "0",
        "PARLEY_VOICE_MODEL_CACHE_DIR", Path.of(System.getProperty("java.io.tmpdir"), "parley-models").toString()));
    return new NodeJvm(builder.start(), httpPort);
  }

  long pid() {
    return process.pid();
  }

  /** The node's Prometheus metrics, as text. */
  String metrics() throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  /** The sum of every series of {@code name} (all label values) in {@code metrics}. */
  static double sum(String metrics, String name) {
    return metrics.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }

  /**
   * The mean, in milliseconds, of what histogram {@code name} observed between the {@code before}
   * and {@code after} readings of the node's metrics; empty when it observed nothing.
   */
  static OptionalDouble meanMillis(String before, String after, String name) {
    double count = sum(after, name + "_count") - sum(before, name + "_count");
    if (count <= 0) return OptionalDouble.empty();
    return OptionalDouble.of((sum(after, name + "_sum") - sum(before, name + "_sum")) / count * 1000);
  }

  /**
   * The {@code q} quantile, in milliseconds, of what histogram {@code name} (no labels) observed
   * between the {@code before} and {@code after} readings of the node's metrics, interpolated
   * within its bucket as Prometheus' {@code histogram_quantile} does; empty when it observed nothing.
   */
  static OptionalDouble quantileMillis(String before, String after, String name, double q) {
    TreeMap<Double, Double> added = buckets(after, name);
    buckets(before, name).forEach((bound, count) -> added.computeIfPresent(bound, (b, total) -> total - count));
    double total = added.isEmpty() ? 0 : added.lastEntry().getValue();
    if (total <= 0) return OptionalDouble.empty();
    double rank = q * total;
    double lower = 0;
    double below = 0;
    for (Map.Entry<Double, Double> bucket : added.entrySet()) {
      if (bucket.getValue() >= rank && !bucket.getKey().isInfinite()) {
        double share = (rank - below) / Math.max(1e-9, bucket.getValue() - below);
        return OptionalDouble.of((lower + (bucket.getKey() - lower) * share) * 1000);
      }
      if (bucket.getValue() >= rank) break;
      lower = bucket.getKey();
      below = bucket.getValue();
    }
    return OptionalDouble.of(lower * 1000);
  }

  /** Histogram {@code name}'s cumulative counts by upper bound. */
  private static TreeMap<Double, Double> buckets(String metrics, String name) {
    String prefix = name + "_bucket{le=\"";
    TreeMap<Double, Double> counts = new TreeMap<>();
    metrics.lines().filter(line -> line.startsWith(prefix)).forEach(line -> {
      String le = line.substring(prefix.length(), line.indexOf('"', prefix.length()));
      counts.put(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le),
          Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
    });
    return counts;
  }

  /** The {@code p} percentile of {@code sorted} milliseconds, as table text. */
  static String percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) return "-";
    return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1)) + " ms";
  }

  long cpuTicks() throws IOException {
    String[] fields = Files.readString(Path.of("/proc/" + pid() + "/stat")).split("\\) ", 2)[1].split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  long rssMiB() throws IOException {
    return Files.readAllLines(Path.of("/proc/" + pid() + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
        .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024).findFirst().orElse(0L);
  }

  private void awaitReady() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IllegalStateException("the node exited with " + process.exitValue());
      try {
        if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(String.format(Locale.ROOT, "the node did not get ready on port %d", httpPort));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor(30, TimeUnit.SECONDS);
  }
}
