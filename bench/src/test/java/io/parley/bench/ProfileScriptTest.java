package io.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The profile of a message in docs/performance.md still runs end to end: {@code
 * bench/out-of-process/profile.sh} on the node jar this build made, a second of one customer cold
 * and warm, each phase read from the node's threads and its flight recording. It measures nothing.
 */
class ProfileScriptTest {
  @Test
  void eachPhaseIsReadFromTheThreadsAndTheRecording() throws Exception {
    String output = OutOfProcessScript.run("profile.sh", Map.of("COLD_WARMUP", "3", "COLD_SECONDS", "1",
        "WARM_WARMUP", "6", "WARM_SECONDS", "1"), Duration.ofSeconds(420));

    for (String phase : new String[] {"cold", "warm"}) {
      assertTrue(output.contains("== " + phase + ": {\"customers\":1"), output);
    }
    for (String reading : new String[] {"node CPU: ", "samples of Java threads on a CPU: ", "compilations: ",
        "allocated by site", "parked or waiting"}) {
      assertEquals(2, Pattern.compile(Pattern.quote(reading)).matcher(output).results().count(), reading + " in\n" + output);
    }
  }
}
