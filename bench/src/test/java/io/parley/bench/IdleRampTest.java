package io.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The idle-session ramp of docs/performance.md still runs end to end, on a few sessions: the node
 * jar this build made, started by {@code bench/out-of-process/idle.sh}, with its idle customers and
 * its one active customer in a Node.js process of their own. It measures nothing: every session
 * opens after a message of its customer's, the active customer's messages are answered meanwhile,
 * the silent sessions fall asleep and a message wakes them, and every figure is reported.
 */
class IdleRampTest {
  private static final Path SCRIPT = Path.of("out-of-process/idle.sh");
  private static final Path NODE_JAR = Path.of("../http/target/parley-server.jar");

  @Test
  void theRampOpensEverySessionWhileTheActiveCustomerIsAnswered() throws Exception {
    assertTrue(Files.isRegularFile(NODE_JAR), NODE_JAR + " is built by the http module before this one");
    ProcessBuilder run = new ProcessBuilder("bash", SCRIPT.toString(), "smoke=" + NODE_JAR).redirectErrorStream(true);
    run.environment().putAll(Map.of("STEPS", "10,30", "XMX", "512m", "CONCURRENCY", "4", "SETTLE_SECONDS", "2",
        "HISTORY", "1", "PARLEY_SESSION_PASSIVATE_AFTER", "1s", "WAKE_SESSIONS", "3", "WAKE_AFTER_SECONDS", "3"));
    Process process = run.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(180, TimeUnit.SECONDS), "idle.sh did not finish:\n" + output);
    assertEquals(0, process.exitValue(), output);

    List<JsonNode> lines = output.lines().filter(line -> line.startsWith("{\"node\"")).map(OutOfProcessLoadTest::parse).toList();
    List<JsonNode> steps = lines.stream().filter(line -> line.has("run") && line.get("run").has("sessions"))
        .map(line -> line.get("run")).toList();
    assertEquals(List.of(0, 10, 30), steps.stream().map(step -> step.get("sessions").asInt()).toList(), output);
    for (JsonNode step : steps.subList(1, steps.size())) {
      assertEquals(0, step.get("failures").asInt(), step.toString());
      assertTrue(step.get("rssMiB").asInt() > 0 && step.get("startsPerSecond").isNumber(), step.toString());
    }
    assertTrue(steps.subList(1, steps.size()).stream().mapToInt(step -> step.get("activeMessages").asInt()).sum() > 0,
        "the active customer is answered during the ramp:\n" + output);
    JsonNode wake = lines.stream().filter(line -> line.has("run") && line.get("run").has("wake")).map(line -> line.get("run"))
        .findFirst().orElseThrow(() -> new AssertionError("no wake line:\n" + output));
    assertTrue(wake.get("asleepBefore").asInt() >= 30, "the silent sessions fell asleep: " + wake);
    assertEquals(3, wake.get("wake").asInt(), wake.toString());
    assertEquals(0, wake.get("failures").asInt(), "every woken session answered: " + wake);
    assertTrue(lines.stream().anyMatch(line -> line.has("gc") && line.get("gc").get("pauses").isNumber()), output);
    assertTrue(output.contains("| smoke | 30 |"), "the Markdown table ends the output:\n" + output);
  }
}
