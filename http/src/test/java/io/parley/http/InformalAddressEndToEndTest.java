package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tenant that addresses its German customers informally ({@code texts.de.formality}), on a real
 * node with a real SMTP server (GreenMail on loopback): a German customer who asks for a person out
 * of hours is told so with "du", in the queue's and the ticket's notices, the widget's own texts
 * for German are the informal ones, and the agent's reply reaches their inbox in German, with "du",
 * the attached conversation labelled in German. An Italian tenant's customers read "tu" likewise,
 * and Portuguese, with one form of address, takes no informal setting.
 */
class InformalAddressEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TENANT = "acme";
  private static final String ADDRESS = "jonas.weber@example.com";
  private static final Pattern TICKET = Pattern.compile("T-\\d+");
  @RegisterExtension @Order(1) static final LoopbackMail MAIL = new LoopbackMail();

  @RegisterExtension
  static final RunningNode node = RunningNode.offline(MAIL.nodeSettings());

  @Test
  void aGermanCustomerIsAddressedWithDuInTheNoticesTheWidgetAndTheEmailedReply() throws Exception {
    String closedDay = LocalDate.now(ZoneOffset.UTC).plusDays(3).getDayOfWeek().name().toLowerCase(Locale.ROOT);
    HttpResponse<String> saved = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=" + TENANT,
        "{\"config\": {\"supportHours\": {\"timeZone\": \"UTC\", \"weekly\": {\"" + closedDay + "\": [\"09:00-10:00\"]}},"
            + " \"widget\": {\"language\": \"de\"}, \"texts\": {\"de\": {\"formality\": \"informal\"}}}}");
    assertEquals(200, saved.statusCode(), saved.body());

    JsonNode widget = JSON.readTree(TestIdentity.call(node.httpPort(), "GET", "/v1/widget/config?tenant=" + TENANT + "&language=de",
        "Bearer " + TestIdentity.customerToken(TENANT, java.util.Optional.empty()), null).body());
    assertEquals("Chatte mit uns", widget.path("texts").path("launcher").asText(), widget.toString());
    assertTrue(widget.path("texts").path("contactEmail").asText().equals("Deine E-Mail (freiwillig)"), widget.toString());

    String ticket;
    try (ChatClient customer = ChatClient.connect(node.httpPort(), TENANT)) {
      customer.startIn("de");
      customer.say("c-1", "Mein Wasserkocher ist kaputt angekommen, ich möchte mit einem Menschen sprechen");
      String told = notice(customer);
      assertTrue(told.startsWith("Unser Support-Team ist gerade nicht im Dienst"), told);
      assertTrue(told.contains("rechne mit einer Antwort") && told.contains("dir hier weiter"), "du, not Sie: " + told);
      assertFalse(told.contains(" Sie ") || told.contains("Ihnen"), told);
      Matcher id = TICKET.matcher(told);
      assertTrue(id.find(), told);
      ticket = id.group();
      customer.send(ChatClient.frame("contact").put("email", ADDRESS).put("transcript", true));
      assertEquals("Wir antworten hier und per E-Mail an " + ADDRESS + ".", notice(customer));
    }

    assertEquals(200, TestIdentity.call(node.httpPort(), "PUT", "/v1/agents/me?tenant=" + TENANT,
        "Bearer " + TestIdentity.agentToken(TENANT, "agent-dana"), "{\"displayName\": \"Dana\"}").statusCode());
    HttpResponse<String> replied = TestIdentity.call(node.httpPort(), "POST", "/v1/tickets/" + ticket + "/replies?tenant=" + TENANT,
        "Bearer " + TestIdentity.agentToken(TENANT, "agent-dana"), "{\"text\": \"Wir schicken dir heute einen neuen.\"}");
    assertEquals(201, replied.statusCode(), replied.body());

    assertTrue(MAIL.server().waitForIncomingEmail(Duration.ofSeconds(20).toMillis(), 1), "the reply was emailed");
    MimeMessage mail = MAIL.server().getReceivedMessages()[0];
    assertEquals(ticket + ": eine Antwort unseres Support-Teams", mail.getSubject());
    Multipart parts = (Multipart) mail.getContent();
    String body = (String) parts.getBodyPart(0).getContent();
    assertTrue(body.contains("Dana aus unserem Support-Team hat dir geantwortet"), body);
    String transcript = (String) parts.getBodyPart(1).getContent();
    assertTrue(transcript.startsWith("Gespräch, Nachrichten "), transcript);
    assertTrue(transcript.contains("Kunde: Mein Wasserkocher ist kaputt angekommen"), transcript);
    assertTrue(transcript.contains("Hinweis: Unser Support-Team ist gerade nicht im Dienst"), transcript);
  }

  /**
   * An Italian tenant's customers addressed with "tu", in the notices and the widget, while the
   * formal pack says "Lei"; Portuguese has one form of address, and informal is refused for it.
   */
  @Test
  void anItalianCustomerIsAddressedWithTuAndPortugueseKeepsItsOneForm() throws Exception {
    String closedDay = LocalDate.now(ZoneOffset.UTC).plusDays(3).getDayOfWeek().name().toLowerCase(Locale.ROOT);
    HttpResponse<String> refused = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=globex",
        "{\"config\": {\"texts\": {\"pt\": {\"formality\": \"informal\"}}}}");
    assertEquals(400, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains("texts.pt.formality: the pt texts have one form of address; informal is for de, es, fr, it, nl"),
        refused.body());
    assertEquals("È il numero {position} in coda. Può continuare a scrivere.", widgetTexts("globex").path("queue").asText(),
        "the formal pack, before the tenant says otherwise");
    HttpResponse<String> saved = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=globex",
        "{\"config\": {\"supportHours\": {\"timeZone\": \"UTC\", \"weekly\": {\"" + closedDay + "\": [\"09:00-10:00\"]}},"
            + " \"texts\": {\"it\": {\"formality\": \"informal\"}}}}");
    assertEquals(200, saved.statusCode(), saved.body());
    assertEquals("Sei il numero {position} in coda. Puoi continuare a scrivere.", widgetTexts("globex").path("queue").asText());

    try (ChatClient customer = ChatClient.connect(node.httpPort(), "globex")) {
      customer.startIn("it");
      customer.say("c-1", "Vorrei parlare con una persona");
      String told = notice(customer);
      assertTrue(told.contains("aspettati una risposta") && told.contains("risponderti qui"), "tu, not Lei: " + told);
      assertFalse(told.contains("si aspetti"), told);
    }
  }

  private static JsonNode widgetTexts(String tenant) throws Exception {
    return JSON.readTree(TestIdentity.call(node.httpPort(), "GET", "/v1/widget/config?tenant=" + tenant + "&language=it",
        "Bearer " + TestIdentity.customerToken(tenant, java.util.Optional.empty()), null).body()).path("texts");
  }

  private static String notice(ChatClient customer) {
    return customer.next(frame -> ChatClient.isMessage(frame, "system"))
        .get("text").asText();
  }
}
