package io.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The phone benchmark of docs/performance.md still runs against the node jar this build made: two
 * callers on the premium (fake) tier are answered, heard and answered aloud at least once each. It
 * measures nothing.
 */
class PhoneLoadTest {
  private static final Path NODE_JAR = Path.of("../http/target/parley-server.jar");

  @Test
  void callersAreAnsweredAndHearTheBotAnswerTheirQuestion() throws Exception {
    assertTrue(Files.isRegularFile(NODE_JAR), NODE_JAR + " is built by the http module before this one");
    PhoneLoad.Run run = PhoneLoad.measure(NODE_JAR, "premium", 2, Duration.ZERO, Duration.ofSeconds(15));
    assertEquals(2, run.answered(), run.row());
    assertTrue(run.turnDelays().size() >= 2, run.row());
    assertTrue(run.packetsHeard() > 2 * 15 * 25, "the bot's audio, or its comfort silence, reaches the callers: " + run.row());
  }
}
