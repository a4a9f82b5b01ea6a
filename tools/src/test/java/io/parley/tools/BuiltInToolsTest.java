package io.parley.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.parley.core.config.InvalidSettingException;
import io.parley.core.language.LanguageDetection;
import io.parley.core.llm.ToolCall;
import io.parley.persistence.Database;
import io.parley.persistence.PersistenceException;
import io.parley.persistence.embedding.MiniLmEmbeddingModel;
import io.parley.persistence.testing.TestH2;
import io.parley.tools.kb.SampleKnowledgeBase;
import io.parley.tools.tickets.AssigneeFilter;
import io.parley.tools.tickets.TicketPriority;
import io.parley.tools.tickets.TicketStatus;
import io.parley.tools.tickets.TicketUpdate;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three tools as the turn loop uses them: validate through the registry, then run, over real stores on H2. */
class BuiltInToolsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MiniLmEmbeddingModel MODEL = new MiniLmEmbeddingModel().load();

  @TempDir Path dataDir;
  private Database database;
  private BuiltInTools tools;
  private ExecutorService background;

  @BeforeEach
  void start() {
    database = Database.open(TestH2.migratedIn(dataDir));
    database.migrate();
    // As a node starts them: the sample articles load on another thread, and the first search
    // (kbSearchAnswersFromTheTenantsArticles) comes at once and must still find them.
    background = Executors.newSingleThreadExecutor();
    tools = BuiltInTools.start(database.dataSource(), MODEL, LanguageDetection.off(), new ToolSettings(Optional.of("demo"), List.of(), ResultLimit.standard()), background);
  }

  @AfterEach
  void closeDatabase() throws InterruptedException {
    background.shutdown();
    assertTrue(background.awaitTermination(30, TimeUnit.SECONDS));
    database.close();
  }

  private ToolResult call(String tenant, String toolCallId, String name, String arguments) {
    Validation validation = tools.registry().validate(new ToolCall(toolCallId, name, arguments));
    Validation.Valid valid = assertInstanceOf(Validation.Valid.class, validation, validation.toString());
    return valid.tool().run(new ToolInvocation(tenant, "session-7", "turn-3", toolCallId, valid.arguments()));
  }

  @Test
  void kbSearchAnswersFromTheTenantsArticles() throws Exception {
    ToolResult result = call("demo", "call_1", "kb_search", "{\"query\":\"how long do refunds take\",\"limit\":2}");

    JsonNode content = JSON.readTree(result.content());
    assertEquals("how long do refunds take", content.get("query").asText());
    assertEquals(2, content.get("results").size());
    JsonNode first = content.get("results").get(0);
    assertEquals("Returns and refunds", first.get("title").asText());
    assertTrue(first.get("text").asText().contains("5 business days"), first.toString());
    assertTrue(first.get("score").asDouble() > 0 && first.get("score").asDouble() <= 1);
    assertEquals("sample:returns-and-refunds.md", first.get("source").asText());
    assertTrue(result.summary().matches("Found [12] articles?"), result.summary());

    ToolResult elsewhere = call("acme", "call_2", "kb_search", "{\"query\":\"how long do refunds take\"}");
    assertEquals(0, JSON.readTree(elsewhere.content()).get("results").size(), "the samples are the demo tenant's only");
    assertEquals("No articles found", elsewhere.summary());
    assertTrue(tools.registry().find("kb_search").orElseThrow().definition().idempotent());
  }

  @Test
  void createTicketIsIdempotentOnTheCallsKey() throws Exception {
    String arguments = "{\"subject\":\"Order 1042 arrived damaged\",\"description\":\"The lid of the kettle is"
        + " cracked; the customer wants a replacement.\",\"priority\":\"high\"}";

    ToolResult created = call("demo", "call_9", "create_ticket", arguments);
    ToolResult retried = call("demo", "call_9", "create_ticket", arguments);

    assertEquals("Created T-1001", created.summary());
    assertEquals(created, retried, "a retry of the same call returns the same ticket");
    JsonNode ticket = JSON.readTree(created.content());
    assertEquals("T-1001", ticket.get("ticket_id").asText());
    assertEquals("open", ticket.get("status").asText());
    assertEquals("high", ticket.get("priority").asText());
    assertEquals("within 4 hours", ticket.get("expected_response").asText());
    assertEquals(1, tools.tickets().list("demo", Optional.empty(), new AssigneeFilter.Anyone(), 10).size());
    assertEquals(Optional.of("session-7"), tools.tickets().find("demo", 1001).orElseThrow().sessionId());

    assertEquals("Created T-1002", call("demo", "call_10", "create_ticket", arguments).summary(), "another call");
    assertFalse(tools.registry().find("create_ticket").orElseThrow().definition().idempotent());
  }

  @Test
  void fetchStatusReportsTheTicketAndItsResponseTarget() throws Exception {
    call("demo", "call_1", "create_ticket", "{\"subject\":\"Cannot sign in\",\"description\":\"The reset email never"
        + " arrives.\",\"priority\":\"normal\"}");
    tools.tickets().update("demo", 1001, new TicketUpdate(Optional.of(TicketStatus.PENDING), Optional.empty(),
        Optional.of("Waiting for the customer to confirm their address")));

    ToolResult status = call("demo", "call_2", "fetch_status", "{\"ticket_id\":\"t-1001\"}");

    assertEquals("T-1001 is pending", status.summary());
    JsonNode content = JSON.readTree(status.content());
    assertEquals("T-1001", content.get("ticket_id").asText());
    assertEquals("pending", content.get("status").asText());
    assertEquals("normal", content.get("priority").asText());
    assertEquals("Cannot sign in", content.get("subject").asText());
    assertEquals("within 1 business day", content.get("expected_response").asText());
    assertEquals("Waiting for the customer to confirm their address", content.get("last_note").asText());
    assertTrue(content.has("updated_at"));

    ToolFailure missing = assertThrows(ToolFailure.class, () -> call("demo", "call_3", "fetch_status", "{\"ticket_id\":\"1999\"}"));
    assertEquals("There is no ticket T-1999. Check the number with the customer.", missing.getMessage());
    assertFalse(missing.transientFailure());
    assertThrows(ToolFailure.class, () -> call("globex", "call_4", "fetch_status", "{\"ticket_id\":\"T-1001\"}"),
        "another tenant's ticket is not found");
  }

  @Test
  void onlyTransientDatabaseFailuresAreRetried() {
    assertTrue(DatabaseFailures.isTransient(new PersistenceException("x", new SQLTransientConnectionException("pool timeout"))));
    assertTrue(DatabaseFailures.isTransient(new PersistenceException("x", new SQLException("gone", "08006"))));
    assertTrue(DatabaseFailures.isTransient(new PersistenceException("x", new SQLException("deadlock", "40P01"))));
    assertTrue(DatabaseFailures.isTransient(new PersistenceException("x", new SQLException("lock timeout", "HYT00"))));
    assertFalse(DatabaseFailures.isTransient(new PersistenceException("x", new SQLException("duplicate", "23505"))));
    assertFalse(DatabaseFailures.isTransient(new PersistenceException("x", new SQLException("syntax", "42601"))));
    assertFalse(DatabaseFailures.isTransient(new IllegalStateException("bug")));

    database.close();
    ToolFailure failure = assertThrows(ToolFailure.class, () -> call("demo", "call_1", "kb_search", "{\"query\":\"refund\"}"));
    assertTrue(failure.getMessage().startsWith("The knowledge base cannot be searched right now"), failure.getMessage());
    assertInstanceOf(PersistenceException.class, failure.getCause());
    assertTrue(assertThrows(ToolFailure.class, () -> call("demo", "call_2", "fetch_status", "{\"ticket_id\":\"T-1001\"}"))
        .getMessage().startsWith("Tickets cannot be looked up right now"));
    assertTrue(assertThrows(ToolFailure.class, () -> call("demo", "call_3", "create_ticket", "{\"subject\":\"Broken lamp\","
        + "\"description\":\"It arrived in pieces.\",\"priority\":\"low\"}"))
        .getMessage().startsWith("The ticket could not be created right now"));
    for (Tool tool : tools.registry().tools()) {
      ToolDefinition definition = tool.definition();
      assertEquals(StoreTool.TIMEOUT, definition.timeout());
      assertEquals(3, definition.maxAttempts());
    }
  }

  @Test
  void theResponseTimesArticleStatesTheTargetsTicketsPromise() {
    String article = readSample("response-times-and-escalation.md");
    for (TicketPriority priority : TicketPriority.values()) {
      String name = priority.wireName().substring(0, 1).toUpperCase() + priority.wireName().substring(1);
      assertTrue(article.matches("(?s).*\\| " + name + " \\|[^\\n]*\\| " + priority.responseTarget() + " \\|.*"),
          name + " within " + priority.responseTarget());
    }
  }

  @Test
  void theSampleTenantIsASetting() {
    assertEquals(Optional.of("demo"), ToolSettings.create(ConfigFactory.load()).sampleKnowledgeBaseTenant());
    assertEquals(Optional.empty(), ToolSettings.create(ConfigFactory.parseMap(Map.of("parley.tools.kb.sample-tenant", ""))
        .withFallback(ConfigFactory.load())).sampleKnowledgeBaseTenant());
    InvalidSettingException bad = assertThrows(InvalidSettingException.class, () -> ToolSettings.create(
        ConfigFactory.parseMap(Map.of("parley.tools.kb.sample-tenant", "Not A Tenant")).withFallback(ConfigFactory.load())));
    assertTrue(bad.getMessage().contains("PARLEY_KB_SAMPLE_TENANT"), bad.getMessage());
  }

  private static String readSample(String file) {
    try (var in = SampleKnowledgeBase.class.getClassLoader().getResourceAsStream("kb/sample/" + file)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
