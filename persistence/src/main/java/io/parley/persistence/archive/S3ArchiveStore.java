package io.parley.persistence.archive;

import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.Http;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.errors.ServerException;
import io.parley.core.AsyncCause;
import io.parley.core.archive.ArchiveReceipt;
import io.parley.core.archive.ArchiveStore;
import io.parley.core.archive.ArchiveUnavailableException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive in an S3-compatible bucket (AWS S3, MinIO, Ceph, Garage...), through the MinIO SDK.
 * Constructing it contacts nobody, so a node whose storage is down still starts; the bucket is
 * created when the first write finds it missing. Each object is {@code application/json} with
 * its SHA-256 as the user metadata {@code x-amz-meta-sha256}. Every failure to reach the storage,
 * or refusal by it, is an {@link ArchiveUnavailableException} after at most about one
 * {@code requestTimeout} per request (the SDK retries 5xx answers within it).
 */
final class S3ArchiveStore implements ArchiveStore, AutoCloseable {
  /** The user metadata key (sent as {@code x-amz-meta-sha256}) holding the document's SHA-256 in hex. */
  public static final String SHA256_METADATA = "sha256";
  static final String CONTENT_TYPE = "application/json";

  private static final Logger log = LoggerFactory.getLogger(S3ArchiveStore.class);
  private static final Set<String> MISSING = Set.of("NoSuchKey", "NoSuchBucket", "NoSuchObject");
  private static final Set<String> ALREADY_CREATED = Set.of("BucketAlreadyOwnedByYou", "BucketAlreadyExists");

  private final S3Settings settings;
  private final MinioClient client;

  S3ArchiveStore(S3Settings settings) {
    this.settings = settings;
    this.client = MinioClient.builder()
        .endpoint(settings.endpoint().toString())
        .region(settings.region())
        .credentials(settings.accessKey(), settings.secretKey())
        .httpClient(httpClient(settings), true)
        .build();
  }

  /**
   * What {@code Http.newDefaultClient()} builds (HTTP/1.1, the SDK's retries of 408, 429 and 5xx
   * answers), with our timeouts, and the CA certificates of {@code SSL_CERT_FILE} and
   * {@code SSL_CERT_DIR} only where TLS is used: parsing them costs most of a second.
   */
  private static OkHttpClient httpClient(S3Settings settings) {
    OkHttpClient http = new OkHttpClient.Builder()
        .connectTimeout(settings.connectTimeout())
        .readTimeout(settings.requestTimeout())
        .writeTimeout(settings.requestTimeout())
        .callTimeout(settings.requestTimeout())
        .protocols(List.of(Protocol.HTTP_1_1))
        .addInterceptor(new Http.StatusRetryInterceptor())
        .build();
    if (!"https".equals(settings.endpoint().getScheme())) return http;
    try {
      return Http.enableExternalCertificatesFromEnv(http);
    } catch (MinioException e) {
      throw new IllegalStateException("Cannot load the CA certificates of SSL_CERT_FILE or SSL_CERT_DIR: " + e, e);
    }
  }

  @Override
  public ArchiveReceipt put(String key, byte[] document) {
    ArchiveReceipt receipt = new ArchiveReceipt(key, Checksums.sha256(document), document.length);
    try {
      try {
        write(key, document, receipt.sha256());
      } catch (ErrorResponseException e) {
        if (!"NoSuchBucket".equals(e.errorResponse().code())) throw e;
        createBucket();
        write(key, document, receipt.sha256());
      }
      return receipt;
    } catch (MinioException | IllegalStateException e) {
      throw unavailable("Cannot archive " + key + " to " + location(), e);
    }
  }

  @Override
  public Optional<byte[]> get(String key) {
    GetObjectArgs args = GetObjectArgs.builder().bucket(settings.bucket()).object(key).build();
    try (GetObjectResponse response = client.getObject(args)) {
      return Optional.of(response.readAllBytes());
    } catch (ErrorResponseException e) {
      if (MISSING.contains(e.errorResponse().code())) return Optional.empty();
      throw unavailable("Cannot read " + key + " from " + location(), e);
    } catch (MinioException | IllegalStateException | IOException e) {
      throw unavailable("Cannot read " + key + " from " + location(), e);
    }
  }

  /** S3 deletes say nothing of what was there: the object is looked up first. */
  @Override
  public boolean delete(String key) {
    try {
      client.statObject(StatObjectArgs.builder().bucket(settings.bucket()).object(key).build());
    } catch (ErrorResponseException e) {
      if (MISSING.contains(e.errorResponse().code())) return false;
      throw unavailable("Cannot delete " + key + " from " + location(), e);
    } catch (MinioException | IllegalStateException e) {
      throw unavailable("Cannot delete " + key + " from " + location(), e);
    }
    try {
      client.removeObject(RemoveObjectArgs.builder().bucket(settings.bucket()).object(key).build());
      return true;
    } catch (MinioException | IllegalStateException e) {
      throw unavailable("Cannot delete " + key + " from " + location(), e);
    }
  }

  @Override
  public String location() {
    return "s3://" + settings.bucket();
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (Exception e) {
      log.warn("Closing the S3 client of {} failed", location(), e);
    }
  }

  @Override
  public String toString() {
    return "S3ArchiveStore[" + location() + " at " + settings.endpoint() + "]";
  }

  private void write(String key, byte[] document, String sha256) throws MinioException {
    client.putObject(PutObjectArgs.builder()
        .bucket(settings.bucket())
        .object(key)
        .data(document, document.length)
        .contentType(CONTENT_TYPE)
        .userMetadata(Map.of(SHA256_METADATA, sha256))
        .build());
  }

  private void createBucket() throws MinioException {
    try {
      client.makeBucket(MakeBucketArgs.builder().bucket(settings.bucket()).region(settings.region()).build());
      log.info("Created the archive bucket {} at {}", location(), settings.endpoint());
    } catch (ErrorResponseException e) {
      // Another node created it first; were it someone else's, the write that follows says so.
      if (!ALREADY_CREATED.contains(e.errorResponse().code())) throw e;
    }
  }

  // The SDK's blocking calls throw a MinioException for an answer it understood, and an
  // IllegalStateException around the IOException when there was no answer (refused, timed out).
  private ArchiveUnavailableException unavailable(String what, Exception e) {
    Throwable root = AsyncCause.root(e);
    if (root instanceof InterruptedException) Thread.currentThread().interrupt();
    return new ArchiveUnavailableException(what + " (" + settings.endpoint() + "): " + reason(e, root), e);
  }

  private static String reason(Exception e, Throwable root) {
    if (e instanceof ErrorResponseException error) {
      return "the storage answered " + error.response().code() + " " + error.errorResponse().code()
          + (error.errorResponse().message() == null ? "" : " (" + error.errorResponse().message() + ")");
    }
    if (e instanceof ServerException server) return "the storage answered " + server.statusCode();
    return String.valueOf(root);
  }
}
