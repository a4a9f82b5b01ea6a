package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A file's name cannot pretend to be another: a customer's upload named with a right-to-left
 * override ({@code invoice\u202Efdp.exe}, which shows as {@code invoiceexe.pdf}) and an agent's
 * named with zero-width characters are kept, listed and downloaded without them, the download's
 * {@code Content-Disposition} carrying an ASCII name and the whole UTF-8 one as RFC 6266 says; a
 * knowledge-base document's title and source lose them the same way.
 */
class AttachmentNamesEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final RunningNode node = RunningNode.offline();

  @Test
  void namesLoseTheirFormatCharactersWhereverTheyAreShown() throws Exception {
    int port = node.httpPort();
    String customer = "Bearer " + TestIdentity.customerToken("acme", Optional.of("ada"));
    String agent = "Bearer " + TestIdentity.agentKey("acme");
    String sessionId = JSON.readTree(AttachmentsEndToEndTest.send(port, "POST", "/v1/sessions", customer,
        "application/json", "{}".getBytes()).body()).get("sessionId").asText();
    String uploads = "/v1/sessions/" + sessionId + "/attachments";

    JsonNode fromCustomer = AttachmentsEndToEndTest.uploaded(port, sessionId, customer, "invoice\u202Efdp.exe",
        "Pay now".getBytes(StandardCharsets.UTF_8));
    assertEquals("invoicefdp.exe", fromCustomer.get("name").asText());
    JsonNode fromAgent = AttachmentsEndToEndTest.uploaded(port, sessionId, agent, "Rech\u200Bnung M\u00FCller\u2067.txt",
        "Betrag".getBytes(StandardCharsets.UTF_8));
    assertEquals("Rechnung M\u00FCller.txt", fromAgent.get("name").asText());

    HttpResponse<byte[]> invoice = AttachmentsEndToEndTest.send(port, "GET",
        uploads + "/" + fromCustomer.get("attachmentId").asText(), agent, null, null);
    assertEquals(200, invoice.statusCode(), AttachmentsEndToEndTest.text(invoice));
    assertEquals("attachment; filename=\"invoicefdp.exe\"; filename*=UTF-8''invoicefdp.exe",
        invoice.headers().firstValue("Content-Disposition").orElseThrow());
    HttpResponse<byte[]> letter = AttachmentsEndToEndTest.send(port, "GET",
        uploads + "/" + fromAgent.get("attachmentId").asText(), customer, null, null);
    assertEquals("attachment; filename=\"Rechnung M_ller.txt\"; filename*=UTF-8''Rechnung%20M%C3%BCller.txt",
        letter.headers().firstValue("Content-Disposition").orElseThrow());

    JsonNode view = JSON.readTree(TestIdentity.asAdmin(port, "GET", "/v1/sessions/" + sessionId + "?tenant=acme", null)
        .body());
    assertEquals("invoicefdp.exe", view.get("attachments").get(0).get("name").asText(), "as staff list it: " + view);

    HttpResponse<String> document = TestIdentity.asAdmin(port, "POST", "/v1/kb/documents?tenant=acme",
        "{\"title\": \"Refunds \\u202Efdp.exe\", \"content\": \"Refunds take five days.\", \"format\": \"text\","
            + " \"source\": \"refunds\\u200B.pdf\"}");
    assertEquals(201, document.statusCode(), document.body());
    JsonNode stored = JSON.readTree(document.body());
    assertEquals("Refunds fdp.exe", stored.get("title").asText());
    assertEquals("refunds.pdf", stored.get("source").asText());
  }
}
