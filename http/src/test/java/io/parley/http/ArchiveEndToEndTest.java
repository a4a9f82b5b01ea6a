package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import io.parley.persistence.testing.TestPostgres;
import io.parley.persistence.testing.TestS3;
import io.parley.sessions.entity.SessionArchiveDocument;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every closed session's transcript ends up in the bucket, through the MinIO SDK against a real
 * S3-compatible server (S3Proxy): when storage is up, when it was down at the close, and when the
 * node was killed between the close and the archive.
 */
class ArchiveEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir Path dataDir;

  @Test
  void closedSessionsAreArchivedAndRememberedEvenWhenStorageWasDownAtTheClose() throws Exception {
    try (TestS3 s3 = TestS3.startNew()) {
      String bucket = s3.newBucketName();
      Map<String, Object> settings = new HashMap<>(s3Settings(s3, bucket));
      ParleyNode node = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.empty(), settings));
      try {
        String first = converse(node.httpPort(), "ada-1", "My name is Ada Lovelace and my order 1042 is late.");
        JsonNode archived = awaitSession(node.httpPort(), first, s -> s.get("status").asText().equals("archived"));
        JsonNode record = archived.get("archived");
        assertEquals("s3://" + bucket, record.get("location").asText());
        assertTrue(record.get("key").asText().matches("acme/\\d{4}/\\d{2}/\\d{2}/" + first + "\\.json"), record.toString());
        byte[] stored = object(s3, bucket, record.get("key").asText());
        assertEquals(record.get("sha256").asText(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored)));
        SessionArchiveDocument document = SessionArchiveDocument.fromJson(stored);
        assertEquals(2, document.messages().size());
        assertTrue(document.facts().stream().anyMatch(f -> f.value().equals("1042")), document.facts().toString());

        s3.stop();
        String second = converse(node.httpPort(), "ada-1", "Me again: any news about order 1042?");
        Thread.sleep(1000); // time in which an archive would be written, were the storage up
        assertEquals("closed", session(node.httpPort(), second).get("status").asText(), "storage is down: not archived yet");
        s3.start();
        JsonNode late = awaitSession(node.httpPort(), second, s -> s.get("status").asText().equals("archived"));
        SessionArchiveDocument lateDocument = SessionArchiveDocument.fromJson(object(s3, bucket, late.get("archived").get("key").asText()));
        assertEquals("Me again: any news about order 1042?", lateDocument.messages().get(0).text(), "nothing was lost");

        JsonNode memory = get(node.httpPort(), "/v1/users/ada-1/memory?tenant=acme");
        List<String> texts = memory.get("entries").findValuesAsText("text");
        assertTrue(texts.stream().anyMatch(t -> t.contains("Ada Lovelace")), texts.toString());
        assertTrue(memory.get("entries").findValuesAsText("kind").contains("episodic"));
        assertEquals(0, get(node.httpPort(), "/v1/users/ada-1/memory?tenant=globex").get("entries").size(),
            "another tenant's user of the same id knows nothing");
      } finally {
        node.close();
      }
    }
  }

  @Test
  void aNodeKilledBetweenTheCloseAndTheArchiveArchivesAfterItsRestart() throws Exception {
    try (TestS3 s3 = TestS3.startNew()) {
      String bucket = s3.newBucketName();
      Map<String, String> env = new HashMap<>();
      env.put("PARLEY_DATA_DIR", dataDir.toString());
      s3Settings(s3, bucket).forEach((path, value) -> env.put(ENV.get(path), value.toString()));
      s3.stop();
      String sessionId;
      try (NodeProcess node = NodeProcess.start(env).awaitReady()) {
        sessionId = converse(node.port, "grace-7", "Hello, I'm Grace Hopper, ticket T-4821 is still open.");
        Thread.sleep(500); // the node tries its archive against the storage that is down, then dies
        node.kill();
      }
      s3.start();
      env.put("PARLEY_HTTP_PORT", Integer.toString(NodeProcess.freePort()));
      try (NodeProcess node = NodeProcess.start(env).awaitReady()) {
        // No request names the session: the restarted node resumes the unfinished close by itself.
        byte[] stored = awaitObject(s3, bucket, sessionId);
        SessionArchiveDocument document = SessionArchiveDocument.fromJson(stored);
        assertEquals("Hello, I'm Grace Hopper, ticket T-4821 is still open.", document.messages().get(0).text());
      }
    }
  }

  private static final Map<String, String> ENV = Map.of(
      "parley.archive.s3.endpoint", "PARLEY_S3_ENDPOINT",
      "parley.archive.s3.access-key", "PARLEY_S3_ACCESS_KEY",
      "parley.archive.s3.secret-key", "PARLEY_S3_SECRET_KEY",
      "parley.archive.s3.bucket", "PARLEY_S3_BUCKET",
      "parley.session.retry.initial-delay", "PARLEY_RETRY_INITIAL_DELAY",
      "parley.session.retry.max-delay", "PARLEY_RETRY_MAX_DELAY");

  private static Map<String, Object> s3Settings(TestS3 s3, String bucket) {
    return Map.of(
        "parley.archive.s3.endpoint", s3.endpoint().toString(),
        "parley.archive.s3.access-key", s3.accessKey(),
        "parley.archive.s3.secret-key", s3.secretKey(),
        "parley.archive.s3.bucket", bucket,
        "parley.session.retry.initial-delay", "100ms",
        "parley.session.retry.max-delay", "500ms");
  }

  /** A signed-in customer's conversation of one message, answered and closed; returns its id. */
  private static String converse(int port, String userId, String text) {
    return ConversationsEndToEndTest.converse(port, "acme", Optional.of(userId), List.of(text));
  }

  private static JsonNode awaitSession(int port, String sessionId, Predicate<JsonNode> done) throws Exception {
    return await("session " + sessionId).atMost(Duration.ofSeconds(20)).until(() -> session(port, sessionId), done);
  }

  private static JsonNode session(int port, String sessionId) throws Exception {
    return get(port, "/v1/sessions/" + sessionId + "?tenant=acme");
  }

  private static JsonNode get(int port, String path) throws Exception {
    HttpResponse<String> response = HTTP.send(
        TestIdentity.authorized(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)), path).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }

  private static MinioClient client(TestS3 s3) {
    return MinioClient.builder().endpoint(s3.endpoint().toString()).credentials(s3.accessKey(), s3.secretKey())
        .region("us-east-1").build();
  }

  private static byte[] object(TestS3 s3, String bucket, String key) throws Exception {
    try (InputStream in = client(s3).getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
      return in.readAllBytes();
    }
  }

  private static byte[] awaitObject(TestS3 s3, String bucket, String sessionId) throws Exception {
    MinioClient client = client(s3);
    // Failures are ignored: the node creates the bucket with its first archive.
    return await("session " + sessionId + " archived").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .ignoreExceptions().until(() -> {
          for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix("acme/").recursive(true).build())) {
            String key = result.get().objectName();
            if (key.endsWith(sessionId + ".json")) return object(s3, bucket, key);
          }
          return null;
        }, Objects::nonNull);
  }
}
