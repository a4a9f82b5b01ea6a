package io.parley.http;

import static io.parley.http.ChatClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.testing.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node that shuts down (SIGTERM, a leave, a downing) tells every chat client with a
 * {@code closed} frame, reason {@code node_shutdown}, after answering the message it was storing;
 * the client resumes elsewhere and nothing it was told is stored is lost. Agents' consoles are
 * closed cleanly too, so they reconnect to another node.
 */
@RunsAlone
class GracefulShutdownTest {
  private ParleyNode node;

  @AfterEach
  void stop() {
    if (node != null) node.close();
  }

  @Test
  void closesSocketsWithAReasonAfterFinishingTheMessageInFlight() throws Exception {
    DatabaseSettings database = TestPostgres.newDatabase();
    node = TestNode.start(database, Optional.empty());
    String sessionId;
    Map<String, Long> acked = new LinkedHashMap<>();
    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme");
        ChatClient agent = ChatClient.agent(node.httpPort(), "acme", "agent-dana", "Dana")) {
      agent.expect("hello");
      sessionId = client.startNew();
      for (int i = 1; i <= 5; i++) client.send(frame("user").put("clientMsgId", "c-" + i).put("text", "message " + i));
      client.expect("ack"); // the first is stored; the node goes down while the others are on their way
      node.close();
      node = null;

      List<JsonNode> frames = client.drain(Duration.ofMillis(300));
      JsonNode last = frames.get(frames.size() - 1);
      assertEquals("closed", last.get("type").asText(), "the last frame says why the socket ends: " + frames);
      assertEquals("node_shutdown", last.get("reason").asText());
      String clientClose = client.awaitClose();
      assertTrue(clientClose.startsWith("1000"), "then the socket ends cleanly: " + clientClose);
      String agentClose = agent.awaitClose();
      assertTrue(agentClose.startsWith("1000"), "an agent's console is let go as cleanly: " + agentClose);
    }
    node = TestNode.start(database, Optional.empty());
    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      client.resume(sessionId, 0);
      for (int i = 1; i <= 5; i++) {
        JsonNode ack = client.say("c-" + i, "message " + i);
        assertEquals("ack", ack.get("type").asText(), ack.toString());
        acked.put("c-" + i, ack.get("seq").asLong());
      }
    }
    JsonNode view = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        OpsClient.as(node.httpPort(), Optional.empty()).get("/v1/sessions/" + sessionId + "?tenant=acme").body());
    List<String> userTexts = new ArrayList<>();
    view.get("messages").forEach(m -> {
      if (m.get("role").asText().equals("user")) userTexts.add(m.get("text").asText());
    });
    assertEquals(List.of("message 1", "message 2", "message 3", "message 4", "message 5"), userTexts,
        "each message stored exactly once, in order, whether acked before the shutdown or resent after it");
    assertFalse(acked.isEmpty());
  }
}
