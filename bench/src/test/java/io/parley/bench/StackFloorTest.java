package io.parley.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The stack's floor in docs/performance.md still builds, trains and starts: {@code
 * bench/startup/stack-floor.sh} on the node jar this build made, its 90 training messages answered,
 * then one start of it by {@code startup-time.py} with its cache, which must fit ({@code
 * -XX:AOTMode=on} stops a start whose cache does not). It measures nothing.
 */
class StackFloorTest {
  @Test
  void theFloorBuildsTrainsItsCacheAndStartsWithIt() throws Exception {
    Path out = Path.of("target", "stack-floor").toAbsolutePath();
    String built = OutOfProcessScript.run(Path.of("startup", "stack-floor.sh"),
        List.of(OutOfProcessScript.NODE_JAR.toString(), out.toString()), Map.of(), Duration.ofSeconds(300));
    assertTrue(built.contains("stack floor: " + out.resolve("stack-floor.jar")), built);
    // The cache holds the libraries' classes, read through the floor jar's Class-Path, not the JDK's alone (about 30 MB).
    assertTrue(Files.size(out.resolve("stack-floor.aot")) > 60_000_000L, "the cache's size: " + Files.size(out.resolve("stack-floor.aot")));

    String started = OutOfProcessScript.run(Path.of("startup", "startup-time.py"), List.of("1",
        "floor=" + out.resolve("stack-floor.jar") + ":-XX:+UseCompactObjectHeaders,-XX:AOTCache="
            + out.resolve("stack-floor.aot") + ",-XX:AOTMode=on"), Map.of(), Duration.ofSeconds(300));
    assertTrue(started.contains("floor new: median") && started.contains("floor existing: median"), started);
    assertTrue(started.lines().filter(line -> line.contains(", 1 of 1 ready")).count() == 2, started);
  }
}
