package io.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The out-of-process comparison of docs/performance.md still runs end to end: the node jar this
 * build made, started by {@code bench/out-of-process/run.sh}, its customers and the streaming fake
 * model in Node.js processes of their own, offline and with the model, for a second each. It
 * measures nothing; it fails, never skips, without Node.js and npm.
 */
class OutOfProcessLoadTest {
  @Test
  void theComparisonRunsAgainstTheBuiltNodeAndMeasuresEveryFigure() throws Exception {
    for (String tool : List.of("node", "npm")) requireTool(tool);
    // Conversations of two messages: customers leave and come back on new sockets within the second.
    String output = OutOfProcessScript.run("run.sh", Map.of("CUSTOMERS", "2", "SECONDS_PER_RUN", "1", "WARMUP", "3",
        "MODES", "offline llm", "DATABASES", "h2", "CONVERSATION", "2"), Duration.ofSeconds(240));

    List<JsonNode> runs = OutOfProcessScript.nodeLines(output);
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
    JsonNode withModel = runs.get(1).get("run");
    assertTrue(withModel.get("firstDeltaP50").isNumber(), "the model's first token is timed: " + runs.get(1));
    // And from the sending of the message, which covers the node's whole path to the first word.
    assertTrue(withModel.get("sentToFirstDeltaP50").asDouble() >= withModel.get("firstDeltaP50").asDouble(),
        "the first token is timed from the message too: " + runs.get(1));
    assertTrue(output.contains("| smoke | h2 | llm | 2 | 2 |"), "the Markdown table ends the output:\n" + output);
  }

  private static void requireTool(String tool) throws Exception {
    Process which = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
    if (which.waitFor() != 0) {
      throw new AssertionError(tool + " is required for the out-of-process load (Node.js 18 or newer with npm);"
          + " it is not on the PATH of this build");
    }
  }
}
