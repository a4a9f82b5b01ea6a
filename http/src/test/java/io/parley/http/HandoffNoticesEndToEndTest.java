package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.handoff.SupportHours;
import io.parley.persistence.testing.TestPostgres;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the customer reads at each step of a handoff agrees with what happened, on a node with no
 * model (the offline responder answers): the place in the queue; nobody online, the ticket the
 * conversation is in, and no bot line denying a person afterwards; nobody in time, then the bot
 * answering what was written while waiting; an agent's hand-back naming the tenant's assistant;
 * the tenant's support hours, told when nobody is online and to a customer asking when the team is there.
 * Each test is a tenant of its own, whose assistant is called Ava.
 */
class HandoffNoticesEndToEndTest {
  private static ParleyNode node;

  @BeforeAll
  static void start() throws Exception {
    node = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.empty(),
        Map.of("parley.handoff.wait-limit", "3s")));
    for (String tenant : TestIdentity.TENANTS) {
      int status = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=" + tenant,
          "{\"config\": {\"assistantName\": \"Ava\"}, \"message\": \"our assistant\"}").statusCode();
      assertEquals(200, status, "the configuration of " + tenant);
    }
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  @Test
  void withNobodyOnlineTheNoticeNamesTheTicketAndTheBotDoesNotContradictIt() {
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "umbrella")) {
      customer.startNew();
      customer.say("c-1", "I want to speak to a person");
      String told = notice(customer);
      assertEquals("No one from our support team is online right now, so nobody can join this chat. This conversation"
          + " is in ticket T-1001 for them; expect a response within 1 business day. Until then, Ava will keep"
          + " answering here.", told);
      customer.next(f -> f.get("type").asText().equals("handoff") && f.get("status").asText().equals("bot"));
      List<JsonNode> after = customer.drain(Duration.ofMillis(800));
      assertTrue(after.stream().noneMatch(f -> ChatClient.isMessage(f, "assistant")),
          "the notice answered the request; the bot adds nothing to it: " + after);

      String answer = customer.answerTo("c-2", "I forgot my password");
      assertTrue(answer.contains("Forgot password"), answer);
    }
  }

  /**
   * The tenant's support hours: outside them the notice says when the team is back, computed from
   * the schedule in its zone (a single opening three days on, so the test never meets it); within
   * them it says nobody is online although these are the hours. Asked when the team is there, the
   * offline answer tells the hours and when it is back. Hours that are wrong are refused, naming the entry.
   */
  @Test
  void withNobodyOnlineTheNoticeSaysWhenTheTeamIsBackOrThatItShouldBeThere() throws Exception {
    HttpResponse<String> refused = publishHours("globex", "{\"timeZone\": \"Europe/Berlin\","
        + " \"weekly\": {\"monday\": [\"09:00-17:00\", \"16:00-18:00\"]}}");
    assertEquals(400, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains("supportHours.weekly.monday[1]: \\\"16:00-18:00\\\" overlaps"), refused.body());
    assertEquals(400, publishHours("globex", "{\"timeZone\": \"Europe/Atlantis\", \"weekly\": {\"monday\": [\"09:00-17:00\"]}}")
        .statusCode());

    ZoneId berlin = ZoneId.of("Europe/Berlin");
    DayOfWeek day = LocalDate.now(berlin).plusDays(3).getDayOfWeek();
    HttpResponse<String> published = publishHours("globex", "{\"timeZone\": \"Europe/Berlin\", \"weekly\": {\""
        + day.name().toLowerCase(Locale.ROOT) + "\": [\"09:00-10:00\"]}}");
    assertEquals(200, published.statusCode(), published.body());
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "globex")) {
      customer.startNew();
      customer.say("c-1", "I want to speak to a person");
      assertEquals("Our support team is not at work right now, so nobody can join this chat; they are back on "
          + day.getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " at 09:00 (Europe/Berlin). This conversation is in"
          + " ticket T-1001 for them; expect a response within 1 business day. Until then, Ava will keep answering"
          + " here.", notice(customer));
      String answer = customer.answerTo("c-2", "When are you open?");
      String named = day.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
      assertTrue(answer.endsWith(" Our support team works " + named + " 09:00-10:00 (Europe/Berlin); it is back on " + named
          + " at 09:00 (Europe/Berlin)."), "the offline answer tells the hours: " + answer);
    }

    String everyDay = SupportHours.DAYS.stream().map(name -> "\"" + name + "\": [\"00:00-24:00\"]")
        .collect(Collectors.joining(", "));
    assertEquals(200, publishHours("globex", "{\"timeZone\": \"Europe/Berlin\", \"weekly\": {" + everyDay + "}}")
        .statusCode());
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "globex")) {
      customer.startNew();
      customer.say("c-1", "Can I talk to a human please?");
      assertEquals("No one from our support team is online right now, although these are their working hours, so nobody"
          + " can join this chat. This conversation is in ticket T-1002 for them; expect a response within 1 business"
          + " day. Until then, Ava will keep answering here.", notice(customer));
    }
  }

  private static HttpResponse<String> publishHours(String tenant, String hours) throws Exception {
    return TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=" + tenant,
        "{\"config\": {\"assistantName\": \"Ava\", \"supportHours\": " + hours + "}, \"message\": \"our hours\"}");
  }

  @Test
  void whenNobodyComesInTimeTheBotAnswersWhatWasWrittenWhileWaiting() {
    try (ChatClient agent = ChatClient.greetedAgent(node.httpPort(), "acme", "agent-dana", "Dana");
        ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      customer.startNew();
      customer.say("c-1", "Can I talk to a human please?");
      assertTrue(notice(customer).contains("next in line"));
      JsonNode meanwhile = customer.say("c-2", "Where is my order?");
      String told = notice(customer);
      assertEquals("I'm sorry: nobody from our support team could take this in time. This conversation is in ticket"
          + " T-1001 for them; expect a response within 1 business day. Until then, Ava will keep answering here.", told);
      String answer = customer.answerOf(meanwhile.get("turnId").asText()).get("text").asText();
      assertTrue(answer.contains("tracking link"), answer);
    }
  }

  @Test
  void eachInTheQueueIsToldTheirPlaceAndAnAgentHandsBackToTheTenantsAssistantByName() {
    try (ChatClient agent = ChatClient.greetedAgent(node.httpPort(), "initech", "agent-dana", "Dana");
        ChatClient customer = ChatClient.connect(node.httpPort(), "initech");
        ChatClient later = ChatClient.connect(node.httpPort(), "initech")) {
      String sessionId = customer.startNew();
      customer.say("c-1", "Can I talk to a human please?");
      assertEquals("I've asked a person from our support team to join; you're next in line (about 3 minutes)."
          + " You can keep writing here meanwhile.", notice(customer));
      later.startNew();
      later.say("c-1", "I need a person");
      assertTrue(notice(later).startsWith("I've asked a person from our support team to join; you're number 2 in line"));

      agent.send(ChatClient.frame("take").put("sessionId", sessionId));
      agent.expect("conversation");
      assertEquals("Dana from our support team joined the conversation.", notice(customer));
      agent.send(ChatClient.frame("handBack").put("sessionId", sessionId));
      assertEquals("Dana handed the conversation back to Ava, who can help from here.", notice(customer));
    }
  }

  private static String notice(ChatClient customer) {
    return customer.next(f -> ChatClient.isMessage(f, "system")).get("text").asText();
  }

}
