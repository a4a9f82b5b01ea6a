package io.parley.http;

import static io.parley.http.ChatClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.search.SearchStems;
import io.parley.core.search.SearchWords;
import io.parley.core.testing.Awaiting;
import io.parley.persistence.DatabaseSettings;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Conversation search over real sockets on PostgreSQL: customers of two tenants, the bot and an
 * agent say words; each tenant's staff find their own conversations by any of those words (all of
 * several, case and accents folded), with the other filters and signed cursors; a user's erasure
 * takes their conversation out of the results at once; and the index table holds no word. In a
 * conversation's language the words are found by their other forms too ("Rechnung" finds "Rechnungen").
 */
class ConversationSearchEndToEndTest {
  private static final String ANSWER = "Our zephyr couriers bring lamps on Tuesdays";
  private static final Duration PROJECTION_WAIT = Duration.ofSeconds(60);

  @RegisterExtension
  static final RunningNode node = RunningNode.withModel(() -> FakeChatCompletionsServer.start(request -> ANSWER));

  @Test
  void staffFindTheirOwnConversationsByTheWordsSaidInThem() throws Exception {
    String ada = "ada-" + UUID.randomUUID();
    String adaSaid = "My brass lamp flickers, write to ada.lovelace@example.com";
    String lamp = converse("acme", Optional.of(ada), adaSaid);
    String kettle = converse("acme", Optional.empty(), "The brass kettle leaks");
    String vase = converseWithAnAgent("acme", "The warranty covers Périgord vases");
    String foreign = converse("globex", Optional.empty(), "My brass lamp flickers too");

    assertEquals(Set.of(lamp, kettle), Set.copyOf(await("acme", "brass", 2)));
    assertEquals(List.of(vase), await("acme", "perigord", 1), "an agent's words, accents folded");
    assertEquals(List.of(foreign), await("globex", "brass", 1), "another tenant's staff find only theirs");
    assertEquals(List.of(), ids(search("globex", "kettle")));

    assertEquals(List.of(lamp), ids(search("acme", "Brass LAMP")), "every word must occur");
    assertEquals(List.of(), ids(search("acme", "lamp kettle")));
    assertEquals(List.of(vase), ids(search("acme", "PÉRIGORD")));
    assertTrue(ids(search("acme", "Zephyr")).containsAll(List.of(lamp, kettle)), "the bot's words count");
    assertEquals(List.of(), ids(search("acme", "example")), "no part of an e-mail address is a word");

    // With the other filters and the cursor, which is bound to the words searched for.
    assertEquals(List.of(lamp), ids(list("acme", "q=brass&userId=" + ada)));
    assertEquals(List.of(kettle, lamp), ids(list("acme", "q=brass&sort=newest")));
    JsonNode first = list("acme", "q=brass&limit=1");
    assertEquals(List.of(kettle), ids(first));
    String cursor = first.get("next").asText();
    assertEquals(List.of(lamp), ids(list("acme", "q=brass&limit=1&cursor=" + cursor)));
    assertBadRequest("q=lamp&limit=1&cursor=" + cursor, "cursor must be");
    assertBadRequest("limit=1&cursor=" + cursor, "cursor must be");

    assertBadRequest("q=", "q must hold a word");
    assertBadRequest("q=" + encoded("  ?! "), "q must hold a word");
    assertBadRequest("q=" + encoded("ada.lovelace@example.com"), "q must hold a word");
    assertBadRequest("q=" + "a".repeat(201), "q must be at most 200 characters");
    assertBadRequest("q=" + encoded("one two three four five six seven eight nine"), "q must hold at most 8");

    // The index: terms only, keyed per tenant, one a distinct word.
    DatabaseSettings database = node.database();
    try (Connection connection = DriverManager.getConnection(database.url(), database.user().orElse(null),
        database.password().orElse(null))) {
      // The session ids left out: a UUID's hex digits spell "ada" now and then.
      List<String> rows = new ArrayList<>();
      try (ResultSet all = connection.createStatement().executeQuery(
          "SELECT tenant, CAST(term AS VARCHAR(32)) FROM conversation_term")) {
        while (all.next()) rows.add(all.getString(1) + " " + all.getString(2));
      }
      String table = String.join("\n", rows);
      for (String word : List.of("brass", "lamp", "kettle", "perigord", "zephyr", "ada", "lovelace")) {
        assertFalse(table.toLowerCase().contains(word), "no plaintext word in the index: " + word);
      }
      Set<String> words = Stream.concat(SearchWords.of(adaSaid).stream(), SearchWords.of(ANSWER).stream())
          .collect(Collectors.toSet());
      // A conversation whose language was detected from the customer's words also holds their stems.
      Optional<String> language = SearchStems.of(Optional.ofNullable(row(search("acme", "flickers"), lamp).get("language"))
          .filter(JsonNode::isTextual).map(JsonNode::asText));
      Set<String> forms = new HashSet<>(words);
      language.ifPresent(stemming -> forms.addAll(SearchStems.stems(List.copyOf(words), stemming)));
      Set<Long> lampTerms = terms(connection, "acme", lamp);
      assertEquals(forms.size(), lampTerms.size(), "one term a distinct word (or stem) of the customer's and the bot's");
      Set<Long> shared = new HashSet<>(lampTerms);
      shared.retainAll(terms(connection, "globex", foreign));
      assertEquals(Set.of(), shared, "the same words are other terms in another tenant");

      HttpResponse<String> erased = TestIdentity.asAdmin(node.httpPort(), "DELETE", "/v1/users/" + ada + "?tenant=acme", null);
      assertEquals(200, erased.statusCode(), erased.body());
      assertEquals(List.of(kettle), ids(search("acme", "brass")), "an erased user's conversation is gone at once");
      assertEquals(Set.of(), terms(connection, "acme", lamp), "and its terms with it");
    }
  }

  @Test
  void inItsLanguageAConversationIsFoundByAnyFormOfItsWordsWithoutAccentsOrCase() throws Exception {
    String german = converseIn("de", "Ich warte seit Wochen auf die Rückerstattung für zwei Rechnungen");
    String french = converseIn("fr", "Je voudrais modifier ma réservation pour deux personnes");
    String spanish = converseIn("es", "Necesito una copia de las facturas de mi reservación");

    assertEquals(List.of(german), await("acme", "RUCKERSTATTUNG", 1), "accents and case folded");
    assertEquals(List.of(german), ids(search("acme", "Rechnung")), "another form of a German word");
    assertEquals(List.of(french), await("acme", "Réservations", 1), "another form of a French word");
    assertEquals(List.of(spanish), await("acme", "factura reservaciones", 1), "other forms of Spanish words");
    assertEquals(List.of(german), ids(search("acme", "rechnungen")), "the word as said still matches");
    assertEquals(List.of(french), ids(list("acme", "sort=oldest&language=fr&q=" + encoded("reservations"))),
        "searched in one language");
    assertEquals(List.of(), ids(search("acme", "Rechnungswesen")), "a longer word is another word");
  }

  /** Arabic attaches the article and conjunctions to the word: "الطلبات" (the orders) is found by "طلب" (order). */
  @Test
  void anArabicConversationIsFoundByTheWordWithoutItsArticleAndEnding() throws Exception {
    String arabic = converseIn("ar", "لم تصل الطلبات والفاتورة حتى الآن");
    assertEquals(List.of(arabic), await("acme", "طلب", 1), "without the article and the plural ending");
    assertEquals(List.of(arabic), ids(search("acme", "فاتورة")), "without the conjunction and the article");
    assertEquals(List.of(arabic), ids(list("acme", "sort=oldest&language=ar&q=" + encoded("بالطلب"))),
        "searched in Arabic, with another prefix");
  }

  /** A conversation in {@code language} (the page's): the customer says {@code said}, the bot answers; its session id. */
  private static String converseIn(String language, String said) {
    return ConversationsEndToEndTest.converse(node.httpPort(), "acme", Optional.empty(),
        Optional.of(JsonNodeFactory.instance.objectNode().put("language", language)), List.of(said));
  }

  private static JsonNode row(JsonNode page, String sessionId) {
    for (JsonNode conversation : page.get("conversations")) {
      if (conversation.get("sessionId").asText().equals(sessionId)) return conversation;
    }
    throw new AssertionError("no conversation " + sessionId + " in " + page);
  }

  /** A conversation: the customer says {@code said}, the bot answers, the customer closes; its session id. */
  private static String converse(String tenant, Optional<String> user, String said) {
    return ConversationsEndToEndTest.converse(node.httpPort(), tenant, user, List.of(said));
  }

  /** A customer who asks for a person, and an agent who takes over and says {@code said}; the session id. */
  private static String converseWithAnAgent(String tenant, String said) {
    try (ChatClient agent = ChatClient.agent(node.httpPort(), tenant, "agent-dana", "Dana");
        ChatClient customer = ChatClient.connectAs(node.httpPort(), tenant, Optional.empty())) {
      agent.expect("hello");
      String sessionId = customer.startNew();
      customer.say("c-1", "Can I talk to a human please?");
      assertEquals("waiting_for_agent", customer.expect("handoff").get("status").asText());
      agent.send(frame("take").put("sessionId", sessionId));
      agent.expect("conversation");
      agent.send(frame("reply").put("sessionId", sessionId).put("clientMsgId", "a-1").put("text", said));
      agent.expect("ack");
      customer.next(f -> ChatClient.isMessage(f, "agent"));
      customer.send(frame("close").put("reason", "resolved"));
      customer.expect("closed");
      return sessionId;
    }
  }

  /** The tenant's conversations holding {@code words}, once there are {@code count} (the projection folds a little later). */
  private static List<String> await(String tenant, String words, int count) throws Exception {
    return Awaiting.await(count + " conversations of " + tenant + " holding " + words).atMost(PROJECTION_WAIT)
        .pollInterval(Duration.ofMillis(200)).until(() -> ids(search(tenant, words)), found -> found.size() >= count);
  }

  private static JsonNode search(String tenant, String words) throws Exception {
    return list(tenant, "sort=oldest&q=" + encoded(words));
  }

  private static JsonNode list(String tenant, String query) throws Exception {
    return ConversationsEndToEndTest.list(node.httpPort(), tenant, query);
  }

  private static void assertBadRequest(String query, String message) throws Exception {
    HttpResponse<String> response = TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/conversations?tenant=acme&" + query, null);
    assertEquals(400, response.statusCode(), response.body());
    assertTrue(response.body().contains(message), response.body());
  }

  private static Set<Long> terms(Connection connection, String tenant, String sessionId) throws Exception {
    Set<Long> terms = new HashSet<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT term FROM conversation_term WHERE tenant = ? AND session_id = ?")) {
      select.setString(1, tenant);
      select.setString(2, sessionId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) terms.add(rows.getLong(1));
      }
    }
    return terms;
  }

  private static List<String> ids(JsonNode page) {
    return ConversationsEndToEndTest.ids(page);
  }

  private static String encoded(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
