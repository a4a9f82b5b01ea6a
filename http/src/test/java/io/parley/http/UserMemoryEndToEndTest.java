package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.RecordedRequest;
import io.parley.core.testing.Awaiting;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the bot remembers about a customer, corrected and forgotten over REST by the customer (with
 * the token its conversations use) and by the tenant's staff: the next turn's request to the model
 * carries the corrected text and none of what was forgotten; another customer and another tenant
 * change nothing; every change is in the audit log without the text.
 */
class UserMemoryEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TENANT = "acme";
  @RegisterExtension
  static final RunningNode node = RunningNode.withModel(() -> FakeChatCompletionsServer.start(FakeChatCompletionsServer::echo));

  @Test
  void correctedAndForgottenMemoriesAreWhatTheNextTurnGets() throws Exception {
    String ada = "Bearer " + TestIdentity.customerToken(TENANT, Optional.of("ada-memory"));
    String bob = "Bearer " + TestIdentity.customerToken(TENANT, Optional.of("bob-memory"));
    String agent = "Bearer " + TestIdentity.agentKey(TENANT);
    try (ChatClient first = ChatClient.connectAs(node.httpPort(), TENANT, Optional.of("ada-memory"))) {
      first.startNew();
      first.answerOf(first.say("m-1", "My name is Ada Lovelace and my order number is 1042.").get("turnId").asText());
      first.send(ChatClient.frame("close"));
      first.expect("closed");
    }
    Awaiting.await("Ada's memory").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> memory(ada).size() >= 2);
    JsonNode name = entry(memory(ada), "customer_name");
    JsonNode episode = entry(memory(ada), "episode");
    String namePath = "/v1/users/ada-memory/memory/" + name.get("id").asText();

    assertEquals(403, call("PUT", namePath, bob, "{\"text\": \"customer_name: Mallory\"}").statusCode(),
        "another customer corrects nothing");
    assertEquals(403, call("GET", "/v1/users/ada-memory/memory", bob, null).statusCode());
    assertEquals(404, call("DELETE", namePath + "?tenant=globex", "Bearer " + TestIdentity.adminKey("globex"), null)
        .statusCode(), "another tenant's admin finds no such memory");
    assertEquals(400, call("PUT", namePath, ada, "{\"text\": \"  \"}").statusCode());
    assertEquals(400, call("DELETE", "/v1/users/ada-memory/memory/not-an-id", ada, null).statusCode());

    assertEquals(204, call("PUT", namePath, ada, "{\"text\": \"customer_name: Ada King\"}").statusCode());
    assertEquals(204, call("DELETE", "/v1/users/ada-memory/memory/" + episode.get("id").asText(), ada, null).statusCode());
    assertEquals("customer_name: Ada King", entry(memory(agent), "customer_name").get("text").asText(),
        "the tenant's staff see the corrected text");

    try (ChatClient second = ChatClient.connectAs(node.httpPort(), TENANT, Optional.of("ada-memory"))) {
      second.startNew();
      second.answerOf(second.say("m-2", "Where is my parcel?").get("turnId").asText());
      String prompt = requestFor("Where is my parcel?").body().toString();
      assertTrue(prompt.contains("Ada King"), "the corrected name: " + prompt);
      assertFalse(prompt.contains("Lovelace"), "neither the old name nor the forgotten episode: " + prompt);

      assertEquals(204, call("DELETE", namePath, agent, null).statusCode());
      second.answerOf(second.say("m-3", "Any news since?").get("turnId").asText());
      String next = requestFor("Any news since?").body().toString();
      assertFalse(next.contains("Ada King"), "the forgotten name: " + next);
      assertTrue(next.contains("1042"), "what was not forgotten is still recalled: " + next);
    }

    assertEquals(200, call("DELETE", "/v1/users/ada-memory/memory", ada, null).statusCode());
    assertEquals(List.of(), memory(ada));
    List<String> actions = List.of("user.memory.correct", "user.memory.forget", "user.memory.forget_all");
    // Audit entries are written behind the answer.
    String audit = Awaiting.await("the audit log's " + actions).atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/audit?tenant=" + TENANT + "&limit=500", null).body(),
            body -> actions.stream().allMatch(action -> body.contains("\"" + action + "\"")));
    assertTrue(audit.contains("token:ada-memory"), "the customer's own changes are audited");
    assertFalse(audit.contains("Ada King"), "the text stays out of the audit log");
  }

  private static List<JsonNode> memory(String authorization) throws Exception {
    HttpResponse<String> response = call("GET", "/v1/users/ada-memory/memory", authorization, null);
    assertEquals(200, response.statusCode(), response.body());
    return StreamSupport.stream(JSON.readTree(response.body()).get("entries").spliterator(), false).toList();
  }

  private static JsonNode entry(List<JsonNode> entries, String name) {
    return entries.stream().filter(entry -> entry.get("name").asText().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in " + entries));
  }

  private static RecordedRequest requestFor(String userText) {
    return node.model().requests().stream().filter(r -> userText.equals(r.lastUserMessage())).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("the model was never asked " + userText));
  }

  private static HttpResponse<String> call(String method, String path, String authorization, String body) throws Exception {
    return TestIdentity.call(node.httpPort(), method, path, authorization, body);
  }
}
