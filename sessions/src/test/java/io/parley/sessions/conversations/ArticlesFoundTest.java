package io.parley.sessions.conversations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.turn.ToolRound;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The articles a knowledge-base search found, by id and title, from its persisted result. */
class ArticlesFoundTest {
  private static final Instant AT = Instant.parse("2026-03-02T10:00:00Z");

  @Test
  void eachArticleOnceWithItsTitleAndNothingOfTheQueryOrPassages() {
    String content = "{\"query\":\"my order 1042 is late\",\"results\":["
        + "{\"documentId\":\"shipping\",\"title\":\"Shipping times\",\"section\":\"Express\",\"text\":\"Two days.\",\"score\":0.9},"
        + "{\"documentId\":\"shipping\",\"title\":\"Shipping times\",\"section\":\"Standard\",\"text\":\"Five days.\",\"score\":0.8},"
        + "{\"documentId\":\"returns\",\"title\":\"Returns\",\"text\":\"30 days.\",\"score\":0.5}]}";
    assertEquals(Map.of("shipping", "Shipping times", "returns", "Returns"), ArticlesFound.of(completed("kb_search", true, content)));
  }

  @Test
  void anotherToolAFailedSearchAndAResultWithoutIdsFindNone() {
    assertEquals(Map.of(), ArticlesFound.of(completed("fetch_status", true,
        "{\"results\":[{\"documentId\":\"x\",\"title\":\"X\"}]}")));
    assertEquals(Map.of(), ArticlesFound.of(completed("kb_search", false, "{\"error\":\"unavailable\"}")));
    assertEquals(Map.of(), ArticlesFound.of(completed("kb_search", true,
        "{\"query\":\"q\",\"results\":[{\"title\":\"Shipping times\",\"text\":\"Two days.\"}]}")), "written before ids");
    assertEquals(Map.of(), ArticlesFound.of(completed("kb_search", true, "not json")));
  }

  private static SessionEvent.ToolCallCompleted completed(String tool, boolean ok, String content) {
    return new SessionEvent.ToolCallCompleted("turn-1", new ToolRound.CompletedCall("call-1", tool, ok, content, "Found"), AT);
  }
}
