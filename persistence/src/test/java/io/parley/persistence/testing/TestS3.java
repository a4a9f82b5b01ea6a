package io.parley.persistence.testing;

import static io.parley.core.testing.Awaiting.await;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.parley.persistence.archive.S3Settings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * An S3-compatible server for tests: an embedded S3Proxy on a random loopback port, storing
 * buckets as directories in a temporary directory, with AWS v2/v4 signatures checked against a key
 * pair generated per server. {@link #stop()} and {@link #start()} keep the port and the directory,
 * so a test can take the storage away and bring it back with its objects.
 *
 * <p>{@link #shared()} is one server per JVM for tests that only read and write; a test that stops
 * the server uses its own, from {@link #startNew()}, and closes it. Each test takes a bucket of its
 * own from {@link #newBucketName()}; the store creates it on first write.
 *
 * <p>From another module: depend on {@code parley-persistence} with {@code <type>test-jar</type>}
 * and on {@code org.gaul:s3proxy}, both in test scope.
 */
public final class TestS3 implements AutoCloseable {
  private static TestS3 shared;

  private final Path directory;
  private final String accessKey;
  private final String secretKey;
  private final boolean isShared;
  private S3Proxy proxy;
  private int port;

  private TestS3(boolean isShared) {
    this.isShared = isShared;
    SecureRandom random = new SecureRandom();
    this.accessKey = "TEST" + HexFormat.of().withUpperCase().formatHex(bytes(random, 8));
    this.secretKey = HexFormat.of().formatHex(bytes(random, 20));
    try {
      this.directory = Files.createTempDirectory("parley-test-s3-");
    } catch (IOException e) {
      throw new IllegalStateException("Cannot create a directory for the test S3 server", e);
    }
  }

  /** The server shared by the tests of this JVM, started on first use; never stop it. */
  public static synchronized TestS3 shared() {
    if (shared == null) {
      TestS3 server = new TestS3(true);
      server.start();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-s3-stop"));
      shared = server;
    }
    return shared;
  }

  /** A server of the caller's own, running; close it at the end of the test. */
  public static TestS3 startNew() {
    TestS3 server = new TestS3(false);
    server.start();
    return server;
  }

  /** {@code http://127.0.0.1:<port>}, the same across {@link #stop()} and {@link #start()}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  /** A bucket name no other test uses; the bucket itself does not exist yet. */
  public String newBucketName() {
    return "test-" + UUID.randomUUID();
  }

  /** Settings for a store on {@code bucket} of this server, with timeouts short enough for tests. */
  public S3Settings settings(String bucket) {
    return new S3Settings(endpoint(), accessKey, secretKey, bucket, "us-east-1",
        Duration.ofSeconds(2), Duration.ofSeconds(5));
  }

  /** The same as {@code parley.archive.s3.*} configuration, for code that reads its settings from Config. */
  public Config config(String bucket) {
    return ConfigFactory.parseMap(Map.of(
        "parley.archive.s3.endpoint", endpoint().toString(),
        "parley.archive.s3.access-key", accessKey,
        "parley.archive.s3.secret-key", secretKey,
        "parley.archive.s3.bucket", bucket,
        "parley.archive.s3.region", "us-east-1",
        "parley.archive.s3.connect-timeout", "2s",
        "parley.archive.s3.request-timeout", "5s"));
  }

  /** Starts the server: on a random port the first time, then on the same port with the same objects. */
  public synchronized void start() {
    if (proxy != null) return;
    S3Proxy started = S3Proxy.builder()
        .blobStore(new FilesystemNio2BlobStore(directory.toString()))
        .endpoint(URI.create("http://127.0.0.1:" + port))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
        .stopTimeout(0)
        .build();
    try {
      started.start();
      await("the S3 server started").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
          .until(started::getState, "STARTED"::equals);
    } catch (Exception e) {
      try {
        started.stop();
      } catch (Exception ignored) {
        // reporting the start failure matters more
      }
      throw new IllegalStateException("Cannot start the test S3 server (S3Proxy) on 127.0.0.1:" + port + ": " + e, e);
    }
    port = started.getPort();
    proxy = started;
  }

  /** Stops the server, as storage that went down: connections to {@link #endpoint()} are refused. */
  public synchronized void stop() {
    if (isShared) throw new IllegalStateException("The shared test S3 server is never stopped; use TestS3.startNew()");
    halt();
  }

  /** Stops the server and deletes its objects. */
  @Override
  public synchronized void close() {
    halt();
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a temporary directory; the operating system cleans it eventually
    }
  }

  private static byte[] bytes(SecureRandom random, int count) {
    byte[] bytes = new byte[count];
    random.nextBytes(bytes);
    return bytes;
  }

  private void halt() {
    if (proxy == null) return;
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot stop the test S3 server on port " + port, e);
    } finally {
      proxy = null;
    }
  }
}
