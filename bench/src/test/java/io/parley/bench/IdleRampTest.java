package io.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The idle-session ramp of docs/performance.md still runs end to end, on a few sessions: the node
 * jar this build made, started by {@code bench/out-of-process/idle.sh}, with its idle customers and
 * its one active customer in a Node.js process of their own. It measures nothing: every session
 * opens after a message of its customer's, the active customer's messages are answered meanwhile,
 * the silent sessions fall asleep and a message wakes them, and every figure is reported.
 */
class IdleRampTest {
  @Test
  void theRampOpensEverySessionWhileTheActiveCustomerIsAnswered() throws Exception {
    String output = OutOfProcessScript.run("idle.sh", Map.of("STEPS", "10,30", "XMX", "512m", "CONCURRENCY", "4",
        "SETTLE_SECONDS", "2", "HISTORY", "1", "PARLEY_SESSION_PASSIVATE_AFTER", "1s", "WAKE_SESSIONS", "3",
        "WAKE_AFTER_SECONDS", "3"), Duration.ofSeconds(180));

    List<JsonNode> lines = OutOfProcessScript.nodeLines(output);
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
