package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.config.InvalidSettingException;
import io.parley.persistence.testing.TestH2;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A remote tool may not shadow one of the node's own tools, including the ones the sessions add (escalate). */
class RemoteToolsStartupTest {
  @TempDir Path dataDir;

  @Test
  void aRemoteToolNamedLikeALocalOneStopsTheStartAndNamesTheVariable() {
    String remoteTools = "[{\"name\":\"escalate\",\"description\":\"Our own escalation\",\"url\":\"http://127.0.0.1:9/x\","
        + "\"parameters\":{\"type\":\"object\"}}]";
    InvalidSettingException clash = assertThrows(InvalidSettingException.class, () -> ParleyNode.start(
        TestNode.config(TestH2.migratedIn(dataDir), Optional.empty(), Map.of("parley.tools.remote", remoteTools))));
    assertTrue(clash.getMessage().startsWith("PARLEY_REMOTE_TOOLS (parley.tools.remote): tool \"escalate\" has the name"
        + " of one of the node's own tools (kb_search, create_ticket, fetch_status, escalate, do_not_call, press_keys)"), clash.getMessage());
  }
}
