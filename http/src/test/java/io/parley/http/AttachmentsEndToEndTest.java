package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.parley.core.llm.PromptMessage;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.testing.TestImages;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.testing.TestPostgres;
import io.parley.persistence.testing.TestS3;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

/**
 * Attachments on a real node: with its archive in an S3-compatible store, a customer's photo with a
 * GPS position is stored without it, sealed, and read back by the tenant's agent; files that are
 * not what they claim or too large are refused with nothing stored; nobody else learns the session
 * exists; erasing the customer removes the object from the store. With a fake model: a tenant with
 * vision has its model shown the photo (sized down, no EXIF), every tenant's model reads a PDF's
 * text fenced and redacted, and one without vision is told an image was attached.
 */
class AttachmentsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void aCustomersPhotoIsKeptWithoutItsPositionReadByStaffAndErasedWithTheCustomer() throws Exception {
    TestS3 s3 = TestS3.shared();
    String bucket = s3.newBucketName();
    DatabaseSettings database = TestPostgres.newDatabase();
    Map<String, Object> settings = TestNode.s3Archive(s3, bucket, Map.of("parley.attachments.max-bytes", "256KiB"));
    try (ParleyNode node = ParleyNode.start(TestNode.config(database, Optional.empty(), settings))) {
      int port = node.httpPort();
      String user = "ada-" + UUID.randomUUID();
      String customer = "Bearer " + TestIdentity.customerToken("acme", Optional.of(user));
      String sessionId = JSON.readTree(send(port, "POST", "/v1/sessions", customer, "application/json",
          "{}".getBytes()).body()).get("sessionId").asText();
      String uploads = "/v1/sessions/" + sessionId + "/attachments";

      byte[] photo = TestImages.jpegWithGps(640, 480);
      HttpResponse<byte[]> created = send(port, "POST", uploads + "?name=" + encoded("label photo.jpg"), customer,
          "image/png", photo);
      assertEquals(201, created.statusCode(), text(created));
      JsonNode attachment = JSON.readTree(created.body());
      String attachmentId = attachment.get("attachmentId").asText();
      assertEquals("image/jpeg", attachment.get("contentType").asText(), "the content decides, not the header");
      assertEquals("label photo.jpg", attachment.get("name").asText());
      assertEquals(uploads + "/" + attachmentId, attachment.get("url").asText());

      String agent = "Bearer " + TestIdentity.agentKey("acme");
      HttpResponse<byte[]> read = send(port, "GET", uploads + "/" + attachmentId, agent, null, null);
      assertEquals(200, read.statusCode(), text(read));
      assertEquals("image/jpeg", read.headers().firstValue("Content-Type").orElseThrow());
      assertEquals("nosniff", read.headers().firstValue("X-Content-Type-Options").orElseThrow());
      assertTrue(read.headers().firstValue("Content-Disposition").orElseThrow().startsWith("inline"));
      assertEquals(attachment.get("size").asLong(), read.body().length);
      assertFalse(TestImages.holds(read.body(), TestImages.GPS_MARKER), "the GPS position is gone");
      assertFalse(TestImages.holds(read.body(), "Exif"));
      assertEquals(640, ImageIO.read(new ByteArrayInputStream(read.body())).getWidth(), "the picture is kept");
      assertEquals(200, send(port, "GET", uploads + "/" + attachmentId, customer, null, null).statusCode());

      String key = "acme/attachments/" + sessionId + "/" + attachmentId;
      byte[] stored = object(s3, bucket, key).orElseThrow();
      assertFalse(TestImages.holds(stored, "JFIF"), "the store holds the photo sealed, not as a JPEG");

      String anotherCustomer = "Bearer " + TestIdentity.customerToken("acme", Optional.of("grace-" + UUID.randomUUID()));
      String anotherTenant = "Bearer " + TestIdentity.customerToken("globex", Optional.of(user));
      for (String stranger : new String[] {anotherCustomer, anotherTenant, "Bearer " + TestIdentity.agentKey("globex")}) {
        HttpResponse<byte[]> refused = send(port, "GET", uploads + "/" + attachmentId, stranger, null, null);
        assertEquals(404, refused.statusCode(), text(refused));
        assertEquals(404, send(port, "POST", uploads, stranger, "text/plain", "hello".getBytes()).statusCode());
      }

      byte[] program = "MZ\u0090\0\3\0\0\0\4\0\0\0\u00ff\u00ff\0\0".getBytes(StandardCharsets.ISO_8859_1);
      HttpResponse<byte[]> renamed = send(port, "POST", uploads + "?name=holiday.jpg", customer, "image/jpeg", program);
      assertEquals(415, renamed.statusCode(), text(renamed));
      JsonNode why = JSON.readTree(renamed.body()).get("error");
      assertEquals("unsupported_media_type", why.get("code").asText());
      assertTrue(why.get("message").asText().contains("none of the accepted types"), why.toString());
      HttpResponse<byte[]> large = send(port, "POST", uploads + "?name=big.txt", customer, "text/plain",
          "x".repeat(300 * 1024).getBytes());
      assertEquals(413, large.statusCode(), text(large));
      assertEquals("too_large", JSON.readTree(large.body()).get("error").get("code").asText());
      JsonNode view = JSON.readTree(TestIdentity.asAdmin(port, "GET", "/v1/sessions/" + sessionId + "?tenant=acme", null)
          .body());
      assertEquals(1, view.get("attachments").size(), "nothing of the refused files is kept: " + view);

      try (ChatClient chat = ChatClient.connectAs(port, "acme", Optional.of(user))) {
        chat.resume(sessionId, 0);
        chat.send(ChatClient.frame("user").put("clientMsgId", "c-1").put("text", "The label")
            .set("attachments", JSON.createArrayNode().add(attachmentId)));
        long seq = chat.expect("ack").get("seq").asLong();
        JsonNode shared = chat.expect("attachments");
        assertEquals(seq, shared.get("seq").asLong());
        assertEquals(attachment, JSON.readTree(JSON.writeValueAsString(shared.get("attachments").get(0))),
            "every follower learns the message's files as the upload answered them");
        chat.send(ChatClient.frame("user").put("clientMsgId", "c-2").put("text", "And this")
            .set("attachments", JSON.createArrayNode().add("att_" + "f".repeat(32))));
        JsonNode unknown = chat.expect("error");
        assertEquals("bad_request", unknown.get("code").asText());
        assertTrue(unknown.get("message").asText().startsWith("unknown attachment att_fff"), unknown.toString());
      }
      try (ChatClient again = ChatClient.connectAs(port, "acme", Optional.of(user))) {
        again.resume(sessionId, 0);
        assertEquals(attachmentId, again.expect("attachments").get("attachments").get(0).get("attachmentId").asText(),
            "a follower joining later gets them with the replayed message");
      }

      HttpResponse<String> erased = TestIdentity.asAdmin(port, "DELETE", "/v1/users/" + user + "?tenant=acme", null);
      assertEquals(200, erased.statusCode(), erased.body());
      assertEquals(Optional.empty(), object(s3, bucket, key), "the object is gone from the store");
      assertEquals(404, send(port, "GET", uploads + "/" + attachmentId, agent, null, null).statusCode());
    }
  }

  @Test
  void theModelSeesAPhotoWithoutItsPositionAndReadsAPdfWithoutTheAnswerCache() throws Exception {
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start(request -> "I see it, thank you.");
        ParleyNode node = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.of(model.baseUrl()),
            Map.of()))) {
      int port = node.httpPort();
      HttpResponse<String> published = TestIdentity.asAdmin(port, "PUT", "/v1/config?tenant=acme",
          "{\"config\": {\"vision\": true}, \"message\": \"the model reads images\"}");
      assertEquals(200, published.statusCode(), published.body());
      String customer = "Bearer " + TestIdentity.customerToken("acme", Optional.of("ada-" + UUID.randomUUID()));
      String sessionId = JSON.readTree(send(port, "POST", "/v1/sessions", customer, "application/json",
          "{}".getBytes()).body()).get("sessionId").asText();
      String photo = upload(port, sessionId, customer, "label.jpg", TestImages.jpegWithGps(2048, 1536));

      JsonNode answer = message(port, sessionId, customer, "c-1", "Here is the label", photo);
      assertEquals("I see it, thank you.", answer.get("text").asText(), answer.toString());
      assertEquals("llm", answer.get("source").asText(), "a turn about a file never comes from the answer cache");
      PromptMessage asked = lastUser(model);
      assertTrue(asked.content().startsWith("Here is the label"), asked.content());
      assertTrue(asked.content().contains("[The customer attached an image: label.jpg]"), asked.content());
      assertEquals(1, asked.images().size());
      String url = asked.images().get(0);
      assertTrue(url.startsWith("data:image/jpeg;base64,"), url.substring(0, 40));
      byte[] shown = Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1));
      assertFalse(TestImages.holds(shown, TestImages.GPS_MARKER), "the model gets no GPS position");
      assertFalse(TestImages.holds(shown, "Exif"));
      assertEquals(1024, ImageIO.read(new ByteArrayInputStream(shown)).getWidth(), "sized down to the bound");

      String invoice = upload(port, sessionId, customer, "invoice.pdf",
          pdf("Invoice 4711: two desk lamps, paid by ada@example.com"));
      message(port, sessionId, customer, "c-2", "And the invoice", invoice);
      String read = lastUser(model).content();
      assertTrue(read.contains("<<<DATA from the customer's file invoice.pdf>>>"), read);
      assertTrue(read.contains("Invoice 4711: two desk lamps"), read);
      assertFalse(read.contains("ada@example.com"), "the file's personal data is redacted like a message's: " + read);

      HttpResponse<byte[]> unknown = send(port, "POST", "/v1/sessions/" + sessionId + "/messages", customer,
          "application/json", ("{\"clientMsgId\": \"c-3\", \"text\": \"this one\", \"attachments\": [\"att_"
              + "0".repeat(32) + "\"]}").getBytes());
      assertEquals(400, unknown.statusCode(), text(unknown));
      assertTrue(text(unknown).contains("unknown attachment att_"), text(unknown));
      assertEquals(2, model.requestCount(), "nothing reached the model for the refused message");

      String other = "Bearer " + TestIdentity.customerToken("globex", Optional.of("grace-" + UUID.randomUUID()));
      String blind = JSON.readTree(send(port, "POST", "/v1/sessions", other, "application/json",
          "{}".getBytes()).body()).get("sessionId").asText();
      message(port, blind, other, "c-1", "Look", upload(port, blind, other, "label.png", TestImages.png(32, 32)));
      PromptMessage told = lastUser(model);
      assertEquals(List.of(), told.images(), "without vision the model is shown no image");
      assertTrue(told.content().contains("[The customer attached an image: label.png]"), told.content());
    }
  }

  private static String upload(int port, String sessionId, String credential, String name, byte[] content)
      throws Exception {
    return uploaded(port, sessionId, credential, name, content).get("attachmentId").asText();
  }

  /** Uploads {@code content} to the session as {@code name} with {@code credential}; the attachment the node answered. */
  static JsonNode uploaded(int port, String sessionId, String credential, String name, byte[] content) throws Exception {
    HttpResponse<byte[]> created = send(port, "POST", "/v1/sessions/" + sessionId + "/attachments?name=" + encoded(name),
        credential, "application/octet-stream", content);
    assertEquals(201, created.statusCode(), text(created));
    return JSON.readTree(created.body());
  }

  private static JsonNode message(int port, String sessionId, String credential, String clientMsgId, String text,
      String attachmentId) throws Exception {
    HttpResponse<byte[]> answered = send(port, "POST", "/v1/sessions/" + sessionId + "/messages", credential,
        "application/json", JSON.writeValueAsBytes(Map.of("clientMsgId", clientMsgId, "text", text,
            "attachments", List.of(attachmentId))));
    assertEquals(200, answered.statusCode(), text(answered));
    return JSON.readTree(answered.body());
  }

  private static PromptMessage lastUser(FakeChatCompletionsServer model) {
    List<PromptMessage> messages = model.lastRequest().messages();
    return messages.stream().filter(m -> m.role().equals("user")).reduce((first, second) -> second).orElseThrow();
  }

  /** A one-page PDF holding {@code line}, as an office program writes one. */
  static byte[] pdf(String line) throws Exception {
    try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDPage page = new PDPage();
      document.addPage(page);
      try (PDPageContentStream text = new PDPageContentStream(document, page)) {
        text.beginText();
        text.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
        text.newLineAtOffset(72, 700);
        text.showText(line);
        text.endText();
      }
      document.save(out);
      return out.toByteArray();
    }
  }

  static HttpResponse<byte[]> send(int port, String method, String path, String authorization, String contentType,
      byte[] body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", authorization)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) request.header("Content-Type", contentType);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static String text(HttpResponse<byte[]> response) {
    return response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8);
  }

  private static String encoded(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The object at {@code key} of {@code bucket}, if there is one. */
  static Optional<byte[]> object(TestS3 s3, String bucket, String key) throws Exception {
    MinioClient client = MinioClient.builder().endpoint(s3.endpoint().toString())
        .credentials(s3.accessKey(), s3.secretKey()).region("us-east-1").build();
    try {
      client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
      try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
        return Optional.of(in.readAllBytes());
      }
    } catch (ErrorResponseException e) {
      return Optional.empty();
    }
  }
}
