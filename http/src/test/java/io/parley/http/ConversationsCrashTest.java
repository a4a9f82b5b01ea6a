package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static io.parley.http.ChatClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.conversations.RollupInvariant;
import io.parley.persistence.testing.TestPostgres;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node in its own JVM, on PostgreSQL, killed with SIGKILL while customers keep starting,
 * writing in and closing conversations: after a restart the projection catches up, and every
 * session the journal holds has one row whose figures are what the session's journal says (as its
 * recovered view shows it), no event counted twice and none lost, and the analytics' rollups are
 * the sums of those rows (written in the rows' transactions). The kill follows the customers'
 * acks, not a clock, so the class runs beside others.
 */
class ConversationsCrashTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CUSTOMERS = 4;
  @TempDir Path dataDir;

  @Test
  void aNodeKilledDuringLoadLeavesTheReadModelAsTheJournalSays() throws Exception {
    DatabaseSettings database = TestPostgres.newDatabase();
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start(FakeChatCompletionsServer::echo)) {
      Map<String, String> env = NodeProcess.env(dataDir, database, model);
      int port = Integer.parseInt(env.get("PARLEY_HTTP_PORT"));
      // Awaited inside the try, so a node that never gets ready is killed as well.
      NodeProcess node = NodeProcess.start(env);
      try {
        node.awaitReady();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger conversations = new AtomicInteger();
        Set<String> underWay = ConcurrentHashMap.newKeySet();
        List<Thread> customers = new ArrayList<>();
        for (int c = 0; c < CUSTOMERS; c++) {
          Thread customer = new Thread(() -> {
            try {
              while (running.get()) {
                converse(port, underWay);
                conversations.incrementAndGet();
              }
            } catch (Throwable expected) {
              // The node died under this customer.
            }
          });
          customer.start();
          customers.add(customer);
        }
        // Not right after a conversation ends: its customer is then opening the next one, of which
        // the journal holds nothing yet. Customers keep in step, so all of them may be doing that.
        await("conversations done and half the customers mid-conversation").atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(5))
            .until(() -> conversations.get() >= 3 * CUSTOMERS && underWay.size() >= CUSTOMERS / 2);
        node.kill();
        running.set(false);
        for (Thread customer : customers) customer.join(Duration.ofSeconds(30).toMillis());
        assertTrue(conversations.get() >= CUSTOMERS, "the load ran before the kill: " + conversations.get());
        Set<String> cutShort = Set.copyOf(underWay);
        assertFalse(cutShort.isEmpty(), "no conversation was under way at the kill");

        node = NodeProcess.start(env);
        node.awaitReady();
        List<String> sessions = journalSessions(database);
        assertTrue(sessions.containsAll(cutShort), "acked sessions " + cutShort + " missing from the journal " + sessions);
        assertTrue(sessions.size() >= conversations.get() + cutShort.size(),
            sessions.size() + " sessions in the journal for " + conversations.get() + " finished and " + cutShort.size()
                + " cut short");
        for (String session : cutShort) {
          assertFalse(get(port, "/v1/sessions/" + session + "?tenant=acme").hasNonNull("closedAt"),
              session + " was closed, yet its customer never sent the close");
        }
        Map<String, String> differences = await("the rows agreeing with their sessions' journals")
            .atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
            .until(() -> differences(port, sessions), Map::isEmpty);
        assertEquals(Map.of(), differences, "rows that differ from their sessions' journals");
        try (Connection connection = DriverManager.getConnection(database.url(), database.user().orElse(null),
            database.password().orElse(null))) {
          assertEquals(Map.of(), RollupInvariant.differences(connection, "acme"),
              "rollup rows that differ from the sum of their conversations' rows");
        }
      } finally {
        node.kill();
      }
    }
  }

  /**
   * One customer's conversation. It is in {@code underWay} from its first message's ack (the journal
   * then holds it) until just before the close is sent, so one still there at a kill was never closed.
   */
  private static void converse(int port, Set<String> underWay) {
    try (ChatClient customer = ChatClient.connectAs(port, "acme", Optional.of("load-customer"))) {
      String session = customer.startNew();
      JsonNode first = customer.say("c-1", "Where is my order?");
      assertEquals("ack", first.get("type").asText(), first.toString());
      underWay.add(session);
      customer.answerOf("turn-" + first.get("seq").asLong());
      JsonNode second = customer.say("c-2", "Thanks, and the invoice?");
      customer.answerOf("turn-" + second.get("seq").asLong());
      underWay.remove(session);
      customer.send(frame("close").put("reason", "resolved"));
      customer.expect("closed");
    }
  }

  /** The sessions the journal holds, by their wire ids. */
  private static List<String> journalSessions(DatabaseSettings database) throws Exception {
    List<String> sessions = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(database.url(), database.user().orElse(null),
        database.password().orElse(null)); Statement select = connection.createStatement();
        ResultSet rows = select.executeQuery("SELECT DISTINCT persistence_id FROM event_journal "
            + "WHERE persistence_id LIKE 'ChatSession|acme/%'")) {
      while (rows.next()) sessions.add(rows.getString(1).substring("ChatSession|acme/".length()));
    }
    return sessions;
  }

  /** Per session whose row is missing or differs from its recovered view, what differs. */
  private static Map<String, String> differences(int port, List<String> sessions) throws Exception {
    Map<String, JsonNode> rows = new HashMap<>();
    Optional<String> cursor = Optional.empty();
    do {
      JsonNode page = get(port, "/v1/conversations?tenant=acme&limit=200"
          + cursor.map(c -> "&cursor=" + URLEncoder.encode(c, StandardCharsets.UTF_8)).orElse(""));
      page.get("conversations").forEach(row -> rows.put(row.get("sessionId").asText(), row));
      cursor = page.hasNonNull("next") ? Optional.of(page.get("next").asText()) : Optional.empty();
    } while (cursor.isPresent());
    Map<String, String> differences = new HashMap<>();
    int written = 0;
    for (String session : sessions) {
      JsonNode view = get(port, "/v1/sessions/" + session + "?tenant=acme");
      JsonNode row = rows.get(session);
      // A session cut short before its customer's first message is no conversation: never listed.
      if (count(view, "user") == 0) {
        if (row != null) differences.put(session, "listed, though its customer wrote nothing");
        continue;
      }
      written++;
      if (row == null) {
        differences.put(session, "no row");
        continue;
      }
      String expected = figures(count(view, "user"), count(view, "assistant"), view.hasNonNull("closedAt"),
          view.get("usage").get("promptTokens").asLong(), view.get("usage").get("completionTokens").asLong());
      String found = figures(row.get("messages").get("user").asInt(), row.get("messages").get("bot").asInt(),
          row.get("status").asText().equals("closed"), row.get("tokens").get("prompt").asLong(),
          row.get("tokens").get("completion").asLong());
      if (!expected.equals(found)) differences.put(session, "journal " + expected + ", row " + found);
    }
    if (rows.size() != written) differences.put("*", rows.size() + " rows listed for " + written + " sessions the customer wrote in");
    return differences;
  }

  private static String figures(int user, int bot, boolean closed, long prompt, long completion) {
    return "user=" + user + " bot=" + bot + " closed=" + closed + " tokens=" + prompt + "/" + completion;
  }

  private static int count(JsonNode view, String role) {
    int count = 0;
    for (JsonNode message : view.get("messages")) if (message.get("role").asText().equals(role)) count++;
    return count;
  }

  private static JsonNode get(int port, String path) throws Exception {
    HttpResponse<String> response = TestIdentity.asAdmin(port, "GET", path, null);
    assertEquals(200, response.statusCode(), path + ": " + response.body());
    return JSON.readTree(response.body());
  }
}
