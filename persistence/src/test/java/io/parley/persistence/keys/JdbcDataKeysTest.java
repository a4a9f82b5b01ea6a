package io.parley.persistence.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import io.parley.core.config.InvalidSettingException;
import io.parley.core.erasure.KeyLookup;
import io.parley.core.erasure.NewDataKey;
import io.parley.core.erasure.Sealing;
import io.parley.core.session.SessionId;
import io.parley.persistence.Database;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.Dialect;
import io.parley.persistence.PersistenceException;
import io.parley.persistence.testing.OnEachDialect;
import io.parley.persistence.testing.TestDataKeys;
import io.parley.persistence.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcDataKeysTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dataDir;
  private Database database;

  @AfterEach
  void closeDatabase() {
    if (database != null) database.close();
  }

  private Database open(Dialect dialect) {
    database = Database.open(dialect == Dialect.H2 ? DatabaseSettings.h2(dataDir) : TestPostgres.newDatabase());
    database.migrate();
    return database;
  }

  private static NewDataKey stored(Database db, JdbcDataKeys keys, SessionId session, Optional<String> userId) {
    return TestDataKeys.stored(db.dataSource(), keys, session, userId);
  }

  @Test
  void aNodeThatHasNotReadTheTenantKeyYetFindsASessionKeyWithOneConnection() {
    DatabaseSettings h2 = DatabaseSettings.h2(dataDir);
    // One connection: as on a node whose every connection is taken by sessions starting at once.
    database = Database.open(new DatabaseSettings(h2.dialect(), h2.url(), h2.user(), h2.password(), h2.dataDir(), 1,
        h2.journalPoolSize(), Duration.ofSeconds(2)));
    database.migrate();
    SecretKey root = Sealing.newKey();
    SessionId session = SessionId.random("acme");
    NewDataKey created = stored(database, JdbcDataKeys.open(database.dataSource(), Optional.of(root), CLOCK), session,
        Optional.empty());

    JdbcDataKeys takingOver = JdbcDataKeys.open(database.dataSource(), Optional.of(root), CLOCK);
    KeyLookup.Found found = assertInstanceOf(KeyLookup.Found.class, takingOver.find(session));
    assertArrayEquals(created.key().key().getEncoded(), found.key().key().getEncoded());
  }

  @OnEachDialect
  void aSessionKeyIsCreatedOnceFoundByEveryNodeAndGoneAfterErasure(Dialect dialect) throws Exception {
    Database db = open(dialect);
    SecretKey root = Sealing.newKey();
    JdbcDataKeys node1 = JdbcDataKeys.open(db.dataSource(), Optional.of(root), CLOCK);
    JdbcDataKeys node2 = JdbcDataKeys.open(db.dataSource(), Optional.of(root), CLOCK);
    SessionId session = SessionId.random("acme");
    SessionId other = SessionId.random("acme");

    assertInstanceOf(KeyLookup.Absent.class, node1.find(session));
    NewDataKey created = stored(db, node1, session, Optional.of("ada"));
    assertThrows(PersistenceException.class, () -> stored(db, node2, session, Optional.of("ada")),
        "a session has one key: another node's for the same session is refused");
    KeyLookup.Found found = assertInstanceOf(KeyLookup.Found.class, node2.find(session));
    assertEquals(created.key().keyId(), found.key().keyId());
    assertArrayEquals(created.key().key().getEncoded(), found.key().key().getEncoded());
    stored(db, node1, other, Optional.of("ada"));
    stored(db, node1, SessionId.random("acme"), Optional.empty());
    assertEquals(List.of(session, other), node2.sessionsOf("acme", "ada"));
    assertEquals(List.of(), node2.sessionsOf("globex", "ada"));

    try (Connection connection = db.dataSource().getConnection();
        ResultSet rows = connection.createStatement().executeQuery("SELECT wrapped_key FROM data_key")) {
      while (rows.next()) {
        byte[] stored = rows.getBytes(1);
        assertNotEquals(Base64.getEncoder().encodeToString(created.key().key().getEncoded()),
            Base64.getEncoder().encodeToString(stored), "keys are stored wrapped");
      }
    }

    assertEquals(2, node2.erase(List.of(session, other)));
    assertEquals(0, node1.erase(List.of(session, other)), "erasing again erases nothing");
    assertInstanceOf(KeyLookup.Erased.class, node1.find(session));
    assertThrows(PersistenceException.class, () -> stored(db, node1, session, Optional.of("ada")),
        "an erased session never gets a new key");
    assertInstanceOf(KeyLookup.Erased.class, node1.find(session));
    assertEquals(List.of(), node1.sessionsOf("acme", "ada"), "the user id went with the keys");
  }

  @Test
  void aSessionWithoutKeyIsErasedByATombstoneAndOldSessionsAreListed() {
    Database db = open(Dialect.H2);
    JdbcDataKeys keys = JdbcDataKeys.open(db.dataSource(), Optional.empty(), CLOCK);
    SessionId legacy = SessionId.random("acme");
    SessionId old = SessionId.random("acme");
    stored(db, keys, old, Optional.empty());

    assertEquals(0, keys.erase(List.of(legacy)));

    assertInstanceOf(KeyLookup.Erased.class, keys.find(legacy));
    assertEquals(List.of(old), keys.sessionsStartedBefore("acme", CLOCK.instant().plusSeconds(1)));
    assertEquals(List.of("acme"), keys.tenants());
    assertEquals(List.of(), keys.sessionsStartedBefore("acme", CLOCK.instant()));
    assertInstanceOf(KeyLookup.Found.class, JdbcDataKeys.open(db.dataSource(), Optional.empty(), CLOCK).find(old),
        "the generated root key is shared through the database");
  }

  @Test
  void anotherRootKeyIsRefusedNamingTheSetting() {
    Database db = open(Dialect.H2);
    SessionId session = SessionId.random("acme");
    stored(db, JdbcDataKeys.open(db.dataSource(), Optional.of(Sealing.newKey()), CLOCK), session, Optional.empty());

    PersistenceException refused = assertThrows(PersistenceException.class,
        () -> JdbcDataKeys.open(db.dataSource(), Optional.of(Sealing.newKey()), CLOCK).find(session));
    assertEquals(true, refused.getMessage().contains("PARLEY_ROOT_KEY_FILE"), refused.getMessage());
  }

  @Test
  void theRootKeyComesFromAFileOrAValueAndABadOneNamesTheVariable() throws Exception {
    SecretKey key = Sealing.newKey();
    String base64 = Base64.getEncoder().encodeToString(key.getEncoded());
    Path file = Files.writeString(dataDir.resolve("root.key"), base64 + "\n");
    assertArrayEquals(key.getEncoded(), RootKeySettings.create(ConfigFactory.parseMap(
        Map.of("parley.keys.root-key-file", file.toString()))).orElseThrow().getEncoded());
    assertArrayEquals(key.getEncoded(), RootKeySettings.create(ConfigFactory.parseMap(
        Map.of("parley.keys.root-key", base64))).orElseThrow().getEncoded());
    assertEquals(Optional.empty(), RootKeySettings.create(ConfigFactory.load()));
    InvalidSettingException bad = assertThrows(InvalidSettingException.class, () -> RootKeySettings.create(
        ConfigFactory.parseMap(Map.of("parley.keys.root-key", "c2hvcnQ="))));
    assertEquals(true, bad.getMessage().startsWith("PARLEY_ROOT_KEY "), bad.getMessage());
    assertThrows(InvalidSettingException.class, () -> RootKeySettings.create(
        ConfigFactory.parseMap(Map.of("parley.keys.root-key-file", dataDir.resolve("missing").toString()))));
  }
}
