package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.testing.TestPostgres;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A node stopped in the middle of a source's sync: the next node on the database claims the sync
 * once the stopped node's lease has lapsed, resumes it where it was (the pages done before the stop
 * are not asked for again) and leaves one document per page, none twice.
 */
class KnowledgeSourceCrashResumeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PER_LANGUAGE = 10;

  @Test
  void aSyncCutShortByItsNodeStoppingIsResumedByTheNextWithoutDuplicates() throws Exception {
    DatabaseSettings database = TestPostgres.newDatabase();
    try (HelpCentreSite site = new HelpCentreSite(PER_LANGUAGE)) {
      List<String> pages = site.pagePaths();
      String heldPage = pages.get(PER_LANGUAGE);
      site.hold(heldPage);
      String source;
      ParleyNode first = ParleyNode.start(TestNode.config(database, Optional.empty(), KnowledgeSourcesEndToEndTest.settings()));
      try {
        HttpResponse<String> created = TestIdentity.asAdmin(first.httpPort(), "POST", "/v1/kb/sources",
            JSON.createObjectNode().put("kind", "website").put("url", site.url("/sitemap.xml")).put("sitemap", true)
                .set("exclude", JSON.createArrayNode().add("/en/archive/*")).toString());
        assertEquals(201, created.statusCode(), created.body());
        source = JSON.readTree(created.body()).path("id").asText();
        assertTrue(site.awaitHeld(120), "the sync reached " + heldPage);
        assertEquals(PER_LANGUAGE, pagesOf(first, source).size(), "the pages before the held one are stored");
      } finally {
        first.close();
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

        List<JsonNode> stored = pagesOf(second, source);
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

  private static List<JsonNode> pagesOf(ParleyNode node, String source) throws Exception {
    List<JsonNode> pages = new ArrayList<>();
    JSON.readTree(TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/kb/sources/" + source + "/documents", null).body())
        .path("documents").forEach(pages::add);
    return pages;
  }
}
