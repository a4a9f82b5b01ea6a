package io.parley.persistence.archive;

import com.typesafe.config.Config;
import io.parley.core.config.InvalidSettingException;
import io.parley.core.config.SettingsReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where closed conversations are archived: the S3-compatible bucket of {@code parley.archive.s3.*}
 * when an endpoint is set, or else the directory {@code <data-dir>/archive}.
 *
 * @param directory the directory archive (absolute); used when {@code s3} is empty
 */
record ArchiveSettings(Path directory, Optional<S3Settings> s3) {

  static final String DIRECTORY_NAME = "archive";

  // S3's bucket naming rules: 3 to 63 lower-case letters, digits, dots and hyphens, a letter or digit at each end.
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern REGION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  private static final String ENDPOINT_FORM = "an http:// or https:// URL without path or credentials, such as"
      + " https://s3.eu-west-1.amazonaws.com or http://127.0.0.1:9000, or nothing to archive to"
      + " the directory <PARLEY_DATA_DIR>/archive";

  /** Reads {@code parley.archive.*} and {@code parley.data-dir}; a bad value fails naming the variable to fix. */
  public static ArchiveSettings create(Config config) {
    SettingsReader reader = new SettingsReader(config);
    Path directory = reader.path("parley.data-dir", "PARLEY_DATA_DIR").resolve(DIRECTORY_NAME);
    Duration connectTimeout = reader.duration("parley.archive.s3.connect-timeout", "PARLEY_S3_CONNECT_TIMEOUT");
    Duration requestTimeout = reader.duration("parley.archive.s3.request-timeout", "PARLEY_S3_REQUEST_TIMEOUT");
    Optional<URI> endpoint = endpoint(reader);
    if (endpoint.isEmpty()) return new ArchiveSettings(directory, Optional.empty());

    String accessKey = requiredWithEndpoint(reader.optionalString("parley.archive.s3.access-key",
            "PARLEY_S3_ACCESS_KEY", "an access key id without spaces", raw -> !raw.matches(".*\\s.*")),
        "PARLEY_S3_ACCESS_KEY", "parley.archive.s3.access-key", "the access key id of the bucket's account");
    String secretKey = requiredWithEndpoint(secretKey(config),
        "PARLEY_S3_SECRET_KEY", "parley.archive.s3.secret-key", "the secret access key of that access key id");
    String bucket = requiredWithEndpoint(reader.optionalString("parley.archive.s3.bucket", "PARLEY_S3_BUCKET",
            "an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, such as parley-archive",
            raw -> BUCKET.matcher(raw).matches() && !raw.contains("..")),
        "PARLEY_S3_BUCKET", "parley.archive.s3.bucket", "a bucket name such as parley-archive");
    String region = requiredWithEndpoint(reader.optionalString("parley.archive.s3.region", "PARLEY_S3_REGION",
            "a region name such as us-east-1 or eu-central-1", raw -> REGION.matcher(raw).matches()),
        "PARLEY_S3_REGION", "parley.archive.s3.region", "a region name such as us-east-1");
    return new ArchiveSettings(directory, Optional.of(
        new S3Settings(endpoint.get(), accessKey, secretKey, bucket, region, connectTimeout, requestTimeout)));
  }

  private static Optional<URI> endpoint(SettingsReader reader) {
    String path = "parley.archive.s3.endpoint";
    Optional<String> raw = reader.optionalString(path);
    if (raw.isEmpty()) return Optional.empty();
    URI uri;
    try {
      uri = new URI(raw.get().endsWith("/") ? raw.get().substring(0, raw.get().length() - 1) : raw.get());
    } catch (URISyntaxException e) {
      uri = null;
    }
    // Checked first, and the value not repeated: a mistake here would print the secret into the log.
    if (uri != null && uri.getRawUserInfo() != null) {
      throw new InvalidSettingException("PARLEY_S3_ENDPOINT (" + path + "): expected " + ENDPOINT_FORM
          + ", got a URL with credentials in it; set PARLEY_S3_ACCESS_KEY and PARLEY_S3_SECRET_KEY instead");
    }
    URI parsed = uri;
    return reader.optionalString(path, "PARLEY_S3_ENDPOINT", ENDPOINT_FORM, ignored -> parsed != null
            && ("http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme()))
            && parsed.getHost() != null
            && (parsed.getRawPath() == null || parsed.getRawPath().isEmpty())
            && parsed.getRawQuery() == null && parsed.getRawFragment() == null)
        .map(ignored -> parsed);
  }

  // Not trimmed, and never echoed in an error: it is a credential.
  private static Optional<String> secretKey(Config config) {
    String path = "parley.archive.s3.secret-key";
    if (!config.hasPath(path)) return Optional.empty();
    String raw = config.getString(path);
    return raw.isBlank() ? Optional.empty() : Optional.of(raw);
  }

  private static String requiredWithEndpoint(Optional<String> value, String env, String path, String expected) {
    return value.orElseThrow(() -> new InvalidSettingException(env + " (" + path + ") is required when"
        + " PARLEY_S3_ENDPOINT is set: expected " + expected));
  }
}
