package io.parley.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code cpu-by-process.py}, which docs/testing.md reads a test run's CPU with, on a command of known cost. */
class CpuByProcessScriptTest {
  private static final Pattern LINE = Pattern.compile("(?m)^\\s+([0-9.]+) s\\s+[0-9.]+%\\s+(.+)$");

  @Test
  void aBusyProcessStartedByTheCommandIsCountedUnderItsName() throws Exception {
    String output = OutOfProcessScript.run(Path.of("out-of-process", "cpu-by-process.py"),
        List.of("sh", "-c", "timeout 3 yes > /dev/null; exit 0"), Map.of(), Duration.ofSeconds(60));
    assertTrue(output.matches("(?s)\\d+ s of CPU in \\d+ s \\(\\d+% of \\d+ cores\\)\n.*"), output);
    Matcher line = LINE.matcher(output);
    double busy = 0;
    while (line.find()) {
      if (line.group(2).equals("yes")) busy = Double.parseDouble(line.group(1));
    }
    // Three seconds on a core, less what the other tests' processes took of it.
    assertTrue(busy >= 1.0 && busy <= 3.5, output);
  }
}
