package io.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The restart benchmark of docs/performance.md still runs end to end, on a few sessions: the node
 * jar this build made, started, killed with SIGKILL and started again by
 * {@code bench/out-of-process/restart.sh}, with its customers in a Node.js process of their own.
 * It measures nothing: every session opens, the restarted node's shards bring every one of them
 * back (asleep until asked), every customer who comes back is answered, and every figure is reported.
 */
class RestartTest {
  @Test
  void sessionsComeBackAfterTheNodeIsKilledAndEveryReturningCustomerIsAnswered() throws Exception {
    // Paced slowly enough that some sessions still wait for their turn at the first readings. The
    // readings end at the first one after the last customer that counts all 40 sessions, the 30 no
    // customer came back to asleep (16 s at most): a node that kept those awake ends at 16 s, with
    // fewer than 30 asleep.
    String output = OutOfProcessScript.run("restart.sh", Map.of("SESSIONS", "40", "PROBES", "10", "WATCH_SECONDS", "16",
        "WATCH_UNTIL_ALL_BACK", "1", "XMX", "512m", "CONCURRENCY", "4", "PARLEY_SESSION_RESTART_WAKES_PER_SECOND", "10"),
        Duration.ofSeconds(180));

    List<JsonNode> lines = OutOfProcessScript.nodeLines(output);
    JsonNode before = lines.stream().filter(line -> line.has("before")).map(line -> line.get("before")).findFirst()
        .orElseThrow(() -> new AssertionError("no line of the sessions opened:\n" + output));
    assertEquals(40, before.get("opened").asInt(), before.toString());
    assertTrue(lines.stream().anyMatch(line -> line.has("restartToReadyS") && line.get("restartToReadyS").asDouble() > 0), output);
    List<JsonNode> probes = lines.stream().filter(line -> line.has("after") && line.get("after").has("probesFromSecond"))
        .map(line -> line.get("after")).toList();
    assertEquals(10, probes.stream().mapToInt(bucket -> bucket.get("customers").asInt()).sum(), output);
    assertEquals(0, probes.stream().mapToInt(bucket -> bucket.get("failures").asInt()).sum(), output);
    assertEquals(0, probes.stream().mapToInt(bucket -> bucket.get("lateAcks").asInt()).sum(),
        "every ack came before its answer: " + output);
    List<JsonNode> readings = lines.stream().filter(line -> line.has("after") && line.get("after").has("atSecond"))
        .map(line -> line.get("after")).toList();
    // The gauges are read apart, and a session between its wake and its replay is in neither: some reading adds up.
    assertTrue(readings.stream().anyMatch(reading -> reading.get("awake").asInt() + reading.get("asleep").asInt() == 40),
        "every session is back: " + readings);
    JsonNode last = readings.get(readings.size() - 1);
    assertTrue(last.get("asleep").asInt() >= 30, "the sessions nobody asked for are back asleep: " + last);
    assertTrue(output.contains("| smoke | 40 |"), "the Markdown tables end the output:\n" + output);
  }
}
