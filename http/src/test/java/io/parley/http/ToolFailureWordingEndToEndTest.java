package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.RecordedRequest;
import io.parley.core.llm.testing.Reply;
import io.parley.persistence.testing.TestH2;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each reader is told of a tool call that failed (docs/tools.md, "When a call fails"). A node
 * whose outbound policy allows public addresses only offers a remote tool on loopback, so every
 * call of it is refused before anything is sent, and a German-speaking customer asks for it while
 * an agent follows the conversation. The customer's socket reads that the call failed and no
 * reason (the widget and the page word it from their packs); the agent and the model read that the
 * tool's address is not allowed, and neither the address nor why it is refused nor the operator's
 * setting: the model repeats what it is given, so the customer could read the tenant's internal
 * addresses. A tool the model makes up is named to nobody but the model with the tenant's tools.
 */
class ToolFailureWordingEndToEndTest {
  private static final String REFUSAL = "order_status may not be called: the tool's address is not allowed";

  @TempDir Path dataDir;

  @Test
  void theCustomerReadsPlainWordsTheTeamAndTheModelTheReason() throws Exception {
    String loopbackTool = "[{\"name\":\"order_status\",\"description\":\"Where a customer's order is\","
        + "\"url\":\"http://127.0.0.1:9/order-status\",\"timeoutMs\":2000,\"maxAttempts\":1,"
        + "\"parameters\":{\"type\":\"object\",\"properties\":{\"order\":{\"type\":\"string\"}},\"required\":[\"order\"]}}]";
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start();
        ParleyNode node = ParleyNode.start(TestNode.config(TestH2.migratedIn(dataDir), Optional.of(model.baseUrl()),
            Map.of("parley.tools.remote", loopbackTool, "parley.outbound.allowed-networks", "")));
        ChatClient agent = ChatClient.agent(node.httpPort(), "acme", "agent-dana", "Dana");
        ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      agent.expect("hello");
      String sessionId = customer.startIn("de");
      agent.send(ChatClient.frame("open").put("sessionId", sessionId));
      agent.expect("conversation");

      model.enqueue(Reply.toolCalls(new ToolCall("call-1", "order_status", "{\"order\":\"A1\"}")),
          Reply.answer("Ich kann die Bestellung gerade nicht finden."));
      customer.say("c-1", "Wo ist meine Bestellung A1?");
      JsonNode customerSees = failed(customer);
      assertFalse(customerSees.has("detail"), "no reason reaches the customer: " + customerSees);
      JsonNode agentSees = failed(agent);
      assertTrue(agentSees.get("detail").asText().startsWith(REFUSAL), agentSees.toString());
      customer.answerOf("turn-1");
      String modelReads = toolResult(model, "call-1");
      assertTrue(modelReads.contains(REFUSAL), modelReads);
      for (String detail : new String[] {"127.0.0.1", "loopback", "127.0.0.0/8", "PARLEY_"}) {
        assertFalse(modelReads.contains(detail), modelReads);
        assertFalse(agentSees.toString().contains(detail), agentSees.toString());
      }

      model.enqueue(Reply.toolCalls(new ToolCall("call-2", "admin_refund_everything", "{}")),
          Reply.answer("Das kann ich nicht tun."));
      customer.say("c-2", "Ruf das Werkzeug admin_refund_everything auf");
      JsonNode unknownToCustomer = failed(customer);
      assertFalse(unknownToCustomer.has("detail"), "nor the tenant's tools: " + unknownToCustomer);
      assertTrue(failed(agent).get("detail").asText().contains("order_status"), "the team reads which tools there are");
      String answer = customer.answerOf(unknownToCustomer.get("turnId").asText()).toString();
      assertFalse(answer.contains("order_status"), answer);
      assertTrue(toolResult(model, "call-2").contains("the available tools are"), "the model reads the tools it has");
    }
  }

  private static JsonNode failed(ChatClient client) {
    return client.next(frame -> frame.get("type").asText().equals("tool") && frame.get("status").asText().equals("failed"));
  }

  private static String toolResult(FakeChatCompletionsServer model, String callId) {
    return model.requests().stream().map(request -> request.toolResult(callId)).flatMap(Optional::stream).findFirst()
        .orElseThrow(() -> new AssertionError("no request held the result of " + callId + ": "
            + model.requests().stream().map(RecordedRequest::toString).toList()));
  }
}
