package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.RecordedRequest;
import io.parley.core.llm.testing.Reply;
import io.parley.sessions.admission.TenantTokenBudget;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Staff working across languages, end to end over real sockets and a model speaking the
 * OpenAI-compatible wire format: a German customer asks for a person, the agent's queue and
 * conversation say German, the agent reads the customer's messages translated into English by the
 * tenant's model (personal data sent as placeholders), replies in English, and the customer reads
 * German; the transcript, the session's staff view and the export hold both, the German marked as
 * the model's translation of the English. A translation that fails sends nothing, and the tokens
 * the translations spent are on the tenant's budget.
 */
class StaffTranslationEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The fake model's dictionary: what a translator would write, both ways. */
  private static final Map<String, String> DICTIONARY = Map.of(
      "Mein Paket ist beschädigt angekommen, schreiben Sie an [EMAIL_1]", "My parcel arrived damaged, write to [EMAIL_1]",
      "Ich möchte mit einem Menschen sprechen", "I would like to talk to a person",
      "I'm sorry about that. I'll send a replacement today.",
      "Das tut mir leid. Ich schicke Ihnen heute Ersatz.");

  @RegisterExtension final RunningNode node = RunningNode.withModel(
      () -> FakeChatCompletionsServer.start(FakeTranslator.answering(DICTIONARY)),
      Map.of("parley.tenant-budget.overrides", "{\"acme\": 1000000}"));

  @Test
  void aGermanCustomerAndAnEnglishAgentEachReadTheirOwnLanguage() throws Exception {
    try (ChatClient agent = ChatClient.agent(node.httpPort(), "acme", "agent-dana", "Dana");
        ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      agent.expect("hello");
      String sessionId = customer.startIn("de");
      JsonNode ack = customer.say("c-1", "Mein Paket ist beschädigt angekommen, schreiben Sie an ada@example.com");
      customer.answerOf(ack.get("turnId").asText());
      customer.say("c-2", "Ich möchte mit einem Menschen sprechen");
      JsonNode waiting = agent.next(f -> f.get("type").asText().equals("queue") && f.get("waiting").size() == 1)
          .get("waiting").get(0);
      assertEquals("de", waiting.get("language").asText(), "the queue says the conversation's language");

      long beforeTranslations = awaitUsedAbove(0);
      agent.send(ChatClient.frame("take").put("sessionId", sessionId));
      JsonNode conversation = agent.expect("conversation");
      assertEquals("de", conversation.get("session").get("language").get("tag").asText());

      agent.send(ChatClient.frame("translate").put("sessionId", sessionId).put("language", "en"));
      JsonNode translation = agent.expect("translation");
      assertEquals("en", translation.get("language").asText());
      assertEquals(2, translation.get("messages").size(), translation.toString());
      assertEquals("My parcel arrived damaged, write to ada@example.com",
          translation.get("messages").get(0).get("text").asText(), "the address comes back where the placeholder was");
      assertEquals(1, translation.get("messages").get(0).get("seq").asLong());
      assertEquals("I would like to talk to a person", translation.get("messages").get(1).get("text").asText());
      RecordedRequest asked = node.model().lastRequest();
      assertFalse(asked.body().toString().contains("ada@example.com"), "the model saw a placeholder: " + asked.body());
      assertTrue(asked.messages().get(0).content().contains("into English (en)"), asked.messages().get(0).content());

      agent.send(ChatClient.frame("reply").put("sessionId", sessionId).put("clientMsgId", "a-1")
          .put("text", "I'm sorry about that. I'll send a replacement today.").put("translateFrom", "en"));
      JsonNode received = customer.next(f -> ChatClient.isMessage(f, "agent"));
      assertEquals("Das tut mir leid. Ich schicke Ihnen heute Ersatz.", received.get("text").asText());
      assertFalse(received.has("translation"), "the customer reads the message, not the agent's draft: " + received);
      assertTrue(node.model().lastRequest().messages().get(0).content().contains("into German (de)"));
      long seq = agent.expect("ack").get("seq").asLong();
      JsonNode shown = agent.next(f -> f.get("type").asText().equals("message")
          && f.get("message").get("role").asText().equals("agent")).get("message");
      assertEquals(seq, shown.get("seq").asLong());
      assertMarked(shown);

      awaitUsedAbove(beforeTranslations);

      // The model fails, every attempt: the agent is told so, and the customer gets nothing.
      node.model().enqueue(Reply.error(503, "overloaded"), Reply.error(503, "overloaded"), Reply.error(503, "overloaded"));
      agent.send(ChatClient.frame("reply").put("sessionId", sessionId).put("clientMsgId", "a-2")
          .put("text", "One more thing.").put("translateFrom", "en"));
      JsonNode refused = agent.expect("error");
      assertEquals("unavailable", refused.get("code").asText());
      assertEquals("the model did not translate; try again", refused.get("message").asText());
      assertTrue(customer.drain(Duration.ofMillis(500)).stream().noneMatch(f -> f.get("type").asText().equals("message")
          && f.get("role").asText().equals("agent")), "nothing reached the customer");

      JsonNode staffView = JSON.readTree(TestIdentity.call(node.httpPort(), "GET", "/v1/sessions/" + sessionId + "?tenant=acme",
          "Bearer " + TestIdentity.adminKey("acme"), null).body());
      JsonNode stored = last(staffView.get("messages"), "agent");
      assertEquals("Das tut mir leid. Ich schicke Ihnen heute Ersatz.", stored.get("text").asText());
      assertMarked(stored);
      assertEquals(1, staffView.get("messages").findValues("translation").size(), "the failed reply was never stored");
      awaitExported(sessionId);
    }
  }

  @Test
  void onlyTheTenantsAgentsAskForTranslations() throws Exception {
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme");
        ChatClient intruder = ChatClient.agent(node.httpPort(), "globex", "agent-eve", "Eve");
        ChatClient lee = ChatClient.agent(node.httpPort(), "acme", "agent-lee", "Lee")) {
      String sessionId = customer.startIn("de");
      customer.answerOf(customer.say("c-1", "Wo ist mein Paket?").get("turnId").asText());
      int asked = node.model().requestCount();
      intruder.send(ChatClient.frame("translate").put("sessionId", sessionId).put("language", "en"));
      assertEquals("not_found", intruder.expect("error").get("code").asText(), "another tenant's agent");
      intruder.send(ChatClient.frame("reply").put("sessionId", sessionId).put("clientMsgId", "x-1").put("text", "hi")
          .put("translateFrom", "en"));
      assertEquals("not_found", intruder.expect("error").get("code").asText());
      lee.send(ChatClient.frame("reply").put("sessionId", sessionId).put("clientMsgId", "l-1").put("text", "hi")
          .put("translateFrom", "en"));
      assertEquals("conflict", lee.expect("error").get("code").asText(), "only the agent holding it replies");
      lee.send(ChatClient.frame("translate").put("sessionId", sessionId).put("language", "klingon"));
      JsonNode bad = lee.expect("error");
      assertEquals("bad_request", bad.get("code").asText());
      assertTrue(bad.get("message").asText().contains("klingon"), bad.toString());
      assertEquals(asked, node.model().requestCount(), "nothing was asked of the model");
    }
  }

  /**
   * The tokens the tenant spent today, once more than {@code floor}: a usage is recorded just after
   * its answer, so it is asked again until it shows.
   */
  private long awaitUsedAbove(long floor) {
    var budget = ClusterSharding.get(node.node().system()).entityRefFor(TenantTokenBudget.ENTITY_KEY, "acme");
    return await("the tenant's budget grown over " + floor + " tokens").atMost(Duration.ofSeconds(15))
        .until(() -> budget.<TenantTokenBudget.Standing>ask(TenantTokenBudget.Check::new, Duration.ofSeconds(5))
            .toCompletableFuture().join().used(), used -> used > floor);
  }

  private static void assertMarked(JsonNode message) {
    JsonNode translation = message.get("translation");
    assertEquals("I'm sorry about that. I'll send a replacement today.", translation.get("original").asText(), message.toString());
    assertEquals("en", translation.get("from").asText());
    assertEquals("de", translation.get("to").asText());
  }

  private static JsonNode last(JsonNode messages, String role) {
    JsonNode found = null;
    for (JsonNode message : messages) if (message.get("role").asText().equals(role)) found = message;
    return found;
  }

  /** The export (the read model is a projection: asked again until it lists the conversation) marks the translation. */
  private void awaitExported(String sessionId) throws Exception {
    String range = "from=" + Instant.now().minus(Duration.ofHours(1)) + "&to=" + Instant.now().plus(Duration.ofHours(1));
    JsonNode row = await("the conversation exported").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
        .until(() -> exported(sessionId, range), Objects::nonNull);
    assertEquals("de", row.get("language").asText());
    assertMarked(last(row.get("transcript"), "agent"));
  }

  /** The export's row of the session, or null while the export does not list it. */
  private JsonNode exported(String sessionId, String range) throws Exception {
    HttpResponse<String> export = TestIdentity.asAdmin(node.httpPort(), "GET",
        "/v1/conversations/export?tenant=acme&include=transcript&" + range, null);
    assertEquals(200, export.statusCode(), export.body());
    for (String line : export.body().split("\n")) {
      if (line.isBlank()) continue;
      JsonNode row = JSON.readTree(line);
      if (row.get("sessionId").asText().equals(sessionId)) return row;
    }
    return null;
  }
}
