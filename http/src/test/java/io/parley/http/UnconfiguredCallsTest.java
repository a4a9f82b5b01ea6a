package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node contacts nothing its operator did not configure (docs/security.md, "What a node
 * contacts"). The server jar starts as the README runs it, configured with nothing to call (the
 * embedded journal, no model, no archive store, no tracing), inside a {@link NetworkNamespace} whose
 * every address but loopback is a trap: the cloud metadata service's addresses listen on ports 80
 * and 443, and any packet for anywhere else is counted. Once the node is ready and has loaded its
 * embedding model (the DJL tokenizer that called the metadata service at every start), nothing may
 * have connected to the traps and no packet may have left. The speech engines (Vosk, FreeTTS, Silero
 * on ONNX Runtime) are loaded at start too, as a node that warms its voice up does.
 */
@UsesServerJar
class UnconfiguredCallsTest {
  private static final Path JAR = Path.of("target", "parley-server.jar");

  @TempDir Path dataDir;

  @Test
  void aNodeWithNothingToCallCallsNothing() throws Exception {
    try (NetworkNamespace namespace = NetworkNamespace.create(); NetworkNamespace.Trap trap = namespace.trap(80, 443);
        NodeProcess node = NodeProcess.startJar(namespace.launcher(), JAR, List.of(), List.of(),
            Map.of("PARLEY_DATA_DIR", dataDir.toString(), "PARLEY_VOICE_WARM_UP", "true"))) {
      node.awaitOutput("Loaded the all-MiniLM-L6-v2 embedding model").awaitOutput("voice engines loaded");
      assertEquals(200, trap.get("http://127.0.0.1:" + node.boundPort() + "/health/ready"), node.output());
      assertEquals(List.of(), trap.connections(), "connections to the cloud metadata service");
      assertEquals(0, namespace.packetsOut(), "packets sent outside the namespace; its sockets: " + namespace.sockets());
    }
  }
}
