package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The knowledge-base and ticket endpoints over real HTTP, against a node on PostgreSQL. */
class ToolsRestApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @RegisterExtension
  static final RunningNode node = RunningNode.offline();

  @Test
  void knowledgeBaseDocumentsCanBeAddedSearchedListedAndDeleted() throws Exception {
    HttpResponse<String> added = call("POST", "/v1/kb/documents?tenant=acme", document("Gift cards",
        "# Gift cards\n\nGift cards are valid for **two years** and cannot be exchanged for cash.\n\n"
            + "## Lost cards\n\nA lost gift card can be blocked and replaced if you still have the receipt.", "markdown"),
        Map.of());
    assertEquals(201, added.statusCode(), added.body());
    JsonNode created = JSON.readTree(added.body());
    String id = created.get("id").asText();
    assertEquals("markdown", created.get("format").asText());
    assertEquals(1, created.get("chunks").asInt());
    assertTrue(added.headers().firstValue("Location").orElseThrow().contains("/v1/kb/documents/" + id));
    String html = call("POST", "/v1/kb/documents?tenant=acme", document("Store locations",
        "<h1>Stores</h1><p>Our Rotterdam store is open daily from 9 to 18.</p>", "html"), Map.of()).body();
    assertEquals("html", JSON.readTree(html).get("format").asText());

    JsonNode listed = JSON.readTree(call("GET", "/v1/kb/documents?tenant=acme", null, Map.of()).body());
    assertEquals(List.of("Store locations", "Gift cards"), titles(listed.get("documents")));
    assertEquals("Gift cards", JSON.readTree(call("GET", "/v1/kb/documents/" + id + "?tenant=acme", null, Map.of()).body())
        .get("title").asText());

    JsonNode found = JSON.readTree(call("GET", "/v1/kb/search?tenant=acme&limit=2&q="
        + URLEncoder.encode("I lost my gift card", StandardCharsets.UTF_8), null, Map.of()).body());
    JsonNode best = found.get("results").get(0);
    assertEquals("Gift cards", best.get("title").asText());
    assertTrue(best.get("text").asText().contains("Lost cards"), best.toString());
    assertTrue(best.get("snippet").asText().contains("lost gift card"), best.toString());
    assertTrue(best.get("keywordRank").asInt() >= 1 && best.get("vectorRank").asInt() >= 1, best.toString());

    assertEquals(List.of(), titles(JSON.readTree(call("GET", "/v1/kb/documents?tenant=globex", null, Map.of()).body())
        .get("documents")), "tenant isolation");
    assertEquals(0, JSON.readTree(call("GET", "/v1/kb/search?tenant=globex&q=gift", null, Map.of()).body())
        .get("results").size());
    assertError(call("DELETE", "/v1/kb/documents/" + id + "?tenant=globex", null, Map.of()), 404, "not_found");

    assertEquals(204, call("DELETE", "/v1/kb/documents/" + id + "?tenant=acme", null, Map.of()).statusCode());
    assertError(call("DELETE", "/v1/kb/documents/" + id + "?tenant=acme", null, Map.of()), 404, "not_found");
    assertError(call("GET", "/v1/kb/documents/" + id + "?tenant=acme", null, Map.of()), 404, "not_found");
    assertEquals(List.of("Store locations"), titles(JSON.readTree(call("GET", "/v1/kb/documents?tenant=acme", null,
        Map.of()).body()).get("documents")));
  }

  @Test
  void aReplacedDocumentIsFoundByItsNewWordsOnlyUnderTheSameId() throws Exception {
    JsonNode original = JSON.readTree(call("POST", "/v1/kb/documents?tenant=umbrella", document("Shipping",
        "Parcels to Zanzibar travel by dhow and arrive within six weeks.", "text"), Map.of()).body());
    String id = original.get("id").asText();
    assertEquals(1, hitsOf("umbrella", "parcels to Zanzibar by dhow", id, "dhow"));

    HttpResponse<String> replaced = call("PUT", "/v1/kb/documents/" + id + "?tenant=umbrella", document("Shipping rates",
        "# Shipping rates\n\nParcels to Reykjavik fly by airship for a flat fee of nine euros.", "markdown"), Map.of());
    assertEquals(200, replaced.statusCode(), replaced.body());
    JsonNode stored = JSON.readTree(replaced.body());
    assertEquals(id, stored.get("id").asText());
    assertEquals("Shipping rates", stored.get("title").asText());
    assertEquals("markdown", stored.get("format").asText());
    assertEquals(original.get("createdAt"), stored.get("createdAt"), "a replaced document keeps when it was added");
    assertEquals(stored, JSON.readTree(call("GET", "/v1/kb/documents/" + id + "?tenant=umbrella", null, Map.of()).body()));
    assertEquals(List.of("Shipping rates"), titles(JSON.readTree(call("GET", "/v1/kb/documents?tenant=umbrella", null,
        Map.of()).body()).get("documents")));
    assertEquals(1, hitsOf("umbrella", "parcels to Reykjavik by airship", id, "airship"), "the new words are found");
    assertEquals(0, hitsOf("umbrella", "parcels to Zanzibar by dhow", id, "dhow"), "the old words are gone");

    String replacement = document("Hijacked", "Another tenant's words.", "text");
    assertError(TestIdentity.call(node.httpPort(), "PUT", "/v1/kb/documents/" + id + "?tenant=globex",
        "Bearer " + TestIdentity.adminKey("globex"), replacement), 404, "not_found");
    assertError(TestIdentity.call(node.httpPort(), "PUT", "/v1/kb/documents/" + id + "?tenant=umbrella",
        "Bearer " + TestIdentity.agentKey("umbrella"), replacement), 403, "forbidden");
    assertError(call("PUT", "/v1/kb/documents/no-such-document?tenant=umbrella", replacement, Map.of()), 404, "not_found");
    assertError(call("PUT", "/v1/kb/documents/" + id + "?tenant=umbrella", "{\"title\":\"T\",\"format\":\"text\"}",
        Map.of()), 400, "bad_request", "missing field: content");
    assertError(call("PUT", "/v1/kb/documents/" + id + "?tenant=umbrella", document("T", "Some text", "pdf"), Map.of()),
        400, "bad_request", "format must be one of markdown, text, html, got 'pdf'");
    assertEquals("Shipping rates", JSON.readTree(call("GET", "/v1/kb/documents/" + id + "?tenant=umbrella", null,
        Map.of()).body()).get("title").asText(), "refused replacements change nothing");
    assertEquals(1, hitsOf("umbrella", "airship", id, "airship"));
    awaitReplaceAudited("umbrella", "/v1/kb/documents/" + id);
  }

  /** How many of the hits for {@code query} are passages of document {@code id} that say {@code word}. */
  private static long hitsOf(String tenant, String query, String id, String word) throws Exception {
    JsonNode results = JSON.readTree(call("GET", "/v1/kb/search?tenant=" + tenant + "&q="
        + URLEncoder.encode(query, StandardCharsets.UTF_8), null, Map.of()).body()).get("results");
    return StreamSupport.stream(results.spliterator(), false)
        .filter(hit -> hit.get("documentId").asText().equals(id) && hit.get("text").asText().contains(word)).count();
  }

  /** The audit log has the replace, as its admin's success (entries are written behind the request). */
  private static void awaitReplaceAudited(String tenant, String resource) throws Exception {
    await("the replace of " + resource + " audited").atMost(Duration.ofSeconds(10))
        .until(() -> JSON.readTree(call("GET", "/v1/audit?action=kb.document.replace&tenant=" + tenant, null,
            Map.of()).body()).get("entries"), entries -> StreamSupport.stream(entries.spliterator(), false)
            .anyMatch(entry -> entry.get("resource").asText().equals(resource) && entry.get("result").asText().equals("ok")));
  }

  @Test
  void theDemoTenantStartsWithTheSampleHelpCentre() throws Exception {
    node.startOwn(Map.of("parley.tools.kb.sample-tenant", "demo"));
    JsonNode documents = JSON.readTree(call("GET", "/v1/kb/documents", null, Map.of()).body()).get("documents");
    assertTrue(documents.size() >= 6, documents.toString());
    JsonNode hit = JSON.readTree(call("GET", "/v1/kb/search?q=" + URLEncoder.encode("how fast is an urgent ticket answered",
        StandardCharsets.UTF_8), null, Map.of()).body()).get("results").get(0);
    assertEquals("Support tickets: response times and escalation", hit.get("title").asText());
  }

  @Test
  void eachDocumentIsInTheLanguageGivenOrDetectedAndAQuestionIsReadInItsLanguage() throws Exception {
    node.node().languageDetectionLoaded().toCompletableFuture().get(60, TimeUnit.SECONDS);
    HttpResponse<String> added = call("POST", "/v1/kb/documents?tenant=initech", document("Rücksendung und Erstattung",
        "Eine Rücksendung ist innerhalb von 30 Tagen möglich. Die Erstattung erfolgt auf das ursprüngliche"
            + " Zahlungsmittel, sobald wir die Ware erhalten und geprüft haben.", "text"), Map.of());
    assertEquals(201, added.statusCode(), added.body());
    JsonNode german = JSON.readTree(added.body());
    assertEquals("de", german.get("language").asText(), "detected from its text");
    ObjectNode frenchBody = (ObjectNode) JSON.readTree(document("Remboursement", "Le remboursement arrive sous 5 jours.",
        "text"));
    JsonNode french = JSON.readTree(call("POST", "/v1/kb/documents?tenant=initech", frenchBody.put("language", "fr_ca")
        .toString(), Map.of()).body());
    assertEquals("fr-CA", french.get("language").asText(), "given, in canonical form");
    JsonNode listed = JSON.readTree(call("GET", "/v1/kb/documents?tenant=initech", null, Map.of()).body()).get("documents");
    assertEquals(List.of("fr-CA", "de"), StreamSupport.stream(listed.spliterator(), false)
        .map(document -> document.get("language").asText()).toList());

    String question = URLEncoder.encode("Wie laufen Rücksendungen?", StandardCharsets.UTF_8);
    JsonNode inGerman = JSON.readTree(call("GET", "/v1/kb/search?tenant=initech&language=de&q=" + question, null,
        Map.of()).body()).get("results").get(0);
    assertEquals("Rücksendung und Erstattung", inGerman.get("title").asText());
    assertEquals(1, inGerman.get("keywordRank").asInt(), inGerman.toString());
    JsonNode inEnglish = JSON.readTree(call("GET", "/v1/kb/search?tenant=initech&language=en&q=" + question, null,
        Map.of()).body()).get("results");
    assertTrue(StreamSupport.stream(inEnglish.spliterator(), false).allMatch(hit -> hit.get("keywordRank").asInt() == 0),
        "the English analyzer misses the inflected German word: " + inEnglish);
    JsonNode inFrench = JSON.readTree(call("GET", "/v1/kb/search?tenant=initech&language=fr&q="
        + URLEncoder.encode("Quand arrivent les remboursements ?", StandardCharsets.UTF_8), null, Map.of()).body());
    assertEquals("Remboursement", inFrench.get("results").get(0).get("title").asText());

    assertError(call("POST", "/v1/kb/documents?tenant=initech", frenchBody.put("language", "klingon").toString(), Map.of()),
        400, "bad_request", "language: unknown language tag: klingon (expected a BCP 47 tag of an ISO 639 language,"
            + " e.g. de or pt-BR)");
    assertError(call("GET", "/v1/kb/search?tenant=initech&language=xx-YY&q=refund", null, Map.of()), 400, "bad_request",
        "language: unknown language tag: xx-YY (expected a BCP 47 tag of an ISO 639 language, e.g. de or pt-BR)");
  }

  @Test
  void badKnowledgeBaseRequestsGetJsonErrors() throws Exception {
    assertError(call("POST", "/v1/kb/documents", "{\"content\":\"x\",\"format\":\"text\"}", Map.of()), 400, "bad_request",
        "missing field: title");
    assertError(call("POST", "/v1/kb/documents", document("T", "Some text", "pdf"), Map.of()), 400, "bad_request",
        "format must be one of markdown, text, html, got 'pdf'");
    assertError(call("POST", "/v1/kb/documents", "{\"title\":", Map.of()), 400, "bad_request");
    assertError(call("POST", "/v1/kb/documents", "[]", Map.of()), 400, "bad_request");
    assertError(call("POST", "/v1/kb/documents", document("Empty", "<p> </p>", "html"), Map.of()), 400, "bad_request",
        "content has no text once its markup is removed");
    assertError(call("GET", "/v1/kb/search", null, Map.of()), 400, "bad_request", "missing query parameter: q");
    assertError(call("GET", "/v1/kb/search?q=refund&limit=lots", null, Map.of()), 400, "bad_request");
    assertError(call("GET", "/v1/kb/search?q=refund&limit=50", null, Map.of()), 400, "bad_request");
    assertError(call("GET", "/v1/kb/documents?tenant=Bad_Tenant", null, Map.of()), 400, "bad_request");
  }

  @Test
  void ticketsCanBeOpenedListedReadAndUpdatedWithHistory() throws Exception {
    String body = "{\"subject\":\"Invoice missing VAT number\",\"description\":\"Order 2231's invoice has no VAT"
        + " number.\",\"priority\":\"normal\"}";
    HttpResponse<String> opened = call("POST", "/v1/tickets?tenant=initech", body, Map.of("Idempotency-Key", "req-1"));
    assertEquals(201, opened.statusCode(), opened.body());
    JsonNode ticket = JSON.readTree(opened.body());
    assertEquals("T-1001", ticket.get("id").asText());
    assertEquals("open", ticket.get("status").asText());
    assertEquals("within 1 business day", ticket.get("expectedResponse").asText());
    assertTrue(ticket.get("sessionId").isNull());
    assertEquals("created", ticket.get("history").get(0).get("action").asText());
    assertTrue(opened.headers().firstValue("Location").orElseThrow().endsWith("/v1/tickets/T-1001?tenant=initech"));

    JsonNode retried = JSON.readTree(call("POST", "/v1/tickets?tenant=initech", body, Map.of("Idempotency-Key", "req-1")).body());
    assertEquals("T-1001", retried.get("id").asText(), "a retried request with the same key opens nothing new");
    assertEquals("T-1002", JSON.readTree(call("POST", "/v1/tickets?tenant=initech", body, Map.of()).body()).get("id").asText());

    HttpResponse<String> patched = call("PATCH", "/v1/tickets/t-1001?tenant=initech",
        "{\"status\":\"resolved\",\"priority\":\"high\",\"note\":\"Sent a corrected invoice\"}", Map.of());
    assertEquals(200, patched.statusCode(), patched.body());
    JsonNode resolved = JSON.readTree(patched.body());
    assertEquals("resolved", resolved.get("status").asText());
    assertEquals("high", resolved.get("priority").asText());
    JsonNode change = resolved.get("history").get(1);
    assertEquals("updated", change.get("action").asText());
    assertEquals("open", change.get("statusFrom").asText());
    assertEquals("resolved", change.get("statusTo").asText());
    assertEquals("normal", change.get("priorityFrom").asText());
    assertEquals("Sent a corrected invoice", change.get("note").asText());

    JsonNode read = JSON.readTree(call("GET", "/v1/tickets/1001?tenant=initech", null, Map.of()).body());
    assertEquals(resolved, read);
    JsonNode all = JSON.readTree(call("GET", "/v1/tickets?tenant=initech", null, Map.of()).body()).get("tickets");
    assertEquals(List.of("T-1002", "T-1001"), ids(all));
    JsonNode open = JSON.readTree(call("GET", "/v1/tickets?tenant=initech&status=open", null, Map.of()).body()).get("tickets");
    assertEquals(List.of("T-1002"), ids(open));

    JsonNode taken = JSON.readTree(call("PATCH", "/v1/tickets/T-1002?tenant=initech", "{\"assignee\":\"me\"}", Map.of()).body());
    assertFalse(taken.get("assignee").asText().isBlank(), taken.toString());
    assertEquals(taken.get("assignee"), taken.get("history").get(1).get("assignedTo"));
    assertTrue(JSON.readTree(call("GET", "/v1/tickets/1001?tenant=initech", null, Map.of()).body()).get("assignee").isNull());
    assertEquals(List.of("T-1002"), ids(JSON.readTree(call("GET", "/v1/tickets?tenant=initech&assignee=me", null, Map.of())
        .body()).get("tickets")));
    assertEquals(List.of("T-1001"), ids(JSON.readTree(call("GET", "/v1/tickets?tenant=initech&assignee=unassigned", null,
        Map.of()).body()).get("tickets")));

    assertError(call("GET", "/v1/tickets/T-1001?tenant=globex", null, Map.of()), 404, "not_found");
    assertError(call("PATCH", "/v1/tickets/T-1001?tenant=globex", "{\"status\":\"closed\"}", Map.of()), 404, "not_found");
    assertEquals(0, JSON.readTree(call("GET", "/v1/tickets?tenant=globex", null, Map.of()).body()).get("tickets").size());
  }

  @Test
  void badTicketRequestsGetJsonErrors() throws Exception {
    assertError(call("POST", "/v1/tickets", "{\"subject\":\"Hi\",\"description\":\"x\",\"priority\":\"asap\"}", Map.of()),
        400, "bad_request", "priority must be one of low, normal, high, urgent, got 'asap'");
    assertError(call("POST", "/v1/tickets", "{\"subject\":\"Hi\",\"priority\":\"low\"}", Map.of()), 400, "bad_request",
        "missing field: description");
    assertError(call("POST", "/v1/tickets", "{\"subject\":5,\"description\":\"x\",\"priority\":\"low\"}", Map.of()), 400,
        "bad_request", "subject must be a string");
    assertError(call("GET", "/v1/tickets/not-a-ticket", null, Map.of()), 400, "bad_request");
    assertError(call("GET", "/v1/tickets/T-999999", null, Map.of()), 404, "not_found");
    assertError(call("GET", "/v1/tickets?status=waiting", null, Map.of()), 400, "bad_request");
    assertError(call("GET", "/v1/tickets?limit=0", null, Map.of()), 400, "bad_request");
    String id = JSON.readTree(call("POST", "/v1/tickets", "{\"subject\":\"Hi\",\"description\":\"Hello\",\"priority\":\"low\"}",
        Map.of()).body()).get("id").asText();
    assertError(call("PATCH", "/v1/tickets/" + id, "{}", Map.of()), 400, "bad_request",
        "an update needs a status, a priority, an assignee or a note");
    assertError(call("PATCH", "/v1/tickets/" + id, "{\"assignee\":\"sam\"}", Map.of()), 400, "bad_request",
        "assignee must be me: a ticket is assigned to whoever takes it, got 'sam'");
    assertError(call("GET", "/v1/tickets?assignee=sam", null, Map.of()), 400, "bad_request",
        "assignee must be me or unassigned, got 'sam'");
    assertError(call("PATCH", "/v1/tickets/" + id, "{\"status\":\"done\"}", Map.of()), 400, "bad_request");
  }

  @Test
  void theOpenApiDocumentDescribesTheNewEndpoints() throws Exception {
    JsonNode paths = JSON.readTree(call("GET", "/v1/openapi.json", null, Map.of()).body()).get("paths");
    for (String path : List.of("/v1/kb/documents", "/v1/kb/documents/{documentId}", "/v1/kb/search", "/v1/tickets",
        "/v1/tickets/{ticketId}")) {
      assertTrue(paths.has(path), "OpenAPI describes " + path);
    }
    assertTrue(paths.get("/v1/kb/documents/{documentId}").has("put"));
    assertTrue(paths.get("/v1/tickets/{ticketId}").has("patch"));
  }

  private static String document(String title, String content, String format) {
    ObjectNode body = JSON.createObjectNode();
    body.put("title", title);
    body.put("content", content);
    body.put("format", format);
    return body.toString();
  }

  private static List<String> titles(JsonNode documents) {
    return documents.findValuesAsText("title");
  }

  private static List<String> ids(JsonNode tickets) {
    List<String> ids = new java.util.ArrayList<>();
    tickets.forEach(ticket -> ids.add(ticket.get("id").asText()));
    return ids;
  }

  private static void assertError(HttpResponse<String> response, int status, String code) throws Exception {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(code, JSON.readTree(response.body()).get("error").get("code").asText(), response.body());
  }

  private static void assertError(HttpResponse<String> response, int status, String code, String message) throws Exception {
    assertError(response, status, code);
    assertEquals(message, JSON.readTree(response.body()).get("error").get("message").asText());
  }

  private static HttpResponse<String> call(String method, String path, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request = TestIdentity.authorized(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path)), path)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) request.header("Content-Type", "application/json");
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
