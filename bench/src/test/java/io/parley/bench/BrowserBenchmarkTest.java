package io.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The browser benchmark of docs/performance.md still runs end to end: the node jar this build made,
 * started by {@code bench/browser/run.sh}, the widget on a page of another origin and the node's own
 * page in headless Chromium, against the streaming fake model, once each. It measures nothing.
 */
class BrowserBenchmarkTest {
  private static final List<String> FIGURES = List.of("launcherCold", "launcherWarm", "readyCold", "readyWarm",
      "firstDeltaWidget", "firstDeltaPage");

  @Test
  void theWidgetAndTheNodesPageAreTimedInChromium() throws Exception {
    String output = OutOfProcessScript.run(Path.of("browser", "run.sh"),
        Map.of("COLD_LOADS", "1", "WARM_LOADS", "1", "QUESTIONS", "1"), Duration.ofSeconds(240));

    List<JsonNode> runs = OutOfProcessScript.nodeLines(output);
    assertEquals(1, runs.size(), output);
    JsonNode figures = runs.get(0).get("run");
    for (String figure : FIGURES) {
      assertTrue(figures.get(figure).get("p50").isNumber() && figures.get(figure).get("p50").asDouble() > 0,
          figure + " is measured: " + figures);
    }
    assertTrue(output.contains("| smoke | "), "the Markdown table ends the output:\n" + output);
  }
}
