package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.testing.TestPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A node killed (SIGKILL, its own JVM) in the middle of a source's sync: the next node on the database
 * claims the sync once the killed node's lease has lapsed, resumes it where it was (the pages done before the stop
 * are not asked for again) and leaves one document per page, none twice.
 */
class KnowledgeSourceCrashResumeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PER_LANGUAGE = 10;

  @Test
  void aSyncCutShortByKillingItsNodeIsResumedByTheNextWithoutDuplicates() throws Exception {
    DatabaseSettings database = TestPostgres.newDatabase();
    try (HelpCentreSite site = new HelpCentreSite(PER_LANGUAGE)) {
      List<String> pages = site.pagePaths();
      String heldPage = pages.get(PER_LANGUAGE);
      site.hold(heldPage);
      String source;
      try (NodeProcess first = NodeProcess.start(killedNodeEnv(database)).awaitReady()) {
        HttpResponse<String> created = TestIdentity.asAdmin(first.port, "POST", "/v1/kb/sources",
            JSON.createObjectNode().put("kind", "website").put("url", site.url("/sitemap.xml")).put("sitemap", true)
                .set("exclude", JSON.createArrayNode().add("/en/archive/*")).toString());
        assertEquals(201, created.statusCode(), created.body());
        source = JSON.readTree(created.body()).path("id").asText();
        assertTrue(site.awaitHeld(120), "the sync reached " + heldPage);
        assertEquals(PER_LANGUAGE, pagesOf(first.port, source).size(), "the pages before the held one are stored");
        first.kill();
      }
      site.release();

      ParleyNode second = ParleyNode.start(TestNode.config(database, Optional.empty(), KnowledgeSourcesEndToEndTest.settings()));
      try {
        await("the sync resumed and finished").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
            .until(() -> {
              JsonNode state = JSON.readTree(TestIdentity.asAdmin(second.httpPort(), "GET", "/v1/kb/sources/" + source, null)
                  .body());
              return !state.path("syncing").asBoolean() && state.has("lastSyncAt") && !state.path("lastSyncAt").isNull();
            });
        JsonNode state = JSON.readTree(TestIdentity.asAdmin(second.httpPort(), "GET", "/v1/kb/sources/" + source, null).body());
        assertEquals(1, state.path("run").asLong(), "the first run resumed, not a second one: " + state);

        List<JsonNode> stored = pagesOf(second.httpPort(), source);
        assertEquals(2 * PER_LANGUAGE, stored.size());
        assertTrue(stored.stream().allMatch(page -> page.path("status").asText().equals("imported")), stored.toString());
        JsonNode documents = JSON.readTree(TestIdentity.asAdmin(second.httpPort(), "GET", "/v1/kb/documents", null).body())
            .path("documents");
        List<String> sources = new ArrayList<>();
        documents.forEach(document -> sources.add(document.path("source").asText()));
        Map<String, Long> copies = sources.stream().filter(url -> url.startsWith(site.url("/")))
            .collect(Collectors.groupingBy(url -> url, Collectors.counting()));
        assertEquals(2 * PER_LANGUAGE, copies.size(), copies.toString());
        assertTrue(copies.values().stream().allMatch(count -> count == 1), "a document per page, none twice: " + copies);

        for (String page : pages.subList(0, PER_LANGUAGE)) {
          assertEquals(1, site.requests().stream().filter(request -> request.path().equals(page)).count(),
              page + " was done before the stop and not asked for again");
        }
      } finally {
        second.close();
      }
    }
  }

  /**
   * The environment of the node killed mid-sync, as an operator would set it: {@code database}, loopback
   * sites allowed, a sync's pages without a pause between them, due sources looked for often, a short lease.
   */
  private static Map<String, String> killedNodeEnv(DatabaseSettings database) throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("PARLEY_HTTP_PORT", Integer.toString(NodeProcess.freePort()),
        "PARLEY_DATA_DIR", Files.createTempDirectory("parley-killed-node").toString(), "PARLEY_DB_URL", database.url(),
        "PARLEY_KB_SOURCES_HOST_INTERVAL", "0s", "PARLEY_KB_SOURCES_POLL_EVERY", "200ms", "PARLEY_KB_SOURCES_LEASE", "3s"));
    database.user().ifPresent(user -> env.put("PARLEY_DB_USER", user));
    database.password().ifPresent(password -> env.put("PARLEY_DB_PASSWORD", password));
    return env;
  }

  private static List<JsonNode> pagesOf(int port, String source) throws Exception {
    List<JsonNode> pages = new ArrayList<>();
    JSON.readTree(TestIdentity.asAdmin(port, "GET", "/v1/kb/sources/" + source + "/documents", null).body())
        .path("documents").forEach(pages::add);
    return pages;
  }
}
