package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.persistence.DatabaseSettings;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tenant's procedure check cannot take the node down, on a real node with the test JVM's own
 * heap. The check that nests three macros over nine elements around the customer's answer joined
 * to itself 128 ways (984 characters with the variable named {@code note}, within the bounds that were all a check met before) is
 * refused when published, saying why. A check within the bound at publishing, over a customer's
 * answer of 16,000 characters, builds more than its budget: it could not be evaluated, the
 * customer is told the {@code otherwise} text, and meanwhile another tenant's customer is answered.
 * The node restarted on the same database starts and serves, the session recovering what its
 * check's outcome was without evaluating it again.
 */
class TenantLogicBudgetEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NINE = "[0,1,2,3,4,5,6,7,8]";
  private static final String ATTACK = NINE + ".map(i," + NINE + ".map(j," + NINE + ".map(k," + doubled("note", 7)
      + "))).size()==9";
  /** Within the static bound (800 times the variable), past the budget at run time on a 16,000-character answer. */
  private static final String JOINS = "[" + "0,".repeat(39) + "0].map(i, note + note + note + note + note + note).size() == 40";

  @TempDir Path dataDir;

  private static String doubled(String value, int times) {
    return times == 0 ? value : "(" + doubled(value, times - 1) + "+" + doubled(value, times - 1) + ")";
  }

  private static String config(String check) {
    return """
        {"procedures": [{"name": "note", "description": "The customer leaves a note for the team",
          "inputs": {"type": "object", "properties": {"topic": {"type": "string"}}, "required": ["topic"]},
          "steps": [
            {"ask": "note", "prompt": "What would you like to tell the team?", "schema": {"type": "string"}},
            {"check": "%s", "otherwise": [{"say": "Your note could not be checked; a person will read it."}, {"end": true}]},
            {"say": "Thank you, the team will read it."}]}]}
        """.formatted(check);
  }

  private static HttpResponse<String> publish(int port, String check) throws Exception {
    return TestIdentity.asAdmin(port, "PUT", "/v1/config?tenant=acme", "{\"config\": " + config(check) + "}");
  }

  @Test
  void aCheckPastItsBudgetCouldNotBeEvaluatedAndTheNodeServesOnAndAfterARestart() throws Exception {
    DatabaseSettings database = DatabaseSettings.h2(dataDir);
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start()) {
      String sessionId;
      try (ParleyNode node = ParleyNode.start(TestNode.config(database, Optional.of(model.baseUrl()), Map.of()))) {
        assertTrue(ATTACK.length() < 1_000, "within the bounds a check met before: " + ATTACK.length());
        HttpResponse<String> refused = publish(node.httpPort(), ATTACK);
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("procedures[0].steps[1].check: costs too much to run: may build about"),
            refused.body());
        HttpResponse<String> published = publish(node.httpPort(), JOINS);
        assertEquals(200, published.statusCode(), published.body());

        try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme");
            ChatClient other = ChatClient.connect(node.httpPort(), "globex")) {
          sessionId = customer.startNew();
          model.enqueue(Reply.toolCalls(new ToolCall("call-1", "procedure_note", "{\"topic\":\"delivery\"}")));
          assertEquals("What would you like to tell the team?", customer.answerTo("c-1", "I want to leave a note"));
          long started = System.nanoTime();
          assertEquals("Your note could not be checked; a person will read it.", customer.answerTo("c-2", "x".repeat(16_000)));
          assertTrue(System.nanoTime() - started < 30_000_000_000L, "the check stopped at its budget");

          other.startNew();
          model.enqueue(Reply.answer("Globex is open until six."));
          assertEquals("Globex is open until six.", other.answerTo("g-1", "When are you open?"));
        }
        JsonNode check = checkStep(node.httpPort(), sessionId);
        assertEquals(false, check.get("held").asBoolean(), check.toString());
        assertTrue(check.get("error").asText().startsWith("could not be evaluated within its budget: it built more than"),
            check.toString());
      }

      try (ParleyNode node = ParleyNode.start(TestNode.config(database, Optional.of(model.baseUrl()), Map.of()));
          ChatClient other = ChatClient.connect(node.httpPort(), "globex")) {
        other.startNew();
        model.enqueue(Reply.answer("Still open until six."));
        assertEquals("Still open until six.", other.answerTo("g-2", "And today?"));
        JsonNode check = checkStep(node.httpPort(), sessionId);
        assertTrue(check.get("error").asText().startsWith("could not be evaluated within its budget"), check.toString());
      }
    }
  }

  private static JsonNode checkStep(int port, String sessionId) throws Exception {
    JsonNode view = JSON.readTree(TestIdentity.asAdmin(port, "GET", "/v1/sessions/" + sessionId + "?tenant=acme", null).body());
    JsonNode steps = view.get("procedures").get(0).get("steps");
    return StreamSupport.stream(steps.spliterator(), false).filter(step -> "check".equals(step.get("kind").asText()))
        .findFirst().orElseThrow(() -> new AssertionError("no check among " + steps));
  }
}
