package io.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The build measures nothing (docs/performance.md): a load of three seconds on H2, from the node's
 * first ack on, only shows that ChatLoad still drives a node through the whole protocol and
 * produces every figure. The window opens at the first ack, after the customers' first sessions
 * have started, so a customer must finish its conversation inside it for a session start to be
 * timed: two turns, with answers that take a third of a second on a loaded machine, leave room.
 */
class ChatLoadTest {

  @Test
  void aShortLoadProducesEveryFigure() throws Exception {
    ChatLoad.Report report = ChatLoad.run(LoadOptions.parse("--sessions", "2", "--warmup", "0", "--seconds", "3",
        "--turns", "2", "--chunk-delay-ms", "1", "--resume", "true"));

    assertEquals(1, report.runs().size());
    LoadResult run = report.runs().get(0);
    assertEquals(0, run.errors());
    assertTrue(run.acked() > 0, "no message was acknowledged");
    assertEquals(run.acked(), run.ack().count());
    assertTrue(run.firstDelta().count() > 0 && run.answer().count() > 0 && run.sessionStart().count() > 0,
        run.toString());
    assertFalse(run.row().contains("NaN"), run.row());
    ChatLoad.Restart restart = report.restart().orElseThrow();
    assertTrue(restart.replayedMessages() >= 2, "a resumed conversation replays its question and answer");
  }

  @Test
  void optionsHaveDefaultsAndRefuseUnknownNames() {
    LoadOptions defaults = LoadOptions.parse();
    assertEquals(List.of(1, 8, 32), defaults.sessions());
    assertEquals(Duration.ofSeconds(20), defaults.measured());
    assertEquals(List.of(4, 16), LoadOptions.parse("--sessions", "4,16").sessions());
    assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--session", "4"));
    assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--model", "gpt"));
  }
}
