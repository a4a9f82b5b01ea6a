package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An agent's replies in the customer's language without asking, end to end over real sockets and a
 * model speaking the OpenAI-compatible wire format: an English-writing agent holds an Arabic
 * conversation, the node tells the reply is English and has the tenant's model translate it, the
 * customer's socket gets the Arabic alone, and the staff's view shows both. When the model fails
 * the words still go, as written, marked for staff; a reply in Arabic already, or one the agent
 * chose to send as written, goes untouched; a tenant that turned the setting off gets its agents'
 * words as written. A reply on a ticket is emailed translated too (GreenMail on loopback).
 */
class AgentReplyTranslationEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ENGLISH = "I'm sorry your order is late. I will send it again today.";
  private static final String ARABIC = "أعتذر عن تأخر طلبك. سأرسله مرة أخرى اليوم.";
  private static final String UNTRANSLATED = "Please look for the tracking number in your email tonight.";

  @RegisterExtension static final LoopbackMail MAIL = new LoopbackMail();

  @RegisterExtension final RunningNode node = RunningNode.withModel(
      () -> FakeChatCompletionsServer.start(FakeTranslator.answering(Map.of(ENGLISH, ARABIC))), settings());

  private static Map<String, Object> settings() {
    Map<String, Object> settings = new HashMap<>(MAIL.nodeSettings());
    settings.put("parley.tenant-budget.overrides", "{\"acme\": 1000000, \"globex\": 1000000, \"initech\": 1000000}");
    return settings;
  }

  @Test
  void anEnglishReplyReachesAnArabicCustomerInArabicAndStaffReadBoth() throws Exception {
    node.node().languageDetectionLoaded().toCompletableFuture().get(60, TimeUnit.SECONDS);
    try (ChatClient agent = ChatClient.agent(node.httpPort(), "acme", "agent-dana", "Dana");
        ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      String sessionId = heldConversation(agent, customer);

      reply(agent, sessionId, "a-1", ENGLISH);
      JsonNode received = agentMessage(customer);
      assertEquals(ARABIC, received.get("text").asText());
      assertFalse(received.has("translation"), "the customer reads the message, not the agent's words: " + received);
      assertTrue(node.model().lastRequest().messages().get(0).content().contains("into Arabic (ar)"));
      JsonNode shown = shownToAgent(agent);
      assertEquals(ARABIC, shown.get("text").asText());
      assertMark(shown.get("translation"), ENGLISH);

      // The model fails, every attempt: the customer still gets the words, as written, and staff are told.
      node.model().enqueue(Reply.error(503, "overloaded"), Reply.error(503, "overloaded"), Reply.error(503, "overloaded"));
      reply(agent, sessionId, "a-2", UNTRANSLATED);
      assertEquals(UNTRANSLATED, agentMessage(customer).get("text").asText());
      JsonNode untranslated = shownToAgent(agent);
      assertEquals(UNTRANSLATED, untranslated.get("text").asText());
      assertMark(untranslated.get("translation"), UNTRANSLATED);

      // Arabic already, or sent as written by the agent's choice: nothing is asked of the model.
      int asked = node.model().requestCount();
      reply(agent, sessionId, "a-3", "شكرا لصبرك");
      assertEquals("شكرا لصبرك", agentMessage(customer).get("text").asText());
      agent.send(ChatClient.frame("reply").put("sessionId", sessionId).put("clientMsgId", "a-4")
          .put("text", "Order A-1042").put("asWritten", true));
      assertEquals("Order A-1042", agentMessage(customer).get("text").asText());
      assertEquals(asked, node.model().requestCount(), "neither reply was translated");

      JsonNode staffView = JSON.readTree(TestIdentity.call(node.httpPort(), "GET", "/v1/sessions/" + sessionId
          + "?tenant=acme", "Bearer " + TestIdentity.adminKey("acme"), null).body());
      JsonNode messages = staffView.get("messages");
      JsonNode translated = bySeq(messages, shown.get("seq").asLong());
      assertEquals(ARABIC, translated.get("text").asText(), "the staff read what the customer read");
      assertMark(translated.get("translation"), ENGLISH);
      assertMark(bySeq(messages, untranslated.get("seq").asLong()).get("translation"), UNTRANSLATED);
      assertEquals(2, messages.findValues("translation").size(), "the replies in Arabic or as written carry no mark");
    }
  }

  @Test
  void aTenantThatTurnedItOffGetsItsAgentsWordsAsWritten() throws Exception {
    node.node().languageDetectionLoaded().toCompletableFuture().get(60, TimeUnit.SECONDS);
    HttpResponse<String> published = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=globex",
        "{\"config\": {\"translateAgentReplies\": false}, \"baseVersion\": 0}");
    assertEquals(200, published.statusCode(), published.body());
    try (ChatClient agent = ChatClient.agent(node.httpPort(), "globex", "agent-lee", "Lee");
        ChatClient customer = ChatClient.connect(node.httpPort(), "globex")) {
      String sessionId = heldConversation(agent, customer);
      int asked = node.model().requestCount();
      reply(agent, sessionId, "l-1", ENGLISH);
      assertEquals(ENGLISH, agentMessage(customer).get("text").asText());
      assertFalse(shownToAgent(agent).has("translation"));
      assertEquals(asked, node.model().requestCount(), "nothing was asked of the model");
    }
  }

  /**
   * A reply on the ticket of an Arabic customer who asked for a person while the support team was
   * off duty and left an address: the customer reads it in Arabic in the conversation and in the
   * email, and the conversation keeps the English beside it for staff.
   */
  @Test
  void aTicketReplyInEnglishIsEmailedInArabic() throws Exception {
    node.node().languageDetectionLoaded().toCompletableFuture().get(60, TimeUnit.SECONDS);
    String closedDay = LocalDate.now(ZoneOffset.UTC).plusDays(3).getDayOfWeek().name().toLowerCase(Locale.ROOT);
    HttpResponse<String> saved = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=initech",
        "{\"config\": {\"supportHours\": {\"timeZone\": \"UTC\", \"weekly\": {\"" + closedDay + "\": [\"09:00-10:00\"]}}}}");
    assertEquals(200, saved.statusCode(), saved.body());
    String sessionId;
    String ticket;
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "initech")) {
      sessionId = customer.startIn("ar");
      customer.say("c-1", "أريد التحدث مع موظف");
      Matcher id = Pattern.compile("T-\\d+").matcher(notice(customer));
      assertTrue(id.find(), "the notice names the ticket");
      ticket = id.group();
      customer.send(ChatClient.frame("contact").put("email", "layla@example.com").put("transcript", false));
      // The address is kept once the contact's own notice comes: a reply mailed before would find none.
      customer.next(ChatClient::isContactNotice);
    }
    HttpResponse<String> replied = TestIdentity.call(node.httpPort(), "POST", "/v1/tickets/" + ticket
        + "/replies?tenant=initech", "Bearer " + TestIdentity.agentToken("initech", "agent-dana"),
        JSON.writeValueAsString(Map.of("text", ENGLISH)));
    assertEquals(201, replied.statusCode(), replied.body());
    assertEquals(ENGLISH, JSON.readTree(replied.body()).get("text").asText(), "the ticket keeps what the agent wrote");

    assertTrue(MAIL.server().waitForIncomingEmail(Duration.ofSeconds(30).toMillis(), 1), "the reply was emailed");
    MimeMessage mail = MAIL.server().getReceivedMessages()[0];
    String body = (String) (mail.getContent() instanceof Multipart parts ? parts.getBodyPart(0).getContent() : mail.getContent());
    assertTrue(body.contains(ARABIC), body);
    assertFalse(body.contains(ENGLISH), "the customer reads their language: " + body);

    JsonNode staffView = JSON.readTree(TestIdentity.call(node.httpPort(), "GET", "/v1/sessions/" + sessionId
        + "?tenant=initech", "Bearer " + TestIdentity.adminKey("initech"), null).body());
    JsonNode sent = staffView.get("messages").get(staffView.get("messages").size() - 1);
    assertEquals(ARABIC, sent.get("text").asText(), sent.toString());
    assertMark(sent.get("translation"), ENGLISH);
  }

  private static String notice(ChatClient customer) {
    return customer.next(f -> ChatClient.isMessage(f, "system"))
        .get("text").asText();
  }

  /** An Arabic customer who asked for a person, taken by {@code agent}: the session's id. */
  private static String heldConversation(ChatClient agent, ChatClient customer) {
    agent.expect("hello");
    String sessionId = customer.startIn("ar");
    customer.answerOf(customer.say("c-1", "مرحبا، طلبي لم يصل بعد").get("turnId").asText());
    customer.say("c-2", "أريد التحدث مع موظف");
    agent.next(f -> f.get("type").asText().equals("queue") && f.get("waiting").size() == 1);
    agent.send(ChatClient.frame("take").put("sessionId", sessionId));
    assertEquals("ar", agent.expect("conversation").get("session").get("language").get("tag").asText());
    return sessionId;
  }

  private static void reply(ChatClient agent, String sessionId, String clientMsgId, String text) {
    agent.send(ChatClient.frame("reply").put("sessionId", sessionId).put("clientMsgId", clientMsgId).put("text", text));
  }

  private static JsonNode agentMessage(ChatClient customer) {
    return customer.next(f -> ChatClient.isMessage(f, "agent"));
  }

  /** The agent's own reply as its console shows it, once acknowledged. */
  private static JsonNode shownToAgent(ChatClient agent) {
    long seq = agent.expect("ack").get("seq").asLong();
    JsonNode shown = agent.next(f -> f.get("type").asText().equals("message")
        && f.get("message").get("seq").asLong() == seq).get("message");
    return shown;
  }

  private static void assertMark(JsonNode translation, String original) {
    assertEquals(original, translation.get("original").asText(), translation.toString());
    assertEquals("en", translation.get("from").asText());
    assertEquals("ar", translation.get("to").asText());
  }

  private static JsonNode bySeq(JsonNode messages, long seq) {
    for (JsonNode message : messages) if (message.get("seq").asLong() == seq) return message;
    throw new AssertionError("no message " + seq + " in " + messages);
  }
}
