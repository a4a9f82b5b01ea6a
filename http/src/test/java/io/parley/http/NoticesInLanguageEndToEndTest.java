package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.persistence.testing.TestPostgres;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the server writes to a customer, in the conversation's language, on a node with no model
 * (the offline responder answers) and real sockets on PostgreSQL: in German, French and Spanish,
 * the place in the queue, an agent joining and handing back, nobody online with the ticket named,
 * and the offline answers (the questions read in the language too); in Arabic, right to left, a
 * request for a person handed over with the values isolated; a tenant's own wording and greeting for a language used, and one that
 * drops a placeholder refused at save, naming the key; the bot's name in the language on the notices and the widget. Each test is a tenant of its own, whose
 * assistant is called Ava.
 */
class NoticesInLanguageEndToEndTest {
  private static ParleyNode node;

  @BeforeAll
  static void start() throws Exception {
    node = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.empty(), Map.of()));
    for (String tenant : TestIdentity.TENANTS) assertEquals(200, publish(tenant, "{\"assistantName\": \"Ava\"}").statusCode());
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  @Test
  void aGermanCustomerReadsTheQueueTheAgentAndTheHandBackInGerman() {
    assertHandedOverAndBack("initech", "de", "Ich möchte mit einem Menschen sprechen",
        "Ich habe eine Person aus unserem Support-Team gebeten, dazuzukommen; Sie sind als Nächstes an der"
            + " Reihe (etwa 3 Minuten). Sie können hier in der Zwischenzeit weiterschreiben.",
        "Dana aus unserem Support-Team ist dem Gespräch beigetreten.",
        "Dana hat das Gespräch an Ava zurückgegeben, der Ihnen ab hier weiterhilft.");
  }

  @Test
  void aFrenchCustomerIsToldInFrenchThatNobodyIsOnlineAndGetsTheOfflineAnswersInFrench() {
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "umbrella")) {
      customer.startIn("fr");
      String answer = customer.answerTo("c-1", "Bonjour, où est ma commande ?");
      assertTrue(answer.startsWith("Vous utilisez notre aide automatique, qui répond aux questions courantes."), answer);
      assertTrue(answer.endsWith("Le lien de suivi dans votre e-mail de confirmation d'expédition indique où se trouve"
          + " votre colis, et si vous avez un compte, votre historique de commandes en affiche aussi l'état."),
          "the French question read by the French words of the offline rules: " + answer);

      customer.say("c-2", "Je voudrais parler à une personne");
      assertAroundTicket(notice(customer), "Personne de notre équipe d'assistance n'est en ligne pour le moment, donc"
          + " personne ne peut rejoindre cette conversation. Cette conversation leur est transmise dans le ticket T-",
          " ; attendez-vous à une réponse sous 1 jour ouvré. D'ici là, Ava continue de vous répondre ici.");
    }
  }

  @Test
  void aSpanishCustomerReadsTheQueueAndTheOfflineAnswersInSpanishAndNobodyOnlineToo() {
    try (ChatClient agent = ChatClient.greetedAgent(node.httpPort(), "globex", "agent-luis", "Luis");
        ChatClient customer = ChatClient.connect(node.httpPort(), "globex")) {
      String sessionId = customer.startIn("es");
      String answer = customer.answerTo("c-1", "He olvidado mi password");
      assertTrue(answer.startsWith("Está usando nuestra ayuda automática"), answer);
      assertTrue(answer.contains("«¿Ha olvidado su contraseña?»"), answer);

      customer.say("c-2", "Quiero hablar con una persona");
      assertEquals("He pedido a una persona de nuestro equipo de soporte que se una; usted es el siguiente en la cola"
          + " (alrededor de 3 minutos). Mientras tanto, puede seguir escribiendo aquí.", notice(customer));
      takeOver(agent, sessionId);
      assertEquals("Luis, de nuestro equipo de soporte, se ha unido a la conversación.", notice(customer));
    }
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "globex")) {
      customer.startIn("es");
      customer.say("c-1", "Quiero hablar con un humano");
      assertAroundTicket(notice(customer), "Ahora mismo no hay nadie de nuestro equipo de soporte conectado, así que"
          + " nadie puede unirse a este chat. Esta conversación está en el ticket T-",
          "; espere una respuesta en un plazo de 1 día laborable. Hasta entonces, Ava seguirá respondiendo aquí.");
    }
  }

  /**
   * An Arabic customer who asks for a person in Arabic is handed over, reading the queue, the agent
   * joining and the hand-back in Arabic, each inserted value (the wait, a name, the ticket) isolated
   * so the Arabic punctuation stays at its end; with nobody online, the ticket is named in Arabic.
   */
  @Test
  void anArabicCustomersRequestForAPersonIsHandedOverWithArabicNotices() throws Exception {
    assertEquals(200, publish(TestIdentity.DEFAULT_TENANT, "{\"assistantName\": \"Ava\"}").statusCode());
    assertHandedOverAndBack(TestIdentity.DEFAULT_TENANT, "ar", "أريد التحدث مع شخص",
        "طلبتُ من أحد أفراد فريق الدعم الانضمام إلى المحادثة؛ أنت التالي في الدور (\u2068حوالي 3 دقائق\u2069)."
            + " يمكنك مواصلة الكتابة هنا في هذه الأثناء.",
        "انضم \u2068Dana\u2069 من فريق الدعم إلى المحادثة.",
        "أعاد \u2068Dana\u2069 المحادثة إلى \u2068Ava\u2069، الذي يمكنه مساعدتك من هنا.");
    try (ChatClient customer = ChatClient.connect(node.httpPort(), TestIdentity.DEFAULT_TENANT)) {
      customer.startIn("ar");
      customer.say("c-1", "حولني إلى موظف من فضلك");
      assertAroundTicket(notice(customer), "لا يوجد أحد من فريق الدعم متصلًا الآن، لذلك لا يمكن لأحد الانضمام إلى هذه"
          + " المحادثة. هذه المحادثة مسجلة لدى الفريق في التذكرة \u2068T-",
          "\u2069؛ توقّع ردًا \u2068خلال يوم عمل واحد\u2069. وإلى ذلك الحين، سيواصل \u2068Ava\u2069 الرد عليك هنا.");
    }
  }

  /**
   * The tenant's own German wording replaces the pack's where it wrote one, its German greeting
   * opens a German conversation, and an English one keeps the English texts; a text that leaves out
   * a placeholder, or names a key or a language that does not exist, is refused at save, naming it.
   */
  @Test
  void aTenantsOwnWordingIsUsedInItsLanguageAndOneMissingAPlaceholderIsRefused() throws Exception {
    HttpResponse<String> refused = publish("acme", "{\"assistantName\": \"Ava\", \"texts\": {\"de\": {\"handoff.position\":"
        + " \"Sie sind bald dran.\"}, \"xx-YY\": {\"handoff.next\": \"{wait}\"}}}");
    assertEquals(400, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains("texts.de.handoff.position: must keep the placeholder {position}"), refused.body());
    assertTrue(refused.body().contains("texts.xx-YY: xx-YY is not a language tag"), refused.body());

    HttpResponse<String> published = publish("acme", "{\"assistantName\": \"Ava\", \"texts\": {\"de\": {"
        + "\"handoff.next\": \"Gleich ist jemand von uns für Sie da ({wait}).\", \"greeting\": \"Moin! Wie kann ich helfen?\","
        + " \"name\": \"Eva\"}}}");
    assertEquals(200, published.statusCode(), published.body());
    try (ChatClient agent = ChatClient.greetedAgent(node.httpPort(), "acme", "agent-dana", "Dana");
        ChatClient german = ChatClient.connect(node.httpPort(), "acme")) {
      german.send(ChatClient.frame("start").put("language", "de"));
      String sessionId = german.expect("session").get("sessionId").asText();
      JsonNode greeting = german.expect("message");
      assertEquals("Moin! Wie kann ich helfen?", greeting.get("text").asText(), greeting.toString());
      german.say("c-1", "Ich möchte mit einem Menschen sprechen");
      assertEquals("Gleich ist jemand von uns für Sie da (etwa 3 Minuten).", notice(german));
      takeOver(agent, sessionId);
      notice(german);
      agent.send(ChatClient.frame("handBack").put("sessionId", sessionId));
      String handedBack = notice(german);
      assertTrue(handedBack.contains("Eva") && !handedBack.contains("Ava"), "the bot's German name: " + handedBack);
    }
    assertEquals("Eva", widgetName("de-AT"), "the widget of a German page names the bot in German");
    assertEquals("Ava", widgetName("en"));
    try (ChatClient agent = ChatClient.greetedAgent(node.httpPort(), "acme", "agent-dana", "Dana");
        ChatClient english = ChatClient.connect(node.httpPort(), "acme")) {
      english.startIn("en");
      english.say("c-1", "I want to speak to a person");
      assertTrue(notice(english).startsWith("I've asked a person from our support team to join; you're"));
    }
  }

  /**
   * A customer of {@code tenant} in {@code language} asks for a person while agent Dana is online,
   * and reads {@code queued}; Dana takes the conversation ({@code joined}) and hands it back to Ava
   * ({@code handedBack}).
   */
  private static void assertHandedOverAndBack(String tenant, String language, String request, String queued,
      String joined, String handedBack) {
    try (ChatClient agent = ChatClient.greetedAgent(node.httpPort(), tenant, "agent-dana", "Dana");
        ChatClient customer = ChatClient.connect(node.httpPort(), tenant)) {
      String sessionId = customer.startIn(language);
      customer.say("c-1", request);
      assertEquals(queued, notice(customer));
      takeOver(agent, sessionId);
      assertEquals(joined, notice(customer));
      agent.send(ChatClient.frame("handBack").put("sessionId", sessionId));
      assertEquals(handedBack, notice(customer));
    }
  }

  private static String widgetName(String language) throws Exception {
    HttpResponse<String> widget = TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/widget/config?tenant=acme&language=" + language, null);
    assertEquals(200, widget.statusCode(), widget.body());
    return new ObjectMapper().readTree(widget.body()).get("name").asText();
  }

  private static HttpResponse<String> publish(String tenant, String config) throws Exception {
    return TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=" + tenant,
        "{\"config\": " + config + ", \"message\": \"our wording\"}");
  }

  /** A notice naming the ticket it opened, whose number is between {@code before} and {@code after}. */
  private static void assertAroundTicket(String told, String before, String after) {
    assertTrue(told.startsWith(before), told);
    assertTrue(told.endsWith(after), told);
  }

  private static void takeOver(ChatClient agent, String sessionId) {
    agent.send(ChatClient.frame("take").put("sessionId", sessionId));
    agent.expect("conversation");
  }

  private static String notice(ChatClient customer) {
    return customer.next(f -> ChatClient.isMessage(f, "system"))
        .get("text").asText();
  }
}
