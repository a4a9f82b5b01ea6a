package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.persistence.testing.TestPostgres;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed (SIGKILL) in the middle of handoffs, one conversation held by an agent and one
 * waiting for a person: after the restart the held one is still the agent's (the customer's
 * acked message kept, the model never answering), the agent writes on, and the waiting one is
 * still in the tenant's queue.
 */
@KillsNodes
class HandoffCrashRecoveryTest {
  @TempDir Path dataDir;

  @Test
  void aKillMinusNineKeepsWhoHoldsEachConversationAndTheQueue() throws Exception {
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start(FakeChatCompletionsServer::echo)) {
      Map<String, String> env = NodeProcess.env(dataDir, TestPostgres.newDatabase(), model);
      String held;
      String waiting;
      int modelCalls;
      try (NodeProcess node = NodeProcess.start(env).awaitReady();
          ChatClient agent = ChatClient.agent(node.port, "acme", "agent-dana", "Dana");
          ChatClient first = ChatClient.connect(node.port, "acme");
          ChatClient second = ChatClient.connect(node.port, "acme")) {
        agent.expect("hello");
        held = first.startNew();
        first.say("c-1", "My parcel never came.");
        first.answerOf("turn-1");
        modelCalls = model.requestCount();
        first.say("c-2", "I want to talk to a person");
        agent.next(f -> f.get("type").asText().equals("queue") && f.get("waiting").size() == 1);
        agent.send(ChatClient.frame("take").put("sessionId", held));
        agent.expect("conversation");
        agent.send(ChatClient.frame("reply").put("sessionId", held).put("clientMsgId", "a-1").put("text", "Dana here, checking."));
        agent.expect("ack");
        assertEquals("ack", first.say("c-3", "Thanks, it was order 77.").get("type").asText());

        waiting = second.startNew();
        second.say("c-1", "Can I speak to a human?");
        second.next(f -> f.get("type").asText().equals("message") && f.get("text").asText().contains("next in line"));
        node.kill();
      }

      try (NodeProcess node = NodeProcess.start(env).awaitReady();
          ChatClient agent = ChatClient.agent(node.port, "acme", "agent-dana", "Dana");
          ChatClient first = ChatClient.connect(node.port, "acme")) {
        JsonNode session = EscalationEndToEndTest.json(node.port, "/v1/sessions/" + held + "?tenant=acme");
        assertEquals("agent", session.get("handoff").get("status").asText(), session.toString());
        assertEquals("agent-dana", session.get("handoff").get("agentId").asText());
        List<String> texts = StreamSupport.stream(session.get("messages").spliterator(), false)
            .map(m -> m.get("role").asText() + ": " + m.get("text").asText()).toList();
        assertTrue(texts.contains("agent: Dana here, checking.") && texts.contains("user: Thanks, it was order 77."), texts.toString());

        JsonNode queue = agent.next(f -> f.get("type").asText().equals("queue") && f.get("waiting").size() == 1);
        assertEquals(waiting, queue.get("waiting").get(0).get("sessionId").asText(), "the waiting one is still in line");

        first.resume(held, 0);
        assertEquals("Dana", first.expect("handoff").get("agent").asText(), "the customer is told who answers on resume");
        agent.send(ChatClient.frame("reply").put("sessionId", held).put("clientMsgId", "a-2").put("text", "Found order 77."));
        assertEquals("Found order 77.", first.next(f -> f.get("type").asText().equals("message")
            && f.get("role").asText().equals("agent") && f.get("seq").asLong() > session.get("lastSeq").asLong()).get("text").asText());
        assertEquals(modelCalls, model.requestCount(), "the model answered nothing while a person was asked for or held it");
      }
    }
  }
}
