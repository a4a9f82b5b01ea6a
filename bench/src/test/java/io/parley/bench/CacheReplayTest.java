package io.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.handoff.HumanRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The answer cache replay of docs/performance.md still runs against the node jar this build made,
 * on a short mix: with the cache off every answer is the model's; on, repeated questions are
 * answered from the cache, never with another question's answer. It measures nothing.
 */
class CacheReplayTest {
  private static final Path NODE_JAR = Path.of("../http/target/parley-server.jar");

  /** A request for a person is answered by the handoff's notice, so it has no place in a cache replay. */
  @Test
  void noQuestionOfTheMixAsksForAPerson() {
    List<String> asking = CacheReplay.wordings().values().stream().flatMap(List::stream)
        .filter(HumanRequest::asks).toList();
    assertEquals(List.of(), asking);
  }

  @Test
  void repeatedQuestionsAreAnsweredFromTheCacheOnlyWhenItIsOn() throws Exception {
    assertTrue(Files.isRegularFile(NODE_JAR), NODE_JAR + " is built by the http module before this one");
    List<CacheReplay.Run> runs = CacheReplay.run(NODE_JAR, 60);

    CacheReplay.Run off = runs.get(0);
    assertEquals(0, off.hits());
    assertEquals(60, off.modelCalls());
    CacheReplay.Run on = runs.get(1);
    assertTrue(on.hits() >= 20, on.row());
    assertEquals(60 - on.hits(), on.modelCalls(), on.row());
    assertEquals(0, on.wrongIntent(), on.row());
    assertTrue(on.tokensSaved() > 0, on.row());
  }
}
