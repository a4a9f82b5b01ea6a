package io.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a benchmark script of {@code bench} (by default of {@code bench/out-of-process}) on the node jar this build made, named {@code smoke}. */
final class OutOfProcessScript {
  static final Path NODE_JAR = Path.of("../http/target/parley-server.jar");
  private static final ObjectMapper JSON = new ObjectMapper();

  private OutOfProcessScript() {}

  /** The script's whole output, once it exited with 0 within {@code limit}; a failure shows the output. */
  static String run(String script, Map<String, String> environment, Duration limit) throws Exception {
    return run(Path.of("out-of-process", script), environment, limit);
  }

  /** The same for a script named by its path under {@code bench}, e.g. {@code browser/run.sh}. */
  static String run(Path script, Map<String, String> environment, Duration limit) throws Exception {
    return run(script, List.of("smoke=" + NODE_JAR), environment, limit);
  }

  /** The same with the script's own arguments; {@link #NODE_JAR} is the node jar to give it. */
  static String run(Path script, List<String> arguments, Map<String, String> environment, Duration limit)
      throws Exception {
    assertTrue(Files.isRegularFile(NODE_JAR), NODE_JAR + " is built by the http module before this one");
    // A folder without npm dependencies of its own (startup) uses out-of-process's customers.
    installDependencies(Files.isRegularFile(script.resolveSibling("package.json")) ? script.getParent()
        : Path.of("out-of-process"));
    List<String> command = new ArrayList<>(List.of(script.toString().endsWith(".py") ? "python3" : "bash",
        script.toString()));
    command.addAll(arguments);
    ProcessBuilder run = new ProcessBuilder(command).redirectErrorStream(true);
    // The nodes' JVMs compile with C1 only: a smoke run measures nothing, and on two cores C2's
    // compilations took about two fifths of each node's CPU to readiness. A fixed number of
    // compiler threads, as the scripts read the JIT's CPU from the threads alive at two moments. A
    // script that sets the launcher's options for its own nodes (run.sh) keeps its own.
    run.environment().put("JDK_JAVA_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:-UseDynamicNumberOfCompilerThreads");
    run.environment().putAll(environment);
    Process process = run.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(limit.toSeconds(), TimeUnit.SECONDS), script + " did not finish:\n" + output);
    assertEquals(0, process.exitValue(), output);
    return output;
  }

  /**
   * The npm dependencies of the scripts in {@code directory}, installed by the first test JVM that
   * needs them while the others wait: the module's test JVMs run two scripts at a time, and two
   * {@code npm ci} in one directory (each script's {@code common.sh} runs it when
   * {@code node_modules} is missing) would overwrite each other's files.
   */
  private static void installDependencies(Path directory) throws Exception {
    Path lockFile = Path.of("target", "npm-" + directory.getFileName() + ".lock");
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = channel.lock()) {
      if (Files.isDirectory(directory.resolve("node_modules"))) return;
      Process npm = new ProcessBuilder("npm", "ci", "--prefix", directory.toString(), "--no-audit", "--no-fund")
          .redirectErrorStream(true).start();
      String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, npm.waitFor(), "npm ci in " + directory + ":\n" + output);
    }
  }

  /** The JSON lines the script printed for its node. */
  static List<JsonNode> nodeLines(String output) {
    return output.lines().filter(line -> line.startsWith("{\"node\"")).map(OutOfProcessScript::parse).toList();
  }

  /** One JSON line of a script's output. */
  static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }
}
