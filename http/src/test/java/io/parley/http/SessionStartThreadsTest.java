package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting sessions reuses the node's pools: counted on a child node, alone on the machine. */
@RunsAlone
class SessionStartThreadsTest {
  @TempDir Path dataDir;

  @Test
  void startingSessionsStartsNoThreadsOnTwoCores() throws Exception {
    // Two cores, as the machines this runs on in production often have: there the JDK's common pool
    // has one thread, and the JDK would run stages given no executor on a new thread each.
    try (NodeProcess node = NodeProcess.start(Map.of("PARLEY_DATA_DIR", dataDir.toString()),
        List.of("-XX:ActiveProcessorCount=2")).awaitReady()) {
      // The node's pools start their threads as work comes (the blocking one up to 16): let them.
      StartupTest.startSessions(node.port, 30);
      long before = node.threadsStarted();
      StartupTest.startSessions(node.port, 100);
      long started = node.threadsStarted() - before;
      assertTrue(started < 20, "100 sessions started " + started + " threads (about 300 when each started its own)");
    }
  }
}
