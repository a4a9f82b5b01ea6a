package io.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The out-of-process comparison of docs/performance.md still runs end to end: the node jar this
 * build made, started by {@code bench/out-of-process/run.sh}, its customers and the streaming fake
 * model in Node.js processes of their own, offline and with the model, for a second each. It
 * measures nothing; it fails, never skips, without Node.js and npm.
 */
class OutOfProcessLoadTest {
  private static final Path SCRIPT = Path.of("out-of-process/run.sh");
  private static final Path NODE_JAR = Path.of("../http/target/parley-server.jar");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theComparisonRunsAgainstTheBuiltNodeAndMeasuresEveryFigure() throws Exception {
    for (String tool : List.of("node", "npm")) requireTool(tool);
    assertTrue(Files.isRegularFile(NODE_JAR), NODE_JAR + " is built by the http module before this one");
    ProcessBuilder run = new ProcessBuilder("bash", SCRIPT.toString(), "smoke=" + NODE_JAR).redirectErrorStream(true);
    // Conversations of two messages: customers leave and come back on new sockets within the second.
    run.environment().putAll(java.util.Map.of("CUSTOMERS", "2", "SECONDS_PER_RUN", "1", "WARMUP", "3",
        "MODES", "offline llm", "DATABASES", "h2", "CONVERSATION", "2"));
    Process process = run.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(240, TimeUnit.SECONDS), "run.sh did not finish:\n" + output);
    assertEquals(0, process.exitValue(), output);

    List<JsonNode> runs = output.lines().filter(line -> line.startsWith("{\"node\"")).map(OutOfProcessLoadTest::parse).toList();
    assertEquals(List.of("offline", "llm"), runs.stream().map(r -> r.get("mode").asText()).toList(), output);
    for (JsonNode run1 : runs) {
      JsonNode figures = run1.get("run");
      assertTrue(figures.get("acks").asInt() > 0 && figures.get("ackP50").isNumber(), run1.toString());
      // The node's own cost, read from /proc: a node that answered used some CPU and switched threads.
      assertTrue(run1.get("nodeSwitches").asLong() > 0 && run1.get("nodeCpuMs").asLong() >= 0, run1.toString());
      // And its share of each ack, from its parley_chat_ack_seconds: every ack of the run is counted.
      JsonNode acks = run1.get("nodeAcks");
      assertTrue(acks.get(1).get("+Inf").asInt() - acks.get(0).get("+Inf").asInt() >= figures.get("acks").asInt(),
          run1.toString());
    }
    assertTrue(runs.get(1).get("run").get("firstDeltaP50").isNumber(), "the model's first token is timed: " + runs.get(1));
    assertTrue(output.contains("| smoke | h2 | llm | 2 | 2 |"), "the Markdown table ends the output:\n" + output);
  }

  /** One JSON line of a script's output. */
  static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }

  private static void requireTool(String tool) throws Exception {
    Process which = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
    if (which.waitFor() != 0) {
      throw new AssertionError(tool + " is required for the out-of-process load (Node.js 18 or newer with npm);"
          + " it is not on the PATH of this build");
    }
  }
}
