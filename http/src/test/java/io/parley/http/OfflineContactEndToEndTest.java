package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A customer handed over out of hours, answered later, end to end on a node over real sockets and
 * a real SMTP server (GreenMail): the customer is told no one can join and leaves an email address
 * (a mistyped one is refused, saying why, and nothing is kept); the ticket shows that a contact
 * exists but never the address; an agent's reply from the tickets API reaches the customer when
 * they come back to the conversation, and their inbox, with the transcript they asked for.
 */
class OfflineContactEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TENANT = "acme";
  private static final String ADDRESS = "ann.lee@example.com";

  @RegisterExtension @Order(1) static final LoopbackMail MAIL = new LoopbackMail();

  @RegisterExtension
  static final RunningNode node = RunningNode.offline(MAIL.nodeSettings());

  @Test
  void aCustomerHandedOverOutOfHoursLeavesAnEmailAndTheAgentsReplyReachesTheirNextVisitAndTheirInbox() throws Exception {
    DayOfWeek closedToday = LocalDate.now(ZoneOffset.UTC).plusDays(3).getDayOfWeek();
    HttpResponse<String> hours = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=" + TENANT,
        "{\"config\": {\"supportHours\": {\"timeZone\": \"UTC\", \"weekly\": {\""
            + closedToday.name().toLowerCase(Locale.ROOT) + "\": [\"09:00-10:00\"]}}}, \"message\": \"hours\"}");
    assertEquals(200, hours.statusCode(), hours.body());

    String sessionId;
    long lastSeq;
    try (ChatClient customer = ChatClient.connect(node.httpPort(), TENANT)) {
      sessionId = customer.startNew();
      customer.say("c-1", "My kettle arrived broken, I want to speak to a person");
      String told = notice(customer);
      assertTrue(told.startsWith("Our support team is not at work right now") && told.contains("ticket T-1001"), told);

      customer.send(ChatClient.frame("contact").put("email", "ann.lee@example").put("transcript", true));
      JsonNode refused = customer.expect("error");
      assertEquals("bad_request", refused.get("code").asText());
      assertTrue(refused.get("message").asText().contains("not an email address"), refused.toString());
      assertFalse(ticket().path("contact").isTextual(), "a refused address marks nothing");

      customer.send(ChatClient.frame("contact").put("email", " " + ADDRESS + " ").put("transcript", true));
      JsonNode noted = customer.next(ChatClient::isContactNotice);
      assertEquals("We'll reply here and by email to " + ADDRESS + ".", noted.get("text").asText());
      lastSeq = noted.get("seq").asLong();
    }

    JsonNode listed = awaitContact();
    assertEquals(sessionId, listed.get("sessionId").asText());
    assertFalse(listed.toString().contains(ADDRESS), "the ticket never shows the address: " + listed);

    HttpResponse<String> asCustomer = TestIdentity.call(node.httpPort(), "POST", "/v1/tickets/T-1001/replies?tenant=" + TENANT,
        "Bearer " + TestIdentity.customerToken(TENANT, Optional.of("ann")), "{\"text\": \"hi\"}");
    assertEquals(403, asCustomer.statusCode(), asCustomer.body());
    // The reply names no one: it is signed with the display name of the agent's profile, not its id.
    assertEquals(200, TestIdentity.call(node.httpPort(), "PUT", "/v1/agents/me?tenant=" + TENANT,
        "Bearer " + TestIdentity.agentToken(TENANT, "agent-dana"), "{\"displayName\": \"Dana\"}").statusCode());
    HttpResponse<String> replied = TestIdentity.call(node.httpPort(), "POST", "/v1/tickets/T-1001/replies?tenant=" + TENANT,
        "Bearer " + TestIdentity.agentToken(TENANT, "agent-dana"), "{\"text\": \"We're sending a new kettle today.\"}");
    assertEquals(201, replied.statusCode(), replied.body());
    JsonNode reply = JSON.readTree(replied.body());
    assertTrue(reply.get("inConversation").asBoolean(), reply.toString());
    assertEquals("Dana", reply.get("authorName").asText());
    assertEquals("agent-dana", reply.get("author").asText(), "the id stays the team's record of who wrote it");

    try (ChatClient back = ChatClient.connect(node.httpPort(), TENANT)) {
      back.resume(sessionId, lastSeq);
      JsonNode answer = back.next(f -> ChatClient.isMessage(f, "agent"));
      assertEquals("We're sending a new kettle today.", answer.get("text").asText());
      assertEquals("Dana", answer.get("author").asText());
    }

    assertTrue(MAIL.server().waitForIncomingEmail(Duration.ofSeconds(20).toMillis(), 1), "the reply was emailed");
    MimeMessage mail = MAIL.server().getReceivedMessages()[0];
    assertEquals(ADDRESS, mail.getAllRecipients()[0].toString());
    assertEquals("T-1001: a reply from our support team", mail.getSubject());
    Multipart parts = (Multipart) mail.getContent();
    String body = GreenMailUtil.getBody(parts.getBodyPart(0));
    assertTrue(body.contains("Dana from our support team replied to you") && body.contains("We're sending a new kettle today."),
        body);
    assertEquals("conversation.txt", parts.getBodyPart(1).getFileName());
    String transcript = (String) parts.getBodyPart(1).getContent();
    assertTrue(transcript.contains("Customer: My kettle arrived broken, I want to speak to a person"), transcript);
    assertFalse(transcript.contains(ADDRESS), "the transcript is redacted as in the archive: " + transcript);

    JsonNode sent = awaitReply("sent");
    assertTrue(sent.get("sentAt").isTextual(), sent.toString());
  }

  private static String notice(ChatClient customer) {
    return customer.next(ChatClient::isNotice).get("text").asText();
  }

  private static JsonNode ticket() throws Exception {
    return EscalationEndToEndTest.json(node.httpPort(), "/v1/tickets/T-1001?tenant=" + TENANT);
  }

  /** The ticket once it says the customer left an email: the session marks it just after telling them. */
  private static JsonNode awaitContact() throws Exception {
    return await("a ticket with a contact").atMost(Duration.ofSeconds(10))
        .until(() -> JSON.readTree(TestIdentity.call(node.httpPort(), "GET", "/v1/tickets?tenant=" + TENANT,
            "Bearer " + TestIdentity.agentToken(TENANT, "agent-dana"), null).body()).get("tickets"),
            tickets -> tickets.size() == 1 && tickets.get(0).path("contact").asText().equals("email"))
        .get(0);
  }

  private static JsonNode awaitReply(String mail) throws Exception {
    return await("the reply's mail " + mail).atMost(Duration.ofSeconds(10))
        .until(() -> ticket().get("replies"), replies -> replies.get(0).get("mail").asText().equals(mail)).get(0);
  }
}
