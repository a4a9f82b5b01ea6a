package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ahead-of-time cache as the README uses it: the build leaves {@code target/parley-server.aot}
 * beside the jar (its training run, {@code --train}, passed, or the build failed), made with compact
 * object headers, and {@code java -XX:+UseCompactObjectHeaders -XX:AOTCache=... -jar} maps it; a cache that is missing costs the start its speed and a few log
 * lines, never the start.
 */
@UsesServerJar
class AotCacheTest {
  private static final Path JAR = Path.of("target", "parley-server.jar");
  private static final Path CACHE = Path.of("target", "parley-server.aot");

  @TempDir Path dataDir;

  @Test
  void theBuildsCacheIsMappedByTheReadmesStart() throws Exception {
    assertTrue(Files.size(CACHE) > 0, "the build made " + CACHE);
    try (NodeProcess node = NodeProcess.startJar(JAR, List.of("-Xlog:aot", "-XX:+UseCompactObjectHeaders", "-XX:AOTCache=" + CACHE), List.of(),
        Map.of("PARLEY_DATA_DIR", dataDir.toString())).awaitReady()) {
      String output = node.output();
      assertTrue(output.contains("UseCompactObjectHeaders = 1"), output);
      assertTrue(output.contains("Using AOT-linked classes: true"), output);
      assertFalse(output.contains("[error]"), output);
      // The cache's own warnings would be text among the node's JSON lines, on every start.
      assertFalse(output.contains("[warning][aot"), output);
    }
  }

  @Test
  void aMissingCacheCostsOnlyTheSpeed() throws Exception {
    Path missing = dataDir.resolve("parley-server.aot");
    try (NodeProcess node = NodeProcess.startJar(JAR, List.of("-XX:+UseCompactObjectHeaders", "-XX:AOTCache=" + missing), List.of(),
        Map.of("PARLEY_DATA_DIR", dataDir.toString())).awaitReady()) {
      assertTrue(node.output().contains("[error][aot] Unable to map shared spaces"), node.output());
    }
  }

  @Test
  void anUnknownArgumentStopsTheProcessWithExitCode2() throws Exception {
    NodeProcess node = NodeProcess.startJar(JAR, List.of(), List.of("--trian"), Map.of("PARLEY_DATA_DIR", dataDir.toString()));
    assertEquals(2, node.awaitExit());
    assertTrue(node.output().contains("parley: unknown arguments --trian"), node.output());
    assertFalse(Files.exists(dataDir.resolve("parley.mv.db")), "no node started");
  }
}
