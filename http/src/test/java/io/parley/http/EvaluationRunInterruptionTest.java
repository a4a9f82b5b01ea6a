package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.testing.TestPostgres;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A node that stops in the middle of an evaluation run marks the run {@code interrupted} as it
 * shuts down, and the next node on the database shows it so: a run is never left {@code running}.
 */
class EvaluationRunInterruptionTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aRunCutShortByItsNodesStopIsInterruptedForTheNextNode() throws Exception {
    DatabaseSettings database = TestPostgres.newDatabase();
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start()) {
      // The case's turn waits on a model that does not answer: the run is under way when the node stops.
      model.enqueue(Reply.answer("Too late.").delayingHeaders(Duration.ofMinutes(5)));
      String runId;
      try (ParleyNode first = ParleyNode.start(TestNode.config(database, Optional.of(model.baseUrl()), Map.of()))) {
        HttpResponse<String> created = TestIdentity.asAdmin(first.httpPort(), "POST", "/v1/evaluations/cases?tenant=acme",
            "{\"name\": \"hello\", \"messages\": [\"Hello\"], \"expect\": [{\"handoff\": false}]}");
        assertEquals(201, created.statusCode(), created.body());
        HttpResponse<String> started = TestIdentity.asAdmin(first.httpPort(), "POST", "/v1/evaluations/runs?tenant=acme",
            "{\"config\": \"live\"}");
        assertEquals(202, started.statusCode(), started.body());
        runId = JSON.readTree(started.body()).get("runId").asText();
        await("the case's model call").atMost(Duration.ofSeconds(30)).until(() -> model.requestCount() > 0);
        assertEquals("running", status(database, runId));
      }
      assertEquals("interrupted", status(database, runId), "marked as the node stopped");
      try (ParleyNode next = ParleyNode.start(TestNode.config(database, Optional.of(model.baseUrl()), Map.of()))) {
        JsonNode run = JSON.readTree(TestIdentity.asAdmin(next.httpPort(), "GET",
            "/v1/evaluations/runs/" + runId + "?tenant=acme", null).body());
        assertEquals("interrupted", run.get("status").asText(), run.toString());
        assertEquals(0, run.get("done").asInt(), "no case finished: " + run);
      }
    }
  }

  private static String status(DatabaseSettings database, String runId) throws Exception {
    try (Connection connection = DriverManager.getConnection(database.url(), database.user().orElse(null),
        database.password().orElse(null));
        PreparedStatement select = connection.prepareStatement("SELECT status FROM evaluation_run WHERE run_id = ?")) {
      select.setString(1, runId);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getString(1);
      }
    }
  }
}
