package io.parley.sessions.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which closed conversations are scored (the sample, the daily cap) and how the judge's answer is read. */
class ConversationScoringRulesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aSampleTakesItsShareOfSessionsAndDecidesEachAlikeEveryTime() {
    List<String> sessions = IntStream.range(0, 10_000).mapToObj(i -> UUID.nameUUIDFromBytes(("s" + i).getBytes()).toString())
        .toList();
    long sampled = sessions.stream().filter(id -> ScoringRules.sampled(id, 0.3)).count();
    assertTrue(sampled > 2_700 && sampled < 3_300, "about 30% of 10,000 sessions, got " + sampled);
    sessions.forEach(id -> assertEquals(ScoringRules.sampled(id, 0.3), ScoringRules.sampled(id, 0.3), id));
    assertTrue(sessions.stream().allMatch(id -> ScoringRules.sampled(id, 1.0)), "a rate of 1 scores every conversation");
    assertTrue(sessions.stream().noneMatch(id -> ScoringRules.sampled(id, 0.0)), "a rate of 0 scores none");
    assertTrue(sessions.stream().filter(id -> ScoringRules.sampled(id, 0.1)).allMatch(id -> ScoringRules.sampled(id, 0.5)),
        "a larger sample holds the smaller one");
  }

  @Test
  void theDailyCapIsTheTenantsAtMostTheNodes() {
    assertEquals(200_000, ScoringRules.dailyCap(Optional.empty(), 200_000));
    assertEquals(5_000, ScoringRules.dailyCap(Optional.of(5_000), 200_000));
    assertEquals(200_000, ScoringRules.dailyCap(Optional.of(900_000), 200_000), "never above the node's");
  }

  @Test
  void theJudgesAnswerIsAScoreOnlyWhenItFollowsTheSchema() throws Exception {
    QualityVerdict verdict = QualityVerdict.read(answer(
        "{\"score\": 2, \"resolved\": false, \"grounded\": true, \"tone\": \"neutral\", \"reason\": \"Did not answer.\"}"));
    assertEquals(new QualityVerdict(2, false, true, "neutral", "Did not answer."), verdict);

    assertBroken("{\"score\": 6, \"resolved\": true, \"grounded\": true, \"tone\": \"friendly\", \"reason\": \"\"}", "score");
    assertBroken("{\"score\": 0, \"resolved\": true, \"grounded\": true, \"tone\": \"friendly\", \"reason\": \"\"}", "score");
    assertBroken("{\"score\": 4.5, \"resolved\": true, \"grounded\": true, \"tone\": \"friendly\", \"reason\": \"\"}", "score");
    assertBroken("{\"score\": \"4\", \"resolved\": true, \"grounded\": true, \"tone\": \"friendly\", \"reason\": \"\"}", "score");
    assertBroken("{\"score\": 4, \"resolved\": \"yes\", \"grounded\": true, \"tone\": \"friendly\", \"reason\": \"\"}", "resolved");
    assertBroken("{\"score\": 4, \"resolved\": true, \"grounded\": true, \"tone\": \"sarcastic\", \"reason\": \"\"}", "tone");
    assertBroken("{\"score\": 4, \"resolved\": true, \"grounded\": true, \"tone\": \"friendly\"}", "missing field reason");
    assertBroken("{\"score\": 4, \"resolved\": true, \"grounded\": true, \"tone\": \"friendly\", \"reason\": \"\","
        + " \"verdict\": \"pass\"}", "unexpected field verdict");
  }

  private static void assertBroken(String text, String named) throws Exception {
    IllegalArgumentException broken = assertThrows(IllegalArgumentException.class, () -> QualityVerdict.read(answer(text)));
    assertTrue(broken.getMessage().contains(named), broken.getMessage());
  }

  private static JsonNode answer(String text) throws Exception {
    return JSON.readTree(text);
  }
}
