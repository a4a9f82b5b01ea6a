package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.testing.LoopbackOutbound;
import io.parley.persistence.testing.TestPostgres;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A tenant's help centre kept current in its knowledge base, on PostgreSQL: a website of 52 pages in
 * two languages read from its sitemap and a Zendesk export, both searchable with their titles and
 * URLs; after the site changes, the next sync asks for every page conditionally, reads only the
 * changed ones again, retires the removed one and keeps the last good version of the one that fails,
 * and a sync whose sitemap fails changes nothing;
 * the path robots.txt disallows and the one the source excludes are never requested.
 */
class KnowledgeSourcesEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PER_LANGUAGE = 26;
  private static HelpCentreSite site;
  private static ParleyNode node;

  @BeforeAll
  static void start() {
    site = new HelpCentreSite(PER_LANGUAGE);
    node = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.empty(), settings()));
  }

  /** The operator lets the node reach loopback, where the site is; sources polled often and paced not at all. */
  static Map<String, Object> settings() {
    Map<String, Object> settings = new HashMap<>();
    settings.put("parley.outbound.allowed-networks", LoopbackOutbound.NETWORKS);
    settings.put("parley.kb.sources.host-interval", "0s");
    settings.put("parley.kb.sources.poll-every", "200ms");
    settings.put("parley.kb.sources.lease", "3s");
    return settings;
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
    if (site != null) site.close();
  }

  @Test
  void aWebsiteAndAZendeskExportAreImportedSearchedAndKeptCurrentByConditionalRequests() throws Exception {
    String website = created(call("POST", "/v1/kb/sources", JSON.createObjectNode().put("kind", "website")
        .put("name", "Gizmo help centre").put("url", site.url("/sitemap.xml")).put("sitemap", true)
        .put("syncEvery", "P1D").set("exclude", JSON.createArrayNode().add("/en/archive/*")).toString()));
    String zendesk = created(call("POST", "/v1/kb/sources", JSON.createObjectNode().put("kind", "zendesk")
        .put("url", site.url("/exports/zendesk.json")).toString()));
    JsonNode firstSync = awaitSynced(website, 1);
    awaitSynced(zendesk, 1);

    Map<String, String> statuses = statuses(website);
    assertEquals(2 * PER_LANGUAGE, statuses.size(), statuses.toString());
    assertTrue(statuses.values().stream().allMatch("imported"::equals), statuses.toString());
    assertEquals(2 * PER_LANGUAGE, firstSync.path("metrics").path("fetched").asLong() - 2, "the pages, robots.txt and sitemap");

    JsonNode english = search("quokka7 widget cleaning", Optional.empty());
    assertEquals(site.url("/en/article-7"), english.path("url").asText(), english.toString());
    assertEquals("Article 7", english.path("title").asText());
    assertTrue(english.path("text").asText().contains("dry cloth"), english.toString());
    assertFalse(english.path("text").asText().contains("banner") || english.path("text").asText().contains("footer")
        || english.path("text").asText().contains("menu"), "the site's header, navigation and footer are left out");
    JsonNode german = search("zebra3 Tuch", Optional.of("de"));
    assertEquals(site.url("/de/artikel-3"), german.path("url").asText(), german.toString());
    JsonNode article = search("platypus returned", Optional.empty());
    assertEquals("https://gizmo.zendesk.com/hc/en-us/articles/3601", article.path("url").asText(), article.toString());
    assertEquals("Platypus returns policy", article.path("title").asText());
    JsonNode exportPages = JSON.readTree(call("GET", "/v1/kb/sources/" + zendesk + "/documents", null).body());
    JsonNode wombat = StreamSupport.stream(exportPages.path("documents").spliterator(), false)
        .filter(page -> page.path("url").asText().endsWith("/3602")).findFirst().orElseThrow();
    assertEquals("de", wombat.path("locale").asText());
    assertEquals("2026-02-11T09:30:00Z", wombat.path("updatedAt").asText());
    assertEquals("Versandkosten für Wombat", wombat.path("title").asText());

    site.change("/en/article-7", "<h2>Caring for model 7</h2><p>The flamingo7 widget is now waterproof: rinse it"
        + " under the tap once a month.</p>");
    site.change("/de/artikel-3", "<h2>Pflege von Modell 3</h2><p>Das Gerät zebra3 ist jetzt wasserdicht.</p>");
    site.remove("/en/article-9");
    site.fail("/en/article-11");
    site.forgetRequests();
    assertEquals(202, call("POST", "/v1/kb/sources/" + website + "/sync", null).statusCode());
    JsonNode secondSync = awaitSynced(website, 2);

    List<HelpCentreSite.Request> pageRequests = site.requests().stream()
        .filter(request -> request.path().startsWith("/en/") || request.path().startsWith("/de/")).toList();
    assertEquals(2 * PER_LANGUAGE - 1, pageRequests.size(), "each page in the sitemap asked once: " + pageRequests);
    assertTrue(pageRequests.stream().allMatch(HelpCentreSite.Request::conditional), "every page asked conditionally");
    assertEquals(2 * PER_LANGUAGE - 4, pageRequests.stream().filter(request -> request.status() == 304).count());
    assertEquals(List.of("/de/artikel-3", "/en/article-7"), pageRequests.stream().filter(request -> request.status() == 200)
        .map(HelpCentreSite.Request::path).sorted().toList(), "only the changed pages were read again");
    assertEquals(2 * PER_LANGUAGE - 4, secondSync.path("metrics").path("notModified").asLong());

    statuses = statuses(website);
    assertEquals("updated", statuses.get(site.url("/en/article-7")));
    assertEquals("updated", statuses.get(site.url("/de/artikel-3")));
    assertEquals("retired", statuses.get(site.url("/en/article-9")));
    assertEquals("failed", statuses.get(site.url("/en/article-11")));
    assertEquals(2 * PER_LANGUAGE - 4, statuses.values().stream().filter("unchanged"::equals).count(), statuses.toString());
    assertEquals(site.url("/en/article-11"), search("quokka11 widget cleaning", Optional.empty()).path("url").asText(),
        "a page that fails keeps its last good version searchable");
    String metrics = TestIdentity.call(node.httpPort(), "GET", "/metrics", null, null).body();
    assertTrue(metrics.contains("parley_kb_source_requests_total{answer=\"not_modified\",source=\"" + website
        + "\",tenant=\"demo\"} " + (2 * PER_LANGUAGE - 4) + ".0"),
        metrics.lines().filter(line -> line.startsWith("parley_kb_source")).toList().toString());

    assertEquals(site.url("/en/article-7"), search("flamingo7 waterproof", Optional.empty()).path("url").asText());
    assertTrue(hits("quokka9 widget").stream().noneMatch(hit -> hit.path("url").asText().equals(site.url("/en/article-9"))),
        "the removed page is no longer found");
    assertTrue(hits("quokka7 widget").stream().filter(hit -> hit.path("url").asText().equals(site.url("/en/article-7")))
        .noneMatch(hit -> hit.path("text").asText().contains("quokka7")), "the changed page's old text is gone");
    String documentId = documentIdOf(website, site.url("/en/article-7"));
    JsonNode versions = JSON.readTree(call("GET", "/v1/kb/documents/" + documentId + "/versions", null).body())
        .path("versions");
    assertEquals(2, versions.size(), versions.toString());
    assertTrue(versions.get(0).path("content").asText().contains("quokka7"), "what the bot knew before the change");
    assertTrue(versions.get(1).path("content").asText().contains("flamingo7"));

    for (String never : List.of(HelpCentreSite.DISALLOWED, HelpCentreSite.EXCLUDED)) {
      assertTrue(site.requests().stream().noneMatch(request -> request.path().equals(never)), never + " was requested");
    }
    assertEquals(404, TestIdentity.call(node.httpPort(), "GET", "/v1/kb/sources/" + website,
        "Bearer " + TestIdentity.adminKey("acme"), null).statusCode(), "another tenant's admin finds no such source");

    // The whole site failing (its sitemap answers 500): the sync changes nothing, every page keeps its last good version.
    site.fail("/sitemap.xml");
    assertEquals(202, call("POST", "/v1/kb/sources/" + website + "/sync", null).statusCode());
    await("the failing sync").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
      JsonNode state = JSON.readTree(call("GET", "/v1/kb/sources/" + website, null).body());
      return state.path("run").asLong() == 3 && !state.path("syncing").asBoolean();
    });
    String outcome = JSON.readTree(call("GET", "/v1/kb/sources/" + website, null).body()).path("lastOutcome").asText();
    assertTrue(outcome.startsWith("failed, every page left as it was: the sitemap " + site.url("/sitemap.xml"))
        && outcome.contains("500"), outcome);
    assertEquals(statuses, statuses(website), "every page as the sync before left it");
    assertEquals(site.url("/en/article-7"), search("flamingo7 waterproof", Optional.empty()).path("url").asText(),
        "still found after the site failed");
  }

  @Test
  void aSiteCrawledFromAStartPageFollowsItsOwnLinksUpToThePageLimit() throws Exception {
    HttpResponse<String> added = call("POST", "/v1/kb/sources?tenant=acme", JSON.createObjectNode().put("kind", "website")
        .put("url", site.url("/de/artikel-1")).put("pageLimit", 5).toString());
    String crawl = created(added);
    await("the crawl of " + crawl).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
        .until(() -> !JSON.readTree(call("GET", "/v1/kb/sources/" + crawl + "?tenant=acme", null).body())
            .path("lastSyncAt").isNull());
    Map<String, String> statuses = new HashMap<>();
    for (JsonNode page : JSON.readTree(call("GET", "/v1/kb/sources/" + crawl + "/documents?tenant=acme", null).body())
        .path("documents")) {
      statuses.put(page.path("url").asText(), page.path("status").asText());
    }
    assertEquals(Map.of(site.url("/de/artikel-1"), "imported", site.url("/en/article-1"), "imported",
        site.url("/de/artikel-2"), "imported", site.url("/en/article-2"), "imported", site.url("/de/artikel-3"), "imported"),
        statuses, "the start page, then the pages its links reach, breadth first (the navigation's link first), five at most");
    assertEquals("5 imported; the page limit of 5 was reached, the pages beyond it left out",
        JSON.readTree(call("GET", "/v1/kb/sources/" + crawl + "?tenant=acme", null).body()).path("lastOutcome").asText(),
        "the limit reached is said");
  }

  @Test
  void aTenantsOwnLimitsLowerTheNodesForItsSourcesAndTheirPages() throws Exception {
    HttpResponse<String> saved = call("PUT", "/v1/config?tenant=initech",
        "{\"config\": {\"limits\": {\"knowledgeSources\": 1, \"knowledgePagesPerSource\": 3}}}");
    assertEquals(200, saved.statusCode(), saved.body());
    HttpResponse<String> tooMany = call("POST", "/v1/kb/sources?tenant=initech", JSON.createObjectNode()
        .put("kind", "website").put("url", site.url("/de/artikel-1")).put("pageLimit", 4).toString());
    assertEquals(400, tooMany.statusCode(), tooMany.body());
    assertTrue(tooMany.body().contains("pageLimit is 4; the limit is 3"), tooMany.body());

    String crawl = created(call("POST", "/v1/kb/sources?tenant=initech", JSON.createObjectNode().put("kind", "website")
        .put("url", site.url("/de/artikel-1")).toString()));
    JsonNode source = JSON.readTree(call("GET", "/v1/kb/sources/" + crawl + "?tenant=initech", null).body());
    assertEquals(3, source.path("pageLimit").asInt(), "a source that gives no page limit gets the tenant's: " + source);
    HttpResponse<String> second = call("POST", "/v1/kb/sources?tenant=initech", JSON.createObjectNode()
        .put("kind", "zendesk").put("url", site.url("/exports/zendesk.json")).toString());
    assertEquals(400, second.statusCode(), second.body());
    assertTrue(second.body().contains("the tenant has its limit of 1 sources"), second.body());
    await("the crawl of " + crawl).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
        .until(() -> !JSON.readTree(call("GET", "/v1/kb/sources/" + crawl + "?tenant=initech", null).body())
            .path("lastSyncAt").isNull());
    assertEquals("3 imported; the page limit of 3 was reached, the pages beyond it left out",
        JSON.readTree(call("GET", "/v1/kb/sources/" + crawl + "?tenant=initech", null).body()).path("lastOutcome").asText());
  }

  private static JsonNode awaitSynced(String source, long run) throws Exception {
    await("sync " + run + " of source " + source).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
        .until(() -> {
          JsonNode state = JSON.readTree(call("GET", "/v1/kb/sources/" + source, null).body());
          return state.path("run").asLong() == run && !state.path("syncing").asBoolean();
        });
    JsonNode state = JSON.readTree(call("GET", "/v1/kb/sources/" + source, null).body());
    assertFalse(state.path("lastOutcome").asText().startsWith("failed"), state.toString());
    return state;
  }

  private static Map<String, String> statuses(String source) throws Exception {
    Map<String, String> statuses = new HashMap<>();
    for (JsonNode page : JSON.readTree(call("GET", "/v1/kb/sources/" + source + "/documents", null).body()).path("documents")) {
      statuses.put(page.path("url").asText(), page.path("status").asText());
    }
    return statuses;
  }

  private static String documentIdOf(String source, String url) throws Exception {
    for (JsonNode page : JSON.readTree(call("GET", "/v1/kb/sources/" + source + "/documents", null).body()).path("documents")) {
      if (page.path("url").asText().equals(url)) return page.path("documentId").asText();
    }
    throw new AssertionError("no page " + url);
  }

  private static JsonNode search(String query, Optional<String> language) throws Exception {
    HttpResponse<String> found = call("GET", "/v1/kb/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
        + language.map(tag -> "&language=" + tag).orElse(""), null);
    assertEquals(200, found.statusCode(), found.body());
    JsonNode results = JSON.readTree(found.body()).path("results");
    assertFalse(results.isEmpty(), "nothing found for " + query);
    return results.get(0);
  }

  private static List<JsonNode> hits(String query) throws Exception {
    HttpResponse<String> found = call("GET", "/v1/kb/search?limit=20&q=" + URLEncoder.encode(query, StandardCharsets.UTF_8), null);
    assertEquals(200, found.statusCode(), found.body());
    List<JsonNode> hits = new ArrayList<>();
    JSON.readTree(found.body()).path("results").forEach(hits::add);
    return hits;
  }

  private static String created(HttpResponse<String> response) throws Exception {
    assertEquals(201, response.statusCode(), response.body());
    return JSON.readTree(response.body()).path("id").asText();
  }

  private static HttpResponse<String> call(String method, String path, String body) throws Exception {
    return TestIdentity.asAdmin(node.httpPort(), method, path, body);
  }
}
