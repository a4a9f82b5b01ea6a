package io.parley.persistence.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.parley.core.archive.ArchiveStore;
import io.parley.core.config.InvalidSettingException;
import io.parley.core.testing.ModuleReference;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArchiveSettingsTest {

  private static final ModuleReference REFERENCE = ModuleReference.of(ArchiveSettings.class);

  private static final Map<String, String> S3 = Map.of(
      "parley.archive.s3.endpoint", "https://s3.eu-west-1.amazonaws.com",
      "parley.archive.s3.access-key", "AKIAEXAMPLE",
      "parley.archive.s3.secret-key", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

  private static ArchiveSettings settings(Map<String, String> values) {
    return ArchiveSettings.create(REFERENCE.with(values));
  }

  private static ArchiveSettings s3With(String path, String value) {
    Map<String, String> values = new HashMap<>(S3);
    values.put(path, value);
    return settings(values);
  }

  private static InvalidSettingException failure(Runnable read) {
    return assertThrows(InvalidSettingException.class, read::run);
  }

  @Test
  void noEndpointArchivesToTheArchiveDirectoryOfTheDataDir() {
    ArchiveSettings settings = settings(Map.of("parley.data-dir", "/var/lib/parley"));

    assertEquals(Path.of("/var/lib/parley/archive"), settings.directory());
    assertEquals(Optional.empty(), settings.s3());
    ArchiveStore store = ArchiveStores.create(settings);
    assertInstanceOf(DirectoryArchiveStore.class, store);
    assertEquals("file:/var/lib/parley/archive", store.location());
  }

  @Test
  void anEndpointWithKeysSelectsS3WithTheDefaultBucketRegionAndTimeouts() {
    S3Settings s3 = settings(S3).s3().orElseThrow();

    assertEquals(URI.create("https://s3.eu-west-1.amazonaws.com"), s3.endpoint());
    assertEquals("AKIAEXAMPLE", s3.accessKey());
    assertEquals("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", s3.secretKey());
    assertEquals("parley-archive", s3.bucket());
    assertEquals("us-east-1", s3.region());
    assertEquals(Duration.ofSeconds(5), s3.connectTimeout());
    assertEquals(Duration.ofSeconds(30), s3.requestTimeout());
  }

  @Test
  void anS3StoreIsCreatedWithoutContactingTheEndpoint() {
    // Nothing listens on port 9 of the loopback; a node must start while its storage is down.
    ArchiveStore store = ArchiveStores.create(ConfigFactory.parseMap(
        Map.of("parley.archive.s3.endpoint", "https://127.0.0.1:9", "parley.archive.s3.bucket", "archive")
    ).withFallback(ConfigFactory.parseMap(S3)).withFallback(REFERENCE.defaults()));

    assertInstanceOf(S3ArchiveStore.class, store);
    assertEquals("s3://archive", store.location());
    ((S3ArchiveStore) store).close();
  }

  @Test
  void theEnvironmentOverridesTheDefaults() {
    // ${?PARLEY_S3_ENDPOINT} finds a root-level PARLEY_S3_ENDPOINT before it looks at the environment.
    Config withEnvironment = REFERENCE.withEnvironment(Map.of(
        "PARLEY_S3_ENDPOINT", "http://minio.internal:9000/",
        "PARLEY_S3_ACCESS_KEY", "parley",
        "PARLEY_S3_SECRET_KEY", "s3cr3t-s3cr3t",
        "PARLEY_S3_BUCKET", "acme.archive",
        "PARLEY_S3_REGION", "eu-central-1",
        "PARLEY_S3_CONNECT_TIMEOUT", "2s",
        "PARLEY_S3_REQUEST_TIMEOUT", "10s"));

    S3Settings s3 = ArchiveSettings.create(withEnvironment).s3().orElseThrow();

    assertEquals(new S3Settings(URI.create("http://minio.internal:9000"), "parley", "s3cr3t-s3cr3t",
        "acme.archive", "eu-central-1", Duration.ofSeconds(2), Duration.ofSeconds(10)), s3);
  }

  @Test
  void aBadEndpointFailsNamingTheVariableAndTheExpectedForm() {
    for (String endpoint : new String[] {"s3.amazonaws.com", "ftp://s3.example.com", "http://", "http://minio:9000/bucket",
        "http://minio:9000?x=1", "not a url"}) {
      InvalidSettingException e = failure(() -> s3With("parley.archive.s3.endpoint", endpoint));

      assertTrue(e.getMessage().startsWith("PARLEY_S3_ENDPOINT (parley.archive.s3.endpoint): expected an http://"
          + " or https:// URL"), e.getMessage());
      assertTrue(e.getMessage().contains("got '" + endpoint + "'"), e.getMessage());
    }
  }

  @Test
  void credentialsInTheEndpointFailWithoutBeingRepeated() {
    InvalidSettingException e = failure(() -> s3With("parley.archive.s3.endpoint", "http://parley:hunter2@minio:9000"));

    assertTrue(e.getMessage().startsWith("PARLEY_S3_ENDPOINT"), e.getMessage());
    assertTrue(e.getMessage().contains("PARLEY_S3_SECRET_KEY"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }

  @Test
  void anEndpointWithoutKeysFailsNamingTheMissingKey() {
    InvalidSettingException noAccessKey = failure(() -> s3With("parley.archive.s3.access-key", ""));
    InvalidSettingException noSecretKey = failure(() -> s3With("parley.archive.s3.secret-key", " "));

    assertEquals("PARLEY_S3_ACCESS_KEY (parley.archive.s3.access-key) is required when PARLEY_S3_ENDPOINT is set:"
        + " expected the access key id of the bucket's account", noAccessKey.getMessage());
    assertTrue(noSecretKey.getMessage().startsWith("PARLEY_S3_SECRET_KEY (parley.archive.s3.secret-key) is required"
        + " when PARLEY_S3_ENDPOINT is set"), noSecretKey.getMessage());
  }

  @Test
  void keysWithoutAnEndpointAreIgnored() {
    Map<String, String> values = new HashMap<>(S3);
    values.put("parley.archive.s3.endpoint", "");

    assertEquals(Optional.empty(), settings(values).s3());
  }

  @Test
  void badBucketRegionAndTimeoutsNameTheirVariables() {
    assertTrue(failure(() -> s3With("parley.archive.s3.bucket", "Parley_Archive")).getMessage()
        .startsWith("PARLEY_S3_BUCKET (parley.archive.s3.bucket): expected an S3 bucket name"));
    assertTrue(failure(() -> s3With("parley.archive.s3.bucket", "")).getMessage().startsWith("PARLEY_S3_BUCKET"));
    assertTrue(failure(() -> s3With("parley.archive.s3.region", "EU West")).getMessage()
        .startsWith("PARLEY_S3_REGION (parley.archive.s3.region): expected a region name"));
    assertTrue(failure(() -> s3With("parley.archive.s3.access-key", "AKIA EXAMPLE")).getMessage()
        .startsWith("PARLEY_S3_ACCESS_KEY"));
    assertTrue(failure(() -> s3With("parley.archive.s3.connect-timeout", "0s")).getMessage()
        .startsWith("PARLEY_S3_CONNECT_TIMEOUT"));
    assertTrue(failure(() -> s3With("parley.archive.s3.request-timeout", "soon")).getMessage()
        .startsWith("PARLEY_S3_REQUEST_TIMEOUT"));
  }

  @Test
  void theSecretKeyStaysOutOfToString() {
    ArchiveSettings settings = settings(S3);

    assertFalse(settings.toString().contains("wJalrXUtnFEMI"), settings.toString());
    assertTrue(settings.toString().contains("AKIAEXAMPLE"), settings.toString());
  }
}
