package io.parley.persistence.archive;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * An S3-compatible bucket to archive to.
 *
 * @param endpoint {@code http(s)://host[:port]}, without path or credentials
 * @param connectTimeout how long to wait for a TCP connection to the endpoint
 * @param requestTimeout the bound on one request, including the SDK's retries of 5xx answers
 */
public record S3Settings(
    URI endpoint,
    String accessKey,
    String secretKey,
    String bucket,
    String region,
    Duration connectTimeout,
    Duration requestTimeout) {

  public S3Settings {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(accessKey, "accessKey");
    Objects.requireNonNull(secretKey, "secretKey");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
  }

  /** Hand-written so that the secret key never reaches a log line. */
  @Override
  public String toString() {
    return "S3Settings[endpoint=" + endpoint + ", accessKey=" + accessKey + ", secretKey=****"
        + ", bucket=" + bucket + ", region=" + region + ", connectTimeout=" + connectTimeout
        + ", requestTimeout=" + requestTimeout + "]";
  }
}
