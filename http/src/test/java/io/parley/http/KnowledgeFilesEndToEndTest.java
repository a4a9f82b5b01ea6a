package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.persistence.DatabaseSettings;
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
 */
class KnowledgeFilesEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dataDir;
  @AutoClose private ParleyNode node;

  @BeforeEach
  void start() {
    node = ParleyNode.start(TestNode.config(DatabaseSettings.h2(dataDir), Optional.empty(),
        Map.of("parley.kb.files.max-upload-bytes", "64KiB")));
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

  private HttpResponse<String> upload(String name, byte[] content, String key) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/kb/files?tenant=acme&name="
            + name)).header("Authorization", "Bearer " + key).header("Content-Type", "application/octet-stream")
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
