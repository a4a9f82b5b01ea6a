package io.parley.http;

import static io.parley.core.testing.Awaiting.await;

import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.persistence.DatabaseSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A Parley node as its own JVM, started by {@code Main} from environment variables exactly as an
 * operator would, so tests can SIGKILL it or watch it refuse a bad configuration.
 */
final class NodeProcess implements AutoCloseable {
  /** The line a node logs once bound, with the HTTP port it took (the one it picked when asked for 0). */
  private static final Pattern LISTENING = Pattern.compile("Parley node listening on http://[^:]+:(\\d+)");
  /**
   * The one thread that starts node JVMs, for as long as this JVM lives. Each node is started under
   * {@code setpriv --pdeathsig KILL} (util-linux): the kernel kills it when the thread that started
   * it ends, so a test JVM killed outright takes its nodes with it rather than leaving them running
   * beside the rest of the build. A test's own thread, or a pool's, may end before its node. Tasks
   * go in by {@code submit} only, whose future holds what a task throws, so the thread is never
   * replaced, and the executor is never shut down.
   */
  private static final ExecutorService LAUNCHER = Executors.newSingleThreadExecutor(task -> {
    Thread launcher = new Thread(task, "node-launcher");
    launcher.setDaemon(true);
    return launcher;
  });
  private final Process process;
  private final Path log;
  /** The HTTP port asked for: 0 when the node picks one, see {@link #boundPort()}. */
  final int port;
  final int managementPort;

  private NodeProcess(Process process, Path log, int port, int managementPort) {
    this.process = process;
    this.log = log;
    this.port = port;
    this.managementPort = managementPort;
  }

  /** Starts {@code Main} on free loopback ports with {@code env} on top of a clean PARLEY_* environment. */
  static NodeProcess start(Map<String, String> env) throws IOException {
    return start(env, List.of());
  }

  /**
   * As {@link #start(Map)}, with JVM options such as {@code -Dpekko.cluster...=...}: settings no
   * operator should need, which tests tune (a faster failure detector).
   */
  static NodeProcess start(Map<String, String> env, List<String> jvmOptions) throws IOException {
    return start(env, jvmOptions, Optional.empty());
  }

  /**
   * As {@link #start(Map, List)}, run in {@code workingDir}, where its log ({@code node.log}) goes
   * and where the JVM writes its {@code hs_err_pid*.log} should it crash.
   */
  static NodeProcess startIn(Path workingDir, Map<String, String> env, List<String> jvmOptions) throws IOException {
    return start(env, jvmOptions, Optional.of(workingDir));
  }

  /**
   * As {@link #start(Map)}, from the server jar as the README runs it, {@code java <jvmOptions> -jar
   * <jar> <arguments>}: for the tests that run after {@code package} ({@link UsesServerJar}).
   */
  static NodeProcess startJar(Path jar, List<String> jvmOptions, List<String> arguments, Map<String, String> env)
      throws IOException {
    return startJar(List.of(), jar, jvmOptions, arguments, env);
  }

  /**
   * As {@link #startJar(Path, List, List, Map)}, the command after {@code launcher} ({@code ip netns
   * exec <name>}: the node in a network namespace).
   */
  static NodeProcess startJar(List<String> launcher, Path jar, List<String> jvmOptions, List<String> arguments,
      Map<String, String> env) throws IOException {
    List<String> launch = new ArrayList<>(jvmOptions);
    launch.addAll(List.of("-jar", jar.toString()));
    launch.addAll(arguments);
    return launch(env, launcher, launch, Optional.empty());
  }

  private static NodeProcess start(Map<String, String> env, List<String> jvmOptions, Optional<Path> workingDir)
      throws IOException {
    return startFrom(NodeClassPath.options(), env, jvmOptions, workingDir);
  }

  /** {@code Main} from the class path {@code classPath} gives ({@code -cp} and the options of its cache). */
  static NodeProcess startFrom(List<String> classPath, Map<String, String> env, List<String> jvmOptions,
      Optional<Path> workingDir) throws IOException {
    List<String> launch = new ArrayList<>(classPath);
    launch.addAll(List.of(
        // The test classpath has logback-test.xml; the node must log as in production.
        "-Dlogback.configurationFile=logback.xml",
        // C1 only: a node lives for a test or two, and on two cores C2's compilations slow its start.
        "-XX:TieredStopAtLevel=1",
        // As the jar's manifest and the image allow them: ONNX Runtime's native library, Pekko's
        // sun.misc.Unsafe; the JVM would otherwise warn on stderr, among the node's JSON log lines.
        "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
    launch.addAll(jvmOptions);
    launch.add("io.parley.http.Main");
    return launch(env, List.of(), launch, workingDir);
  }

  /** Starts {@code <launcher> java <launch>} with the environment of a test node and {@code env} on top. */
  private static NodeProcess launch(Map<String, String> env, List<String> launcher, List<String> launch,
      Optional<Path> workingDir) throws IOException {
    // A test may pass a deliberately bad port; only a number is a port to poll.
    int port = portOf(env, "PARLEY_HTTP_PORT");
    int managementPort = portOf(env, "PARLEY_MANAGEMENT_PORT");
    Path log = workingDir.isPresent() ? workingDir.get().resolve("node.log") : Files.createTempFile("parley-node", ".log");
    List<String> command = new ArrayList<>(launcher);
    command.addAll(List.of("setpriv", "--pdeathsig", "KILL", "--"));
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(launch);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    workingDir.ifPresent(dir -> builder.directory(dir.toFile()));
    builder.environment().keySet().removeIf(name -> name.startsWith("PARLEY_"));
    builder.environment().put("PARLEY_HTTP_HOST", "127.0.0.1");
    // Not 0: the port the OS would pick may be the HTTP port a restarted node takes back (it was
    // free while the node was down), and the node would then fail to bind it.
    builder.environment().put("PARLEY_CLUSTER_PORT", Integer.toString(portOtherThan(port, managementPort)));
    // Tests send bursts on purpose; RateLimitTest checks the limits.
    builder.environment().put("PARLEY_SESSION_MESSAGES_PER_MINUTE", "100000");
    builder.environment().put("PARLEY_SESSION_MESSAGE_BURST", "100000");
    // The tests' webhook receivers, tools and identity providers listen on loopback, as LoopbackNode allows.
    builder.environment().put("PARLEY_OUTBOUND_ALLOWED_NETWORKS", "127.0.0.0/8,::1/128");
    builder.environment().put("PARLEY_SESSION_STARTS_PER_ADDRESS", "0");
    builder.environment().put("PARLEY_CONNECTIONS_PER_ADDRESS", "0");
    builder.environment().put("PARLEY_HTTP_PORT", Integer.toString(port));
    builder.environment().put("PARLEY_MANAGEMENT_PORT", Integer.toString(managementPort));
    builder.environment().put("PARLEY_TENANTS", TestIdentity.tenantsJson());
    // Telephony takes a fixed port; these nodes run side by side and take no calls.
    builder.environment().put("PARLEY_SIP_ENABLED", "false");
    builder.environment().put("PARLEY_VOICE_WARM_UP", "false");
    // As TestNode's: the read model within a tenth of a second, not a busy node's second.
    builder.environment().put("PARLEY_CONVERSATIONS_BATCH_WINDOW", "100ms");
    builder.environment().putAll(env);
    return new NodeProcess(startedByLauncher(builder), log, port, managementPort);
  }

  private static Process startedByLauncher(ProcessBuilder builder) throws IOException {
    try {
      return LAUNCHER.submit(builder::start).get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException failed) throw failed;
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting a node", e);
    }
  }

  private static int portOtherThan(int... taken) throws IOException {
    while (true) {
      int candidate = freePort();
      if (java.util.Arrays.stream(taken).noneMatch(port -> port == candidate)) return candidate;
    }
  }

  private static int portOf(Map<String, String> env, String variable) throws IOException {
    String requested = env.get(variable);
    if (requested == null) return freePort();
    return requested.matches("\\d+") ? Integer.parseInt(requested) : -1;
  }

  /**
   * Waits up to two minutes for the node's readiness: beside the build's other test JVMs, browsers
   * and nodes, at a load of 15 on two cores, a node took more than one.
   */
  NodeProcess awaitReady() throws IOException, InterruptedException {
    return awaitReady(java.time.Duration.ofSeconds(120));
  }

  /** As {@link #awaitReady()}, for a node given longer: a jar without its ahead-of-time cache, beside others starting. */
  NodeProcess awaitReady(java.time.Duration within) throws IOException, InterruptedException {
    int readyPort = port == 0 ? boundPort() : port;
    HttpClient http = HttpClient.newHttpClient();
    try {
      // IOException: the node does not listen yet.
      await("the node ready").atMost(within).pollInterval(java.time.Duration.ofMillis(200))
          .failFast("the node exited", () -> !process.isAlive()).ignoreExceptionsInstanceOf(IOException.class)
          .until(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + readyPort + "/health/ready")).build(),
              HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
      return this;
    } catch (TerminalFailureException exited) {
      throw new AssertionError("node exited: " + output(), exited);
    } catch (ConditionTimeoutException notReady) {
      // A caller's try-with-resources never holds a node that failed here: killed, it does not go on
      // loading models beside the rest of the build.
      String output = output();
      kill();
      throw new AssertionError("node not ready within " + within.toSeconds() + " s: " + output, notReady);
    }
  }

  /**
   * Waits until the node has logged a line containing {@code fragment}: up to two minutes, since a
   * node starting beside others and the build's test JVMs can take more than one to load its models.
   */
  NodeProcess awaitOutput(String fragment) throws IOException, InterruptedException {
    try {
      await("the node logging " + fragment).atMost(java.time.Duration.ofSeconds(120)).pollInterval(java.time.Duration.ofMillis(50))
          .failFast("the node exited", () -> !process.isAlive() && !output().contains(fragment))
          .until(() -> output().contains(fragment));
      return this;
    } catch (TerminalFailureException exited) {
      throw new AssertionError("node exited before logging " + fragment + ": " + output(), exited);
    } catch (ConditionTimeoutException notLogged) {
      String output = output();
      kill();
      throw new AssertionError("node did not log " + fragment + " within 120 s: " + output, notLogged);
    }
  }

  /** The HTTP port the node bound, from its log line once it listens; waits for that line. */
  int boundPort() throws IOException, InterruptedException {
    Matcher listening = LISTENING.matcher(awaitOutput("Parley node listening").output());
    if (!listening.find()) throw new AssertionError("no port in the node's listening line: " + output());
    return Integer.parseInt(listening.group(1));
  }

  /** Waits for the process to end by itself and returns its exit code. */
  int awaitExit() throws InterruptedException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) throw new AssertionError("node did not exit");
    return process.exitValue();
  }

  /** SIGTERM, as Kubernetes stops a pod: the node shuts down gracefully; waits for the process to end. */
  int terminate() throws InterruptedException {
    process.destroy();
    return awaitExit();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: the process gets no chance to flush or shut down. */
  void kill() {
    try {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Threads the JVM has started since it began, from its performance counters (no attach needed). */
  long threadsStarted() throws IOException, InterruptedException {
    Process jstat = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstat").toString(),
        "-J-Djstat.showUnsupported=true", "-snap", Long.toString(process.pid())).redirectErrorStream(true).start();
    String counters = new String(jstat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (jstat.waitFor() != 0) throw new AssertionError("jstat failed: " + counters);
    return counters.lines().filter(line -> line.startsWith("java.threads.started="))
        .mapToLong(line -> Long.parseLong(line.substring(line.indexOf('=') + 1).strip()))
        .findFirst().orElseThrow(() -> new AssertionError("no java.threads.started in " + counters));
  }

  String output() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() {
    kill();
  }

  /** The environment of a node on a free port with its journal in {@code database}, answering with {@code model}. */
  static Map<String, String> env(Path dataDir, DatabaseSettings database, FakeChatCompletionsServer model)
      throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("PARLEY_HTTP_PORT", Integer.toString(freePort()));
    env.put("PARLEY_DATA_DIR", dataDir.toString());
    env.put("PARLEY_DB_URL", database.url());
    database.user().ifPresent(user -> env.put("PARLEY_DB_USER", user));
    database.password().ifPresent(password -> env.put("PARLEY_DB_PASSWORD", password));
    env.put("PARLEY_LLM_BASE_URL", model.baseUrl().toString());
    env.put("PARLEY_LLM_MODEL", "llama-3.3-70b");
    return env;
  }

  /**
   * A port for a node started in another process: from below the ephemeral range (LoopbackPorts),
   * where no outgoing connection takes it in the seconds before that JVM binds it.
   */
  static int freePort() {
    return LoopbackPorts.port();
  }
}
