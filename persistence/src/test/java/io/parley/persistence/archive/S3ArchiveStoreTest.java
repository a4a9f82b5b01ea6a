package io.parley.persistence.archive;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.BucketExistsArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.messages.Item;
import io.parley.core.archive.ArchiveKeys;
import io.parley.core.archive.ArchiveReceipt;
import io.parley.core.archive.ArchiveUnavailableException;
import io.parley.core.session.SessionId;
import io.parley.persistence.testing.TestS3;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class S3ArchiveStoreTest {
  private static final byte[] DOCUMENT = "{\"session\":\"acme/1\",\"messages\":[\"hello\"]}".getBytes(UTF_8);
  private static final String SHA256_OF_DOCUMENT = Checksums.sha256(DOCUMENT);

  private final TestS3 s3 = TestS3.shared();
  private String bucket;
  private S3ArchiveStore store;
  private MinioClient client; // to look at what the store wrote

  @BeforeEach
  void openStore() {
    bucket = s3.newBucketName();
    store = new S3ArchiveStore(s3.settings(bucket));
    // A plain OkHttpClient: the SDK's default one parses SSL_CERT_FILE and SSL_CERT_DIR, slowly.
    client = MinioClient.builder().endpoint(s3.endpoint().toString()).region("us-east-1")
        .credentials(s3.accessKey(), s3.secretKey()).httpClient(new OkHttpClient(), true).build();
  }

  @AfterEach
  void closeStore() throws Exception {
    store.close();
    client.close();
  }

  @Test
  void aPutDocumentComesBackWithItsChecksumAndMetadata() throws Exception {
    String key = key("acme");

    ArchiveReceipt receipt = store.put(key, DOCUMENT);

    assertEquals(new ArchiveReceipt(key, SHA256_OF_DOCUMENT, DOCUMENT.length), receipt);
    assertEquals(64, receipt.sha256().length());
    assertArrayEquals(DOCUMENT, store.get(key).orElseThrow());
    StatObjectResponse stat = client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
    assertEquals("application/json", stat.contentType());
    assertEquals(SHA256_OF_DOCUMENT, stat.userMetadata().getFirst(S3ArchiveStore.SHA256_METADATA));
    assertEquals(DOCUMENT.length, stat.size());
  }

  @Test
  void theBucketIsCreatedByTheFirstPut() throws Exception {
    assertFalse(client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));

    store.put(key("acme"), DOCUMENT);

    assertTrue(client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
  }

  @Test
  void putAgainIsTheSameSingleObject() throws Exception {
    String key = key("acme");

    ArchiveReceipt first = store.put(key, DOCUMENT);
    ArchiveReceipt second = store.put(key, DOCUMENT);

    assertEquals(first, second);
    assertEquals(List.of(key), objectsUnder("acme/"));
    assertArrayEquals(DOCUMENT, store.get(key).orElseThrow());
  }

  @Test
  void aMissingDocumentOrBucketIsEmpty() {
    assertEquals(Optional.empty(), store.get(key("acme")));

    store.put(key("acme"), DOCUMENT);

    assertEquals(Optional.empty(), store.get(key("acme")));
  }

  @Test
  void aDeletedDocumentIsGoneAndDeletingAgainSaysSo() throws Exception {
    String key = key("acme");
    assertFalse(store.delete(key), "no bucket yet: nothing to delete");
    store.put(key, DOCUMENT);

    assertTrue(store.delete(key));

    assertEquals(Optional.empty(), store.get(key));
    assertEquals(List.of(), objectsUnder("acme/"));
    assertFalse(store.delete(key));
  }

  @Test
  void theLocationIsTheBucketWithoutCredentials() {
    assertEquals("s3://" + bucket, store.location());
    assertFalse(store.toString().contains(s3.secretKey()), store.toString());
  }

  @Test
  void storageDownFailsPromptlyAndWorksAgainWhenItIsBack() {
    try (TestS3 own = TestS3.startNew(); S3ArchiveStore ownStore = new S3ArchiveStore(own.settings(bucket))) {
      String before = key("acme");
      ownStore.put(before, DOCUMENT);

      own.stop();
      ArchiveUnavailableException e = aPutFailsPromptlyNamingTheBucket(ownStore);
      assertTrue(e.getMessage().contains(own.endpoint().toString()), e.getMessage());
      assertFalse(e.getMessage().contains(own.secretKey()), e.getMessage());
      assertThrows(ArchiveUnavailableException.class, () -> ownStore.get(before));

      own.start();
      String after = key("acme");
      ownStore.put(after, DOCUMENT);

      assertArrayEquals(DOCUMENT, ownStore.get(before).orElseThrow());
      assertArrayEquals(DOCUMENT, ownStore.get(after).orElseThrow());
    }
  }

  @Test
  void aStoreOnStorageThatIsDownCanBeCreated() {
    try (TestS3 own = TestS3.startNew()) {
      own.stop();
      try (S3ArchiveStore down = new S3ArchiveStore(own.settings(bucket))) {
        assertThrows(ArchiveUnavailableException.class, () -> down.put(key("acme"), DOCUMENT));

        own.start();

        down.put(key("acme"), DOCUMENT);
      }
    }
  }

  @Test
  void storageThatNeverAnswersFailsWithinTheRequestTimeout() throws Exception {
    // Accepts connections (the kernel does, into the backlog) but never answers a request.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      S3Settings settings = new S3Settings(URI.create("http://127.0.0.1:" + silent.getLocalPort()),
          "key", "secret", bucket, "us-east-1", Duration.ofSeconds(1), Duration.ofMillis(700));
      try (S3ArchiveStore hanging = new S3ArchiveStore(settings)) {
        aPutFailsPromptlyNamingTheBucket(hanging);
      }
    }
  }

  /** What a put on {@code unreachable} throws: within 3 s, naming the bucket. */
  private ArchiveUnavailableException aPutFailsPromptlyNamingTheBucket(S3ArchiveStore unreachable) {
    long started = System.nanoTime();
    ArchiveUnavailableException e = assertThrows(ArchiveUnavailableException.class,
        () -> unreachable.put(key("acme"), DOCUMENT));
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "took " + took);
    assertTrue(e.getMessage().contains("s3://" + bucket), e.getMessage());
    return e;
  }

  @Test
  void wrongCredentialsAreUnavailableWithTheStoragesAnswer() {
    S3Settings good = s3.settings(bucket);
    S3Settings wrong = new S3Settings(good.endpoint(), good.accessKey(), "not-the-secret", bucket,
        good.region(), good.connectTimeout(), good.requestTimeout());
    try (S3ArchiveStore refused = new S3ArchiveStore(wrong)) {
      ArchiveUnavailableException e = assertThrows(ArchiveUnavailableException.class,
          () -> refused.put(key("acme"), DOCUMENT));

      assertTrue(e.getMessage().contains("403"), e.getMessage());
    }
  }

  private static String key(String tenant) {
    return ArchiveKeys.of(SessionId.random(tenant), Instant.parse("2026-03-14T10:15:30Z"));
  }

  private List<String> objectsUnder(String prefix) throws Exception {
    List<String> names = new ArrayList<>();
    for (Result<Item> item : client.listObjects(
        ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
      names.add(item.get().objectName());
    }
    return names;
  }
}
