package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.RecordedRequest;
import io.parley.persistence.testing.TestPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node process killed with SIGKILL in the middle of an evaluation run (its case waiting on the
 * model) gets no chance to mark anything; restarted at the same cluster address on the same
 * database, it marks the run it left behind {@code interrupted} as it starts, so the run is never
 * left {@code running}, and the cases it finished are kept.
 */
@KillsNodes
class EvaluationRunKillTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dataDir;

  @Test
  void aRunWhoseNodeWasKilledIsInterruptedOnceTheNodeIsBackWithTheCaseItFinished() throws Exception {
    CountDownLatch parcelAnswered = new CountDownLatch(1);
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start(request -> answer(request, parcelAnswered))) {
      try {
        Map<String, String> env = new HashMap<>(NodeProcess.env(dataDir, TestPostgres.newDatabase(), model));
        env.put("PARLEY_CLUSTER_PORT", Integer.toString(NodeProcess.freePort()));
        String runId;
        try (NodeProcess node = NodeProcess.start(env).awaitReady()) {
          String hello = create(node.port, "{\"name\": \"hello\", \"messages\": [\"Hello\"], \"expect\": [{\"handoff\": false}]}");
          String parcel = create(node.port, "{\"name\": \"parcel\", \"messages\": [\"Where is my parcel?\"],"
              + " \"expect\": [{\"handoff\": false}]}");
          runId = start(node.port, "[\"" + hello + "\", \"" + parcel + "\"]");
          // The parcel case waits on a model that does not answer: the run is under way when the node dies.
          await("the hello case done, the parcel case asking the model").atMost(Duration.ofSeconds(60)).until(() ->
              run(node.port, runId).get("done").asInt() == 1
                  && model.requests().stream().anyMatch(r -> r.lastUserMessage().contains("parcel")));
          assertEquals("running", run(node.port, runId).get("status").asText());
          node.kill();
        }
        try (NodeProcess node = NodeProcess.start(env).awaitReady()) {
          JsonNode run = run(node.port, runId);
          assertEquals("interrupted", run.get("status").asText(), "marked as the node came back: " + run);
          assertEquals(1, run.get("done").asInt(), run.toString());
          assertEquals("hello", run.get("cases").get(0).get("name").asText(), "the finished case is kept: " + run);
          assertEquals("pass", run.get("cases").get(0).get("verdict").asText(), run.toString());
        }
      } finally {
        parcelAnswered.countDown();
      }
    }
  }

  /** The bot's model: it answers at once, except the parcel question, which it holds until the test ends. */
  private static String answer(RecordedRequest request, CountDownLatch parcelAnswered) {
    if (request.lastUserMessage().contains("parcel")) {
      try {
        parcelAnswered.await(5, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return "Hello! How can I help?";
  }

  private static String create(int port, String document) throws Exception {
    HttpResponse<String> created = TestIdentity.asAdmin(port, "POST", "/v1/evaluations/cases?tenant=acme", document);
    assertEquals(201, created.statusCode(), created.body());
    return JSON.readTree(created.body()).get("caseId").asText();
  }

  private static String start(int port, String cases) throws Exception {
    HttpResponse<String> started = TestIdentity.asAdmin(port, "POST", "/v1/evaluations/runs?tenant=acme",
        "{\"config\": \"live\", \"cases\": " + cases + "}");
    assertEquals(202, started.statusCode(), started.body());
    return JSON.readTree(started.body()).get("runId").asText();
  }

  private static JsonNode run(int port, String runId) throws Exception {
    HttpResponse<String> run = TestIdentity.asAdmin(port, "GET", "/v1/evaluations/runs/" + runId + "?tenant=acme", null);
    assertEquals(200, run.statusCode(), run.body());
    return JSON.readTree(run.body());
  }
}
