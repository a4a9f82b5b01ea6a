package io.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a benchmark script of {@code bench} (by default of {@code bench/out-of-process}) on the node jar this build made, named {@code smoke}. */
final class OutOfProcessScript {
  private static final Path NODE_JAR = Path.of("../http/target/parley-server.jar");
  private static final ObjectMapper JSON = new ObjectMapper();

  private OutOfProcessScript() {}

  /** The script's whole output, once it exited with 0 within {@code limit}; a failure shows the output. */
  static String run(String script, Map<String, String> environment, Duration limit) throws Exception {
    return run(Path.of("out-of-process", script), environment, limit);
  }

  /** The same for a script named by its path under {@code bench}, e.g. {@code browser/run.sh}. */
  static String run(Path script, Map<String, String> environment, Duration limit) throws Exception {
    assertTrue(Files.isRegularFile(NODE_JAR), NODE_JAR + " is built by the http module before this one");
    ProcessBuilder run = new ProcessBuilder("bash", script.toString(), "smoke=" + NODE_JAR)
        .redirectErrorStream(true);
    run.environment().putAll(environment);
    Process process = run.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(limit.toSeconds(), TimeUnit.SECONDS), script + " did not finish:\n" + output);
    assertEquals(0, process.exitValue(), output);
    return output;
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
