package io.parley.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.parley.core.config.InvalidSettingException;
import io.parley.core.testing.ModuleReference;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseSettingsTest {

  private static final ModuleReference REFERENCE = ModuleReference.of(DatabaseSettings.class);

  private static DatabaseSettings settings(Map<String, Object> values) {
    return DatabaseSettings.create(REFERENCE.with(values));
  }

  @Test
  void noUrlSelectsAnEmbeddedH2FileDatabaseInTheDataDir() {
    DatabaseSettings settings = settings(Map.of("parley.data-dir", "/var/lib/parley"));

    assertEquals(Dialect.H2, settings.dialect());
    assertEquals(Path.of("/var/lib/parley"), settings.dataDir());
    assertTrue(settings.url().startsWith("jdbc:h2:file:/var/lib/parley/parley;"), settings.url());
    assertTrue(settings.url().contains(";WRITE_DELAY=0"), settings.url());
    assertTrue(settings.url().contains(";DB_CLOSE_ON_EXIT=FALSE"), settings.url());
    assertEquals(4, settings.poolSize());
    assertEquals(10, settings.journalPoolSize());
    assertEquals(Duration.ofSeconds(5), settings.connectionTimeout());
  }

  /** A session event is a few hundred bytes: H2 keeps it in its row, not in its separate LOB store. */
  @Test
  void theEmbeddedDatabaseKeepsEventSizedPayloadsInTheirRows(@TempDir Path dataDir) throws SQLException {
    DatabaseSettings settings = settings(Map.of("parley.data-dir", dataDir.toString()));

    try (Connection connection = DriverManager.getConnection(settings.url(), settings.user().orElseThrow(), "");
        ResultSet setting = connection.createStatement().executeQuery(
            "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'MAX_LENGTH_INPLACE_LOB'")) {
      assertTrue(setting.next());
      assertEquals(4096, Integer.parseInt(setting.getString(1)));
    }
  }

  @Test
  void theDefaultDataDirIsDataUnderTheWorkingDirectory() {
    DatabaseSettings settings = DatabaseSettings.create(REFERENCE.defaults());

    assertEquals(Path.of("data").toAbsolutePath(), settings.dataDir());
  }

  @Test
  void aPostgresUrlSelectsPostgresWithItsCredentials() {
    DatabaseSettings settings = settings(Map.of(
        "parley.db.url", "jdbc:postgresql://db.internal:5432/parley",
        "parley.db.user", "parley",
        "parley.db.password", " secret ",
        "parley.db.pool-size", "7",
        "parley.db.journal-pool-size", "12",
        "parley.db.connection-timeout", "2s"));

    assertEquals(Dialect.POSTGRES, settings.dialect());
    assertEquals("jdbc:postgresql://db.internal:5432/parley", settings.url());
    assertEquals(Optional.of("parley"), settings.user());
    assertEquals(Optional.of(" secret "), settings.password());
    assertEquals(7, settings.poolSize());
    assertEquals(12, settings.journalPoolSize());
    assertEquals(Duration.ofSeconds(2), settings.connectionTimeout());
  }

  @Test
  void aUrlOfAnotherDatabaseFailsNamingTheVariableAndTheExpectedForm() {
    InvalidSettingException e = assertThrows(InvalidSettingException.class,
        () -> settings(Map.of("parley.db.url", "jdbc:mysql://db:3306/parley")));

    assertTrue(e.getMessage().startsWith("PARLEY_DB_URL (parley.db.url): expected a PostgreSQL JDBC URL"
        + " such as jdbc:postgresql://"), e.getMessage());
    assertTrue(e.getMessage().contains("got 'jdbc:mysql://db:3306/parley'"), e.getMessage());
  }

  @Test
  void aPostgresUrlWithoutAHostFails() {
    assertThrows(InvalidSettingException.class, () -> settings(Map.of("parley.db.url", "jdbc:postgresql://")));
  }

  @Test
  void aBadPoolSizeNamesItsVariable() {
    InvalidSettingException e = assertThrows(InvalidSettingException.class,
        () -> settings(Map.of("parley.db.pool-size", "0")));

    assertTrue(e.getMessage().startsWith("PARLEY_DB_POOL_SIZE"), e.getMessage());
  }

  @Test
  void theEnvironmentOverridesTheDefaults() {
    // ${?PARLEY_DB_URL} finds a root-level PARLEY_DB_URL before it looks at the environment.
    Config withEnvironment = REFERENCE.withEnvironment(
        Map.of("PARLEY_DB_URL", "jdbc:postgresql://10.0.0.5/parley", "PARLEY_DATA_DIR", "/srv/parley"));

    DatabaseSettings settings = DatabaseSettings.create(withEnvironment);

    assertEquals(Dialect.POSTGRES, settings.dialect());
    assertEquals("jdbc:postgresql://10.0.0.5/parley", settings.url());
    assertEquals(Path.of("/srv/parley"), settings.dataDir());
  }

  @Test
  void thePasswordStaysOutOfToString() {
    DatabaseSettings settings = settings(Map.of(
        "parley.db.url", "jdbc:postgresql://db/parley?user=a&password=hunter2",
        "parley.db.password", "hunter3"));

    assertFalse(settings.toString().contains("hunter"), settings.toString());
  }
}
