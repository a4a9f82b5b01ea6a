package io.parley.sessions.conversations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.sessions.entity.SessionEvent;
import io.parley.tools.kb.KbSearchTool;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The knowledge-base articles one finished {@code kb_search} call found: each article's id and
 * title, once however many of its passages came back. Nothing of the query nor of the passages'
 * text; a failed call, another tool, or a result written before results carried their article's
 * id finds none.
 */
final class ArticlesFound {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ArticlesFound() {}

  /** Article id to title, in the order the search ranked them. */
  static Map<String, String> of(SessionEvent.ToolCallCompleted completed) {
    Map<String, String> found = new LinkedHashMap<>();
    if (!completed.result().ok() || !completed.result().name().equals(KbSearchTool.NAME)) return found;
    JsonNode content;
    try {
      content = JSON.readTree(completed.result().content());
    } catch (JsonProcessingException e) {
      return found;
    }
    for (JsonNode result : content.path("results")) {
      String id = result.path("documentId").asText("");
      if (!id.isEmpty()) found.putIfAbsent(id, result.path("title").asText(id));
    }
    return found;
  }
}
