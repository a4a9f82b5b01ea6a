package io.parley.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Parley node as its own JVM, started by {@code Main} from environment variables exactly as an
 * operator would, so tests can SIGKILL it or watch it refuse a bad configuration.
 */
final class NodeProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  final int port;

  private NodeProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Starts {@code Main} on a free loopback port with {@code env} on top of a clean PARLEY_* environment. */
  static NodeProcess start(Map<String, String> env) throws IOException {
    String requestedPort = env.get("PARLEY_HTTP_PORT");
    // A test may pass a deliberately bad port; only a number is a port to poll.
    int port = requestedPort == null ? freePort() : requestedPort.matches("\\d+") ? Integer.parseInt(requestedPort) : -1;
    Path log = Files.createTempFile("parley-node", ".log");
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        // The test classpath has logback-test.xml; the node must log as in production.
        "-Dlogback.configurationFile=logback.xml",
        "io.parley.http.Main")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("PARLEY_"));
    builder.environment().put("PARLEY_HTTP_HOST", "127.0.0.1");
    builder.environment().put("PARLEY_CLUSTER_PORT", "0");
    if (requestedPort == null) builder.environment().put("PARLEY_HTTP_PORT", Integer.toString(port));
    builder.environment().putAll(env);
    return new NodeProcess(builder.start(), log, port);
  }

  NodeProcess awaitReady() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new AssertionError("node exited: " + output());
      try {
        HttpResponse<String> ready = http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) return this;
      } catch (IOException notListeningYet) {
        // keep polling
      }
      Thread.sleep(200);
    }
    throw new AssertionError("node not ready within 60 s: " + output());
  }

  /** Waits for the process to end by itself and returns its exit code. */
  int awaitExit() throws InterruptedException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) throw new AssertionError("node did not exit");
    return process.exitValue();
  }

  /** SIGKILL: the process gets no chance to flush or shut down. */
  void kill() {
    try {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  String output() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() {
    kill();
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
