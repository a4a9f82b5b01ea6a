package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.persistence.testing.TestH2;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files uploaded to a tenant's knowledge base over {@code POST /v1/kb/files} on a real node: a zip of
 * Markdown and HTML found by search with what became of each file; an agent refused; a zip whose
 * entry climbs out of it and an upload past the node's bytes refused, saying why, nothing stored.
 * The files are documents of a files source, listed with the tenant's sources; another files source
 * takes its own uploads; and the node's documents limit counts them.
 */
class KnowledgeFilesEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dataDir;
  @AutoClose private ParleyNode node;

  @BeforeEach
  void start() {
    node = ParleyNode.start(TestNode.config(TestH2.migratedIn(dataDir), Optional.empty(),
        Map.of("parley.kb.files.max-upload-bytes", "64KiB", "parley.kb.sources.max-documents-per-tenant", "3")));
  }

  @Test
  void anAdminsZipBecomesDocumentsAndABadOneIsRefusedWithNothingStored() throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("help/returns.md", "# Returns\n\nA platypus kit can be returned within 30 days.");
    files.put("help/shipping.html", "<html><head><title>Shipping</title></head><body><p>Wombat parcels ship in two days.</p></body></html>");
    files.put("help/logo.png", "not an image");
    HttpResponse<String> uploaded = upload("help.zip", zip(files), TestIdentity.adminKey("acme"));
    assertEquals(200, uploaded.statusCode(), uploaded.body());
    JsonNode answer = JSON.readTree(uploaded.body()).get("files");
    assertEquals("imported", answer.get(0).get("status").asText());
    assertEquals("Shipping", answer.get(1).get("title").asText());
    assertEquals("failed", answer.get(2).get("status").asText());
    assertTrue(answer.get(2).get("reason").asText().contains("help/logo.png is not HTML, Markdown"), answer.toString());
    JsonNode hit = JSON.readTree(TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/kb/search?q=platypus+returned&tenant=acme", null)
        .body()).get("results").get(0);
    assertEquals("Returns", hit.get("title").asText());

    assertEquals(403, upload("faq.md", "# FAQ".getBytes(StandardCharsets.UTF_8), TestIdentity.agentKey("acme")).statusCode());
    HttpResponse<String> climbing = upload("evil.zip", zip(Map.of("../../outside.md", "# Out")), TestIdentity.adminKey("acme"));
    assertEquals(400, climbing.statusCode());
    assertEquals("the zip's entry ../../outside.md points outside the zip (an absolute path or ..): refused",
        JSON.readTree(climbing.body()).get("error").get("message").asText());
    HttpResponse<String> large = upload("big.txt", new byte[70_000], TestIdentity.adminKey("acme"));
    assertEquals(413, large.statusCode(), large.body());
    assertTrue(large.body().contains("PARLEY_KB_FILES_MAX_UPLOAD_BYTES"), large.body());
    JsonNode documents = JSON.readTree(TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/kb/documents?tenant=acme", null).body())
        .get("documents");
    assertEquals(2, documents.size(), "the two good files, nothing of the refused uploads: " + documents);
  }

  @Test
  void uploadedFilesAreASourceWithItsDocumentsAndCountAgainstTheTenantsDocuments() throws Exception {
    HttpResponse<String> uploaded = upload("help.zip", zip(Map.of("returns.md", "# Returns\n\nWithin 30 days.",
        "shipping.md", "# Shipping\n\nIn two days.")), TestIdentity.adminKey("acme"));
    assertEquals(200, uploaded.statusCode(), uploaded.body());
    String uploads = JSON.readTree(uploaded.body()).get("source").asText();
    JsonNode source = JSON.readTree(get("/v1/kb/sources/" + uploads));
    assertEquals("files", source.get("kind").asText(), source.toString());
    assertEquals("Uploaded files", source.get("name").asText());
    assertEquals("help.zip: 2 imported", source.get("lastOutcome").asText());
    assertTrue(source.get("url").isNull() && source.get("nextSyncAt").isNull(), "no address, no schedule: " + source);
    JsonNode pages = JSON.readTree(get("/v1/kb/sources/" + uploads + "/documents")).get("documents");
    assertEquals("help.zip!/returns.md", pages.get(0).get("url").asText(), pages.toString());
    assertEquals("imported", pages.get(0).get("status").asText());

    HttpResponse<String> created = TestIdentity.asAdmin(node.httpPort(), "POST", "/v1/kb/sources?tenant=acme",
        "{\"kind\": \"files\", \"name\": \"Manuals\"}");
    assertEquals(201, created.statusCode(), created.body());
    String manuals = JSON.readTree(created.body()).get("id").asText();
    HttpResponse<String> manual = upload("gizmo.md&source=" + manuals, "# Gizmo\n\nCharge it overnight.".getBytes(StandardCharsets.UTF_8),
        TestIdentity.adminKey("acme"));
    assertEquals(manuals, JSON.readTree(manual.body()).get("source").asText(), manual.body());
    assertEquals("imported", JSON.readTree(manual.body()).get("files").get(0).get("status").asText());
    assertEquals(400, TestIdentity.asAdmin(node.httpPort(), "POST", "/v1/kb/sources/" + manuals + "/sync?tenant=acme", null)
        .statusCode(), "a files source syncs as files are uploaded");
    assertEquals(404, upload("x.md&source=no-such-source", "# X\n\nx".getBytes(StandardCharsets.UTF_8),
        TestIdentity.adminKey("acme")).statusCode());
    assertEquals(404, upload("x.md&source=" + manuals, "# X\n\nx".getBytes(StandardCharsets.UTF_8), "globex",
        TestIdentity.adminKey("globex")).statusCode(), "another tenant's admin cannot upload to its source");

    JsonNode past = JSON.readTree(upload("more.md", "# More\n\nOne too many.".getBytes(StandardCharsets.UTF_8),
        TestIdentity.adminKey("acme")).body()).get("files").get(0);
    assertEquals("failed", past.get("status").asText(), past.toString());
    assertEquals("the tenant's sources hold their limit of 3 documents", past.get("reason").asText());
  }

  private String get(String path) throws Exception {
    HttpResponse<String> response = TestIdentity.asAdmin(node.httpPort(), "GET", path + "?tenant=acme", null);
    assertEquals(200, response.statusCode(), response.body());
    return response.body();
  }

  private HttpResponse<String> upload(String name, byte[] content, String key) throws Exception {
    return upload(name, content, "acme", key);
  }

  private HttpResponse<String> upload(String name, byte[] content, String tenant, String key) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/kb/files?tenant=" + tenant
            + "&name=" + name)).header("Authorization", "Bearer " + key).header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] zip(Map<String, String> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, String> entry : entries.entrySet()) {
        out.putNextEntry(new ZipEntry(entry.getKey()));
        out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return bytes.toByteArray();
  }
}
