package io.parley.http;

import static io.parley.http.ChatClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product promise on the zero-setup default (embedded H2 file journal): a node killed with
 * SIGKILL keeps every message it acknowledged, and the conversation continues with its context
 * after a restart, including the turn that was being answered when it died.
 */
@KillsNodes
class CrashRecoveryTest {
  @TempDir Path dataDir;
  private NodeProcess node;

  @AfterEach
  void killNode() {
    if (node != null) node.kill();
  }

  @Test
  void killMinusNineLosesNoAckedMessage() throws Exception {
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start()) {
      int port = NodeProcess.freePort();
      node = startNode(port, model.baseUrl());
      String sessionId;
      Map<String, Long> acked = new LinkedHashMap<>();
      try (ChatClient client = ChatClient.connect(port, "acme")) {
        sessionId = client.startNew();
        client.say("c-0", "My name is Ada and my order is 1042");
        client.answerOf("turn-1");
        // The next answer streams slowly: the node dies in the middle of it.
        model.enqueue(Reply.answer().withChunkDelay(Duration.ofMillis(400)));
        for (int i = 1; i <= 10; i++) client.send(frame("user").put("clientMsgId", "c-" + i).put("text", "message " + i));
        for (int i = 1; i <= 10; i++) {
          JsonNode ack = client.expect("ack");
          acked.put(ack.get("clientMsgId").asText(), ack.get("seq").asLong());
        }
        client.expect("delta");
        node.kill();
      }

      node = startNode(port, model.baseUrl());
      try (ChatClient client = ChatClient.connect(port, "acme")) {
        client.resume(sessionId, 0);
        // Replayed and new messages until the answer to the last acked message: the interrupted
        // turn and the queued ones run again after recovery, in order.
        String lastTurn = "turn-" + acked.get("c-10");
        Map<Long, JsonNode> messages = new LinkedHashMap<>();
        JsonNode last;
        do {
          last = client.expect("message");
          messages.put(last.get("seq").asLong(), last);
        } while (!(last.get("role").asText().equals("assistant") && last.get("turnId").asText().equals(lastTurn)));
        acked.forEach((clientMsgId, seq) -> {
          assertTrue(messages.containsKey(seq), "acked message " + clientMsgId + " (seq " + seq + ") survived the kill");
          assertEquals("message " + clientMsgId.substring(2), messages.get(seq).get("text").asText());
        });
        assertEquals("You said: message 10", last.get("text").asText());

        client.say("c-11", "What is my name?");
        client.answerOf("turn-" + (last.get("seq").asLong() + 1));
      }
      List<String> context = model.lastRequest().messages().stream().map(m -> m.content()).toList();
      assertTrue(context.contains("My name is Ada and my order is 1042"), "the conversation continues with its context");
    }
  }

  private NodeProcess startNode(int port, URI model) throws IOException, InterruptedException {
    return NodeProcess.start(Map.of(
            "PARLEY_DATA_DIR", dataDir.toString(),
            "PARLEY_HTTP_PORT", Integer.toString(port),
            "PARLEY_LLM_BASE_URL", model.toString(),
            "PARLEY_LLM_MODEL", "llama-3.3-70b"))
        .awaitReady();
  }
}
