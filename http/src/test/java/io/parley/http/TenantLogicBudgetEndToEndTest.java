package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.bot.BotConfig;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.testing.TestH2;
import java.net.http.HttpResponse;
import io.parley.sessions.bot.TenantBotConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tenant's procedure check cannot take the node down, on a real node with the test JVM's own heap
 * (surefire sets none: a quarter of the machine's memory). The check that nests three macros over
 * nine elements around the customer's answer joined to itself 128 ways (984 characters with the
 * variable named {@code note}, within the bounds that were all a check met before) is refused when
 * published, saying why. A check within the bound at publishing, over a customer's answer of 16,000
 * characters, builds more than its budget: it could not be evaluated, the customer is told the
 * {@code otherwise} text, and another tenant's customer is answered. A check of the same family
 * kept from a release that checked less, which unbudgeted would ask for a string longer than any
 * heap holds, could not be evaluated either. The node restarted on the same database starts and
 * serves, the session's check read back as it was recorded, not evaluated again.
 */
class TenantLogicBudgetEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NINE = "[0,1,2,3,4,5,6,7,8]";
  private static final String ATTACK = NINE + ".map(i," + NINE + ".map(j," + NINE + ".map(k," + doubled("note", 7)
      + "))).size()==9";
  /**
   * The same family past what any heap holds, one macro iteration a level: the answer joined to
   * itself 32 ways, and that again, three times over. Unbudgeted, its last level asks for a string
   * longer than Java's largest, an out-of-memory error whatever the heap. Refused when published;
   * here kept as a version a release that checked less accepted.
   */
  private static final String PAST_ANY_HEAP = "[[[" + doubled("note", 5) + "].map(b," + doubled("b", 5) + ")[0]].map(c,"
      + doubled("c", 5) + ")[0]].map(d," + doubled("d", 5) + ")[0].size() > 0";
  private static final String NOT_CHECKED = "Your note could not be checked; a person will read it.";
  /** Within the static bound (800 times the variable), past the budget at run time on a 16,000-character answer. */
  private static final String JOINS = "[" + "0,".repeat(39) + "0].map(i, note + note + note + note + note + note).size() == 40";

  @TempDir Path dataDir;

  private static String doubled(String value, int times) {
    return times == 0 ? value : "(" + doubled(value, times - 1) + "+" + doubled(value, times - 1) + ")";
  }

  private static String procedures(String check) {
    return """
        [{"name": "note", "description": "The customer leaves a note for the team",
          "inputs": {"type": "object", "properties": {"topic": {"type": "string"}}, "required": ["topic"]},
          "steps": [
            {"ask": "note", "prompt": "What would you like to tell the team?", "schema": {"type": "string"}},
            {"check": "%s", "otherwise": [{"say": "Your note could not be checked; a person will read it."}, {"end": true}]},
            {"say": "Thank you, the team will read it."}]}]
        """.formatted(check);
  }

  private static HttpResponse<String> publish(int port, String check) throws Exception {
    return TestIdentity.asAdmin(port, "PUT", "/v1/config?tenant=acme",
        "{\"config\": {\"procedures\": " + procedures(check) + "}}");
  }

  /**
   * Publishes {@code check} as acme's the way a release that checked less did: straight to the
   * configuration's entity, past the document's validation, as a version kept from before.
   */
  private static void publishUnchecked(ParleyNode node, String check) throws Exception {
    ObjectMapper cbor = JacksonObjectMapperProvider.get(node.system()).getOrCreate("jackson-cbor", Optional.empty());
    ObjectNode config = cbor.valueToTree(BotConfig.empty());
    config.set("procedures", JSON.readTree(procedures(check)));
    BotConfig unchecked = cbor.treeToValue(config, BotConfig.class);
    ClusterSharding.get(node.system()).entityRefFor(TenantBotConfig.ENTITY_KEY, "acme")
        .<TenantBotConfig.Version>askWithStatus(replyTo -> new TenantBotConfig.Publish(unchecked, "admin", "", replyTo),
            Duration.ofSeconds(10))
        .toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  /** Has the model start the note procedure for {@code customer}, answers its ask with {@code note}, and returns what the bot says then. */
  private static String noteAnswered(ChatClient customer, FakeChatCompletionsServer model, String note) {
    model.enqueue(Reply.toolCalls(new ToolCall("call-1", "procedure_note", "{\"topic\":\"delivery\"}")));
    assertEquals("What would you like to tell the team?", customer.answerTo("c-1", "I want to leave a note"));
    return customer.answerTo("c-2", note);
  }

  @Test
  void checksPastTheirBudgetCouldNotBeEvaluatedAndTheNodeServesOnAndAfterARestart() throws Exception {
    DatabaseSettings database = TestH2.migratedIn(dataDir);
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start()) {
      String overBudget;
      String pastAnyHeap;
      try (ParleyNode node = ParleyNode.start(TestNode.config(database, Optional.of(model.baseUrl()), Map.of()))) {
        assertTrue(ATTACK.length() < 1_000, "within the bounds a check met before: " + ATTACK.length());
        HttpResponse<String> refused = publish(node.httpPort(), ATTACK);
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("procedures[0].steps[1].check: costs too much to run: may build about"),
            refused.body());
        assertEquals(400, publish(node.httpPort(), PAST_ANY_HEAP).statusCode());

        HttpResponse<String> published = publish(node.httpPort(), JOINS);
        assertEquals(200, published.statusCode(), published.body());
        try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
          overBudget = customer.startNew();
          assertEquals(NOT_CHECKED, noteAnswered(customer, model, "x".repeat(16_000)));
        }
        anotherTenantIsAnswered(node, model, "g-1");

        publishUnchecked(node, PAST_ANY_HEAP);
        try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
          pastAnyHeap = customer.startNew();
          assertEquals(NOT_CHECKED, noteAnswered(customer, model, "x".repeat(15_000)));
        }
        anotherTenantIsAnswered(node, model, "g-2");
        assertStoppedByTheBudget(checkStep(node.httpPort(), overBudget), "it built more than");
        assertStoppedByTheBudget(checkStep(node.httpPort(), pastAnyHeap), "it built a value of more than");
      }

      try (ParleyNode node = ParleyNode.start(TestNode.config(database, Optional.of(model.baseUrl()), Map.of()))) {
        anotherTenantIsAnswered(node, model, "g-3");
        assertStoppedByTheBudget(checkStep(node.httpPort(), pastAnyHeap), "it built a value of more than");
      }
    }
  }

  private static void anotherTenantIsAnswered(ParleyNode node, FakeChatCompletionsServer model, String id) throws Exception {
    try (ChatClient other = ChatClient.connect(node.httpPort(), "globex")) {
      other.startNew();
      model.enqueue(Reply.answer("Globex is open until six."));
      assertEquals("Globex is open until six.", other.answerTo(id, "When are you open?"));
    }
  }

  private static void assertStoppedByTheBudget(JsonNode check, String why) {
    assertFalse(check.get("held").asBoolean(), check.toString());
    assertTrue(check.get("error").asText().startsWith("could not be evaluated within its budget: " + why), check.toString());
  }

  private static JsonNode checkStep(int port, String sessionId) throws Exception {
    JsonNode view = JSON.readTree(TestIdentity.asAdmin(port, "GET", "/v1/sessions/" + sessionId + "?tenant=acme", null).body());
    JsonNode steps = view.get("procedures").get(0).get("steps");
    return StreamSupport.stream(steps.spliterator(), false).filter(step -> "check".equals(step.get("kind").asText()))
        .findFirst().orElseThrow(() -> new AssertionError("no check among " + steps));
  }
}
