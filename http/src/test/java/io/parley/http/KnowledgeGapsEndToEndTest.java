package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Customers of a node with no model ask paraphrases of two questions nothing answers, and questions
 * an article or a rule answers: {@code GET /v1/analytics/knowledge-gaps} groups the first into two
 * topics with their counts, holds none of the answered questions and no personal data, answers
 * only the tenant's admins, and holds none of another tenant's questions nor of an admin's test
 * conversation on the draft; a question asked again and handed to a person counts as a handoff.
 */
class KnowledgeGapsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TENANT = "umbrella";
  @RegisterExtension
  static final RunningNode node = RunningNode.offline();

  @Test
  void unansweredQuestionsAreGroupedIntoTopicsForTheTenantsAdmins() throws Exception {
    node.addArticle(TENANT, "Returning camping gear", "# Returning camping gear\n\nTents and sleeping bags can be"
        + " returned within 60 days of delivery, unused and in their original packaging.");

    // An admin's test conversation on the draft asks first: it is no customer's, and is not kept.
    assertEquals(200, TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config/draft?tenant=" + TENANT,
        "{\"config\": {\"assistantName\": \"Max\"}}").statusCode());
    String testSession = JSON.readTree(TestIdentity.asAdmin(node.httpPort(), "POST", "/v1/sessions?tenant=" + TENANT,
        "{\"draft\": true}").body()).get("sessionId").asText();
    assertEquals(200, TestIdentity.asAdmin(node.httpPort(), "POST", "/v1/sessions/" + testSession + "/messages?tenant="
        + TENANT, "{\"clientMsgId\": \"t-1\", \"text\": \"Do you offer gift wrapping?\"}").statusCode());

    List<String> wrapping = List.of("Do you offer gift wrapping?", "Can you gift wrap my present?",
        "Is gift wrapping available for presents?");
    List<String> japan = List.of("Do you deliver to Japan?", "Can you ship to Japan? Write to me at jane.doe@example.com");
    List<String> answered = List.of("How many days do I have to return a tent?", "I forgot my password", "Thanks!");
    List<String> asked = new ArrayList<>();
    asked.addAll(wrapping);
    asked.addAll(japan);
    asked.addAll(answered);
    int customer = 0;
    for (String question : asked) {
      try (ChatClient client = ChatClient.connect(node.httpPort(), TENANT)) {
        client.startNew();
        JsonNode sent = client.say("c-" + customer++, question);
        client.answerOf(sent.get("turnId").asText());
      }
    }
    try (ChatClient other = ChatClient.connect(node.httpPort(), "globex")) {
      other.startNew();
      other.answerOf(other.say("c-1", "Do you offer gift wrapping?").get("turnId").asText());
    }

    String path = "/v1/analytics/knowledge-gaps?tenant=" + TENANT;
    JsonNode[] report = new JsonNode[1];
    await("the five unanswered questions are kept").atMost(Duration.ofSeconds(30)).until(() -> {
      HttpResponse<String> got = TestIdentity.asAdmin(node.httpPort(), "GET", path, null);
      assertEquals(200, got.statusCode(), got.body());
      report[0] = JSON.readTree(got.body());
      return report[0].get("questions").asInt() == wrapping.size() + japan.size();
    });
    JsonNode topics = report[0].get("topics");
    assertEquals(2, topics.size(), topics.toString());
    assertEquals(3, topics.get(0).get("count").asInt(), topics.toString());
    assertTrue(wrapping.contains(topics.get(0).get("question").asText()), topics.toString());
    assertEquals(3, topics.get(0).get("examples").size());
    assertEquals(3, topics.get(0).get("reasons").get("cannot_answer").asInt());
    assertEquals(2, topics.get(1).get("count").asInt(), topics.toString());
    assertTrue(topics.get(1).get("examples").toString().contains("Write to me at [EMAIL_1]"), topics.toString());
    String body = report[0].toString();
    assertFalse(body.contains("jane.doe") || body.contains("example.com"), "no personal data: " + body);
    for (String question : answered) assertFalse(body.contains(question), "an answered question: " + body);

    // Asked again after the bot's answer, with a rule that then hands over: the second time counts as a
    // handoff. An agent is online, so the conversation waits for them and the bot does not answer it meanwhile.
    assertEquals(200, TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=acme",
        "{\"config\": {\"handoffRules\": {\"sameQuestionFailures\": 1}}}").statusCode());
    try (ChatClient agent = ChatClient.agent(node.httpPort(), "acme", "agent-dana", "Dana");
        ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      agent.expect("hello");
      client.startNew();
      client.answerOf(client.say("c-1", "Do you sell spare parts for bicycles?").get("turnId").asText());
      client.say("c-2", "Do you sell spare parts for bicycles?");
      assertEquals("waiting_for_agent", client.expect("handoff").get("status").asText());
    }
    JsonNode acme = gapsOnceKept(2);
    assertEquals(1, acme.get("topics").size(), acme.toString());
    assertEquals(1, acme.get("topics").get(0).get("reasons").get("cannot_answer").asInt(), acme.toString());
    assertEquals(1, acme.get("topics").get(0).get("reasons").get("handoff").asInt(), acme.toString());

    // With nobody online the handed-over question goes back to the bot, which answers it too: it still
    // counts once, as the handoff. A last question, kept after it, shows nothing more came of it.
    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      client.startNew();
      client.answerOf(client.say("c-1", "Can I rent a tent for a weekend?").get("turnId").asText());
      client.answerOf(client.say("c-2", "Can I rent a tent for a weekend?").get("turnId").asText());
      client.answerOf(client.say("c-3", "Do you engrave names on water bottles?").get("turnId").asText());
    }
    JsonNode reasons = gapsOnceKept(5).get("topics");
    assertEquals(2, sum(reasons, "handoff"), reasons.toString());
    assertEquals(3, sum(reasons, "cannot_answer"), reasons.toString());

    HttpResponse<String> agent = TestIdentity.call(node.httpPort(), "GET", path, "Bearer " + TestIdentity.agentKey(TENANT), null);
    assertEquals(403, agent.statusCode(), agent.body());
    HttpResponse<String> bad = TestIdentity.asAdmin(node.httpPort(), "GET", path + "&since=yesterday", null);
    assertEquals(400, bad.statusCode(), bad.body());
    HttpResponse<String> past = TestIdentity.asAdmin(node.httpPort(), "GET",
        path + "&from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z", null);
    assertEquals(0, JSON.readTree(past.body()).get("topics").size(), "a window holds only its own questions");
  }

  /** The acme report once it holds {@code questions} questions. */
  private static JsonNode gapsOnceKept(int questions) throws Exception {
    JsonNode[] acme = new JsonNode[1];
    try {
      await(questions + " questions kept").atMost(Duration.ofSeconds(30)).until(() -> {
        acme[0] = JSON.readTree(TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/analytics/knowledge-gaps?tenant=acme", null).body());
        return acme[0].get("questions").asInt() >= questions;
      });
    } catch (AssertionError notKept) {
      throw new AssertionError(notKept.getMessage() + ": " + acme[0], notKept);
    }
    assertEquals(questions, acme[0].get("questions").asInt(), acme[0].toString());
    return acme[0];
  }

  private static int sum(JsonNode topics, String reason) {
    int sum = 0;
    for (JsonNode topic : topics) sum += topic.get("reasons").path(reason).asInt();
    return sum;
  }
}
