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
        List.of("sh", "-c", "dd if=/dev/zero of=/dev/null bs=64k count=3000000 2>/dev/null"), Map.of(),
        Duration.ofSeconds(60));
    assertTrue(output.matches("(?s)\\d+ s of CPU in \\d+ s \\(\\d+% of \\d+ cores\\)\n.*"), output);
    Matcher line = LINE.matcher(output);
    double busy = 0;
    while (line.find()) {
      if (line.group(2).equals("dd")) busy = Double.parseDouble(line.group(1));
    }
    // A fixed amount of copying, about 3 to 8 s of CPU on these machines however busy they are: work, not a
    // time, as a process busy for a fixed time gets the less CPU the more other processes run. It
    // outlasts the script's one-second reads, which miss a shorter process, on the fastest of them.
    assertTrue(busy >= 0.3 && busy <= 20, output);
  }
}
