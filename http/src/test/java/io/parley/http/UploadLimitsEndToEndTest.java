package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import io.parley.core.testing.DeclaredImages;
import io.parley.core.testing.TestImages;
import io.parley.frontdoor.RawSocket;
import io.parley.persistence.testing.TestPostgres;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Uploads bounded before they are read, on a real node with the shipped upload limits, by
 * anonymous customers of a tenant's publishable key, each client at its own address (the proxy's
 * header): images whose headers declare too many pixels are refused undecoded and never stored;
 * every size up to and past the limit answers 201 or 413, never 500, to a client that sends its
 * file at once (a browser) and to one that waits to be asked for it ({@code Expect: 100-continue},
 * curl); a stranger's large upload learns nothing and is not read; one client sending 8 MB files is stopped with 429 and
 * {@code Retry-After} long before it stored a hundred megabytes, while another tenant's small
 * upload is served at once. A tenant's configuration may lower its bytes an hour. A tenant's files
 * stop at its storage quota, which erasure frees. On every route that takes a large upload
 * (knowledge files, campaigns and their leads, an agent's picture, attachments), a 30 MiB upload
 * refused before its body is read (401, 403, 413 by its declared length) is answered whole to a
 * client that writes all of its body before it reads, sent with its length or chunked, and the
 * connection stays open; a client that asks first is answered at once, never asked for the body.
 */
class UploadLimitsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String ACME_KEY = "pk_acme_uploads_key";
  private static final String GLOBEX_KEY = "pk_globex_uploads_key";
  private static final String INITECH_KEY = "pk_initech_uploads_key";
  private static final int MIB = 1024 * 1024;
  private static final String[] SHIPPED_LIMITS = {"parley.attachments.files-per-minute-per-address",
      "parley.attachments.bytes-per-hour-per-address", "parley.attachments.files-per-minute-per-tenant",
      "parley.attachments.bytes-per-hour-per-tenant", "parley.attachments.max-bytes"};
  @AutoClose private static ParleyNode node;

  @BeforeAll
  static void start() throws Exception {
    ObjectNode tenants = (ObjectNode) JSON.readTree(TestIdentity.tenantsJson());
    ((ObjectNode) tenants.get("acme")).put("publishableKey", ACME_KEY);
    ((ObjectNode) tenants.get("globex")).put("publishableKey", GLOBEX_KEY);
    ((ObjectNode) tenants.get("initech")).put("publishableKey", INITECH_KEY);
    Map<String, Object> settings = new HashMap<>(Map.of("parley.identity.tenants", tenants.toString(),
        "parley.chat.client-address-header", "X-Forwarded-For"));
    // The limits as the node ships them (the test fixture turns the per-address ones off for other tests).
    for (String limit : SHIPPED_LIMITS) settings.put(limit, ConfigFactory.load().getValue(limit).unwrapped());
    node = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.empty(), settings));
  }

  @Test
  void imagesDeclaringTooManyPixelsAreRefusedFromTheirHeaderAndNeverStored() throws Exception {
    Client customer = new Client(ACME_KEY, "198.51.100.10");
    String session = customer.startSession();
    HttpResponse<String> jpeg = customer.upload(session, "label.jpg", DeclaredImages.jpeg(30000, 30000, 333));
    assertRefused(jpeg, 413, "too_large", "30000 x 30000 pixels");
    assertRefused(customer.upload(session, "label.jpg", DeclaredImages.jpeg(12000, 12000, 333)), 413, "too_large",
        "12000 x 12000 pixels");
    assertRefused(customer.upload(session, "scan.png", DeclaredImages.png(12000, 12000)), 413, "too_large",
        "12000 x 12000 pixels");
    assertRefused(customer.upload(session, "loop.gif", DeclaredImages.gif(40000, 40000)), 413, "too_large",
        "40000 x 40000 pixels");
    assertEquals(0, attachments(session).size(), "nothing of them is kept");

    HttpResponse<String> photo = customer.upload(session, "photo.jpg", TestImages.jpegWithGps(640, 480));
    assertEquals(201, photo.statusCode(), photo.body());
    assertEquals(1, attachments(session).size());
  }

  @Test
  void everySizeUpToAndPastTheLimitIsStoredOrRefusedWith413() throws Exception {
    Client customer = new Client(ACME_KEY, "198.51.100.20");
    String session = customer.startSession();
    assertEquals(201, customer.upload(session, "a.txt", text(8 * MIB + MIB / 2)).statusCode(), "8.5 MiB");
    assertEquals(201, customer.upload(session, "b.txt", text(10 * MIB)).statusCode(), "10 MiB exactly");
    assertRefused(customer.upload(session, "c.txt", text(10 * MIB + 1)), 413, "too_large", "10485760 bytes");
    assertRefused(customer.upload(session, "d.txt", text(30 * MIB)), 413, "too_large", "10485760 bytes");
    assertRefused(customer.uploadAskingFirst(session, "d.txt", text(30 * MIB)), 413, "too_large", "10485760 bytes");
    assertEquals(201, customer.uploadAskingFirst(session, "small.txt", text(MIB)).statusCode(), "asked for, then sent");
    assertRefused(customer.uploadUndeclared(session, "e.txt", text(10 * MIB + 1)), 413, "too_large",
        "10485760 bytes");
    assertEquals(3, attachments(session).size());

    Client stranger = new Client(GLOBEX_KEY, "198.51.100.21");
    HttpResponse<String> elsewhere = stranger.upload(session, "f.txt", text(30 * MIB));
    assertEquals(404, elsewhere.statusCode(), "another tenant's session is not found, its size not looked at: "
        + elsewhere.body());
    assertEquals(404, stranger.uploadAskingFirst(session, "f.txt", text(30 * MIB)).statusCode(), "nor its body asked for");
  }

  @Test
  void oneClientIsStoppedLongBeforeAHundredMegabytesWhileAnotherTenantIsServed() throws Exception {
    Client flood = new Client(ACME_KEY, "198.51.100.30");
    byte[] file = text(8_000_000);
    long stored = 0;
    HttpResponse<String> stopped = null;
    for (int i = 0; i < 60 && stopped == null; i++) {
      String session = flood.startSession();
      HttpResponse<String> upload = flood.upload(session, "part-" + i + ".txt", file);
      if (upload.statusCode() == 201) {
        stored += file.length;
      } else {
        stopped = upload;
      }
    }
    assertTrue(stopped != null, "the flood was never stopped");
    assertRefused(stopped, 429, "rate_limited", "too many bytes");
    long retryAfter = Long.parseLong(stopped.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(retryAfter > 60, "it may go on in minutes, not at once: " + retryAfter);
    assertTrue(stored <= 50L * MIB, "stopped after " + stored + " bytes");

    // Bombs sent meanwhile cost the node nothing: another tenant's small file is served at once.
    Client bomber = new Client(ACME_KEY, "198.51.100.31");
    String bombed = bomber.startSession();
    byte[] bomb = DeclaredImages.png(12000, 12000);
    List<CompletableFuture<HttpResponse<String>>> bombs = new ArrayList<>();
    for (int i = 0; i < 10; i++) bombs.add(CompletableFuture.supplyAsync(() -> bomber.uploadQuietly(bombed, bomb)));
    Client other = new Client(GLOBEX_KEY, "203.0.113.5");
    String session = other.startSession();
    long began = System.nanoTime();
    HttpResponse<String> small = other.upload(session, "note.txt", text(1024));
    long millis = (System.nanoTime() - began) / 1_000_000;
    assertEquals(201, small.statusCode(), small.body());
    assertTrue(millis < 3_000, "another tenant's 1 KB upload took " + millis + " ms");
    for (CompletableFuture<HttpResponse<String>> refused : bombs) {
      int status = refused.join().statusCode();
      assertTrue(status == 413 || status == 429, "a bomb answered " + status);
    }
  }

  @Test
  void aTenantMayLowerItsOwnBytesAnHour() throws Exception {
    HttpResponse<String> published = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=initech",
        "{\"config\": {\"limits\": {\"uploadMebibytesPerHour\": 1}}, \"message\": \"files\"}");
    assertEquals(200, published.statusCode(), published.body());
    Client first = new Client(INITECH_KEY, "198.51.100.40");
    String session = first.startSession();
    assertEquals(201, first.upload(session, "a.txt", text(700 * 1024)).statusCode());
    Client second = new Client(INITECH_KEY, "198.51.100.41");
    HttpResponse<String> refused = second.upload(second.startSession(), "b.txt", text(700 * 1024));
    assertRefused(refused, 429, "rate_limited", "bytes per tenant");
    assertTrue(refused.headers().firstValue("Retry-After").isPresent());
  }

  @Test
  void aTenantsFilesStopAtItsStorageQuotaUntilErasureDeletesSome() throws Exception {
    try (ParleyNode small = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.empty(),
        Map.of("parley.attachments.stored-bytes-per-tenant", "3MiB")))) {
      int port = small.httpPort();
      String ada = "ada-" + UUID.randomUUID();
      String customer = "Bearer " + TestIdentity.customerToken("acme", Optional.of(ada));
      String session = JSON.readTree(AttachmentsEndToEndTest.send(port, "POST", "/v1/sessions", customer,
          "application/json", "{}".getBytes()).body()).get("sessionId").asText();
      String uploads = "/v1/sessions/" + session + "/attachments";
      for (int i = 0; i < 3; i++) {
        assertEquals(201, AttachmentsEndToEndTest.send(port, "POST", uploads, customer, null, text(MIB)).statusCode());
      }
      HttpResponse<byte[]> full = AttachmentsEndToEndTest.send(port, "POST", uploads, customer, null, text(MIB));
      String body = new String(full.body(), StandardCharsets.UTF_8);
      assertEquals(413, full.statusCode(), body);
      assertTrue(body.contains("your organisation's files take all of the 3145728 bytes"), body);
      String grace = "Bearer " + TestIdentity.customerToken("acme", Optional.of("grace-" + UUID.randomUUID()));
      String other = JSON.readTree(AttachmentsEndToEndTest.send(port, "POST", "/v1/sessions", grace, "application/json",
          "{}".getBytes()).body()).get("sessionId").asText();
      assertEquals(413, AttachmentsEndToEndTest.send(port, "POST", "/v1/sessions/" + other + "/attachments", grace, null,
          text(1024)).statusCode(), "the quota is the tenant's, whoever uploads");

      assertEquals(200, TestIdentity.asAdmin(port, "DELETE", "/v1/users/" + ada + "?tenant=acme", null).statusCode());
      assertEquals(201, AttachmentsEndToEndTest.send(port, "POST", "/v1/sessions/" + other + "/attachments", grace,
          null, text(MIB)).statusCode(), "the erased customer's files no longer count");
    }
  }

  @Test
  void largeUploadsRefusedBeforeTheirBodyIsReadAreAnsweredOnEveryUploadRoute() throws Exception {
    byte[] large = text(30 * MIB);
    String kbFile = "/v1/kb/files?name=big.txt&tenant=acme";
    for (Sending sending : Sending.values()) {
      assertAnswered(sending, sending.send("POST", kbFile, null, large), 401, "unauthorized",
          "a stranger's file to the knowledge base");
      assertAnswered(sending, sending.send("POST", kbFile, TestIdentity.agentKey("acme"), large), 403, "forbidden",
          "an agent's file to the knowledge base");
      // A declared length past the route's bound is refused before reading; a chunked body only once read past it.
      if (sending != Sending.UNDECLARED) {
        assertAnswered(sending, sending.send("POST", kbFile, TestIdentity.adminKey("acme"), large), 413, "too_large",
            "an admin's file past the node's bytes");
        assertAnswered(sending, sending.send("POST", "/v1/campaigns?tenant=acme", TestIdentity.adminKey("acme"), large),
            413, "too_large", "an admin's campaign past the route's bytes");
        assertAnswered(sending, sending.send("POST", "/v1/campaigns/cmp_none/leads?tenant=acme",
            TestIdentity.adminKey("acme"), large), 413, "too_large", "an admin's leads past the route's bytes");
        assertAnswered(sending, sending.send("PUT", "/v1/agents/me/picture?tenant=acme", TestIdentity.agentKey("acme"),
            large), 413, "too_large", "an agent's picture past the route's bytes");
      }
      assertAnswered(sending, sending.send("POST", "/v1/campaigns/cmp_none/leads?tenant=acme", null, large), 401,
          "unauthorized", "a stranger's leads");
      assertAnswered(sending, sending.send("PUT", "/v1/agents/me/picture?tenant=acme", null, large), 401,
          "unauthorized", "a stranger's picture");
      assertAnswered(sending, sending.send("POST", "/v1/sessions/none/attachments?tenant=acme", null, large), 401,
          "unauthorized", "a stranger's attachment");
    }
  }

  /**
   * The refusal, read whole; a body heard out leaves the connection open, one never sent (asked for
   * first) closes it.
   */
  private static void assertAnswered(Sending sending, Answer answer, int status, String code, String what) throws Exception {
    assertEquals(status, answer.status(), what + ", " + sending + ": " + answer.body());
    assertEquals(code, JSON.readTree(answer.body()).get("error").get("code").asText(), what + ", " + sending);
    assertEquals(sending == Sending.ASKING_FIRST, answer.closing(), what + ", " + sending + ": the connection closes");
  }

  /**
   * How a client sends a body the node refuses before it reads it, over a socket of its own: it
   * writes the whole body before it reads anything (as {@code HttpURLConnection} and Python's
   * {@code http.client} do), or holds it back until the node asks for it.
   */
  private enum Sending {
    /** Its declared length, all of it at once. */
    AT_ONCE,
    /** Its declared length, held back until the node asks for it ({@code Expect: 100-continue}), as curl does. */
    ASKING_FIRST,
    /** Chunked, without a length, all of it at once. */
    UNDECLARED;

    /** The node's answer: its status, and its body read as a JSON error. */
    Answer send(String method, String path, String key, byte[] body) throws Exception {
      try (RawSocket socket = RawSocket.connect(node.httpPort())) {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        if (key != null) head.append("Authorization: Bearer ").append(key).append("\r\n");
        head.append(this == UNDECLARED ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n");
        if (this == ASKING_FIRST) head.append("Expect: 100-continue\r\n");
        socket.write(head.append("\r\n").toString());
        // Refused, it is never asked for its body: a 100 Continue would be the answer it reads.
        if (this == ASKING_FIRST) return Answer.of(socket.readResponse());
        socket.write(this == UNDECLARED ? chunked(body) : body);
        return Answer.of(socket.readResponse());
      }
    }

    private static byte[] chunked(byte[] body) {
      ByteArrayOutputStream chunks = new ByteArrayOutputStream();
      for (int at = 0; at < body.length; at += MIB) {
        int size = Math.min(MIB, body.length - at);
        chunks.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        chunks.write(body, at, size);
        chunks.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      chunks.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      return chunks.toByteArray();
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }

  /** A response as read off the socket; {@code closing}: it says the connection closes after it. */
  private record Answer(int status, String body, boolean closing) {
    static Answer of(String response) {
      int endOfHead = response.indexOf("\r\n\r\n");
      return new Answer(Integer.parseInt(response.substring(9, 12)), response.substring(endOfHead + 4),
          response.substring(0, endOfHead).toLowerCase(Locale.ROOT).contains("\r\nconnection: close"));
    }
  }

  private static void assertRefused(HttpResponse<String> response, int status, String code, String reason)
      throws Exception {
    assertEquals(status, response.statusCode(), response.body());
    JsonNode error = JSON.readTree(response.body()).get("error");
    assertEquals(code, error.get("code").asText(), response.body());
    assertTrue(error.get("message").asText().contains(reason), response.body());
  }

  private static JsonNode attachments(String session) throws Exception {
    HttpResponse<String> view = TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/sessions/" + session + "?tenant=acme",
        null);
    return JSON.readTree(view.body()).get("attachments");
  }

  private static byte[] text(int bytes) {
    byte[] content = new byte[bytes];
    Arrays.fill(content, (byte) 'x');
    return content;
  }

  /** An anonymous customer of a publishable key, at its own address as the proxy names it. */
  private record Client(String key, String address) {
    String startSession() throws Exception {
      HttpResponse<String> started = send(HttpRequest.newBuilder(uri("/v1/sessions?key=" + key))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
      assertEquals(201, started.statusCode(), started.body());
      return JSON.readTree(started.body()).get("sessionId").asText();
    }

    HttpResponse<String> upload(String session, String name, byte[] content) throws Exception {
      return send(HttpRequest.newBuilder(uri("/v1/sessions/" + session + "/attachments?name=" + name + "&key=" + key))
          .POST(HttpRequest.BodyPublishers.ofByteArray(content)));
    }

    /** As curl sends a large file: {@code Expect: 100-continue}, the body held back until the node asks for it. */
    HttpResponse<String> uploadAskingFirst(String session, String name, byte[] content) throws Exception {
      return send(HttpRequest.newBuilder(uri("/v1/sessions/" + session + "/attachments?name=" + name + "&key=" + key))
          .expectContinue(true).POST(HttpRequest.BodyPublishers.ofByteArray(content)));
    }

    /** Sent chunked: the request does not say its size, so only reading it finds it too large. */
    HttpResponse<String> uploadUndeclared(String session, String name, byte[] content) throws Exception {
      return send(HttpRequest.newBuilder(uri("/v1/sessions/" + session + "/attachments?name=" + name + "&key=" + key))
          .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(content))));
    }

    HttpResponse<String> uploadQuietly(String session, byte[] content) {
      try {
        return upload(session, "bomb.png", content);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
      return HTTP.send(request.header("X-Forwarded-For", address).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static URI uri(String path) {
      return URI.create("http://127.0.0.1:" + node.httpPort() + path);
    }
  }
}
