package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quick start as a user meets it: no database, no model configured. The node runs
 * on the embedded H2 journal, says it is offline, still answers, and logs JSON lines that tie
 * requests, tenants and sessions together, and nothing but JSON lines until it has stopped.
 */
class QuickStartTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dataDir;

  @Test
  void offlineNodeAnswersAndLogsStructuredJson() throws Exception {
    String sessionId;
    List<JsonNode> logLines = new ArrayList<>();
    try (NodeProcess node = NodeProcess.start(Map.of("PARLEY_DATA_DIR", dataDir.toString(), "PARLEY_TENANTS", "")).awaitReady()) {
      try (ChatClient client = ChatClient.connect(node.port, "demo")) {
        // No credential and no set-up: an anonymous customer of the default tenant.
        client.send(ChatClient.frame("start"));
        JsonNode session = client.expect("session");
        assertEquals("offline", session.get("mode").asText(), "the session frame says no model is configured");
        sessionId = session.get("sessionId").asText();

        client.say("c-1", "How do I reset my password?");
        JsonNode answer = client.answerOf("turn-1");
        assertTrue(answer.get("text").asText().toLowerCase(Locale.ROOT).contains("password"), answer.toString());
      }
      // Stopped as a deploy stops it: what the stop logs (and the libraries print) is read too.
      node.terminate();
      for (String line : node.output().split("\n")) {
        if (line.isBlank()) continue;
        try {
          logLines.add(JSON.readTree(line));
        } catch (JsonProcessingException e) {
          throw new AssertionError("a line of the node's output is no JSON: " + line, e);
        }
      }
    }
    assertTrue(logLines.stream().allMatch(JsonNode::isObject), "every log line is one JSON object");
    // Pekko Projection JDBC prints "# stop ..." as each conversations slice stops: an entry of the log.
    find(logLines, l -> "scala.Console".equals(l.path("logger_name").asText())
        && l.path("message").asText().startsWith("# stop"));
    JsonNode access = find(logLines, l -> "io.parley.http.access".equals(l.path("logger_name").asText())
        && l.path("message").asText().startsWith("GET /v1/chat/ws"));
    assertEquals("demo", access.get("tenant").asText());
    String requestId = access.get("requestId").asText();
    JsonNode joined = find(logLines, l -> "chat connection joined session".equals(l.path("message").asText()));
    assertEquals(requestId, joined.get("requestId").asText(), "the connection logs under its upgrade request's id");
    assertEquals(sessionId, joined.get("sessionId").asText());
    JsonNode started = find(logLines, l -> "session started".equals(l.path("message").asText()));
    assertEquals("demo", started.get("tenant").asText());
    assertEquals(sessionId, started.get("sessionId").asText());
  }

  private static JsonNode find(List<JsonNode> lines, java.util.function.Predicate<JsonNode> wanted) {
    return lines.stream().filter(wanted).findFirst().orElseThrow(() -> new AssertionError("no such log line in " + lines));
  }
}
