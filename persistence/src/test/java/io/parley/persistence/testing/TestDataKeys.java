package io.parley.persistence.testing;

import io.parley.core.erasure.NewDataKey;
import io.parley.core.session.SessionId;
import io.parley.persistence.Database;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.Transactions;
import io.parley.persistence.keys.JdbcDataKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The sessions' data keys on a migrated H2 database of their own, opened at once; registered as a
 * static extension, the database is closed after the class's tests.
 */
public final class TestDataKeys implements AfterAllCallback {
  private final Database database;
  private final JdbcDataKeys keys;

  public TestDataKeys() {
    try {
      this.database = Database.open(DatabaseSettings.h2(Files.createTempDirectory("parley-keys")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    database.migrate();
    this.keys = JdbcDataKeys.open(database.dataSource(), Optional.empty(), Clock.systemUTC());
  }

  public JdbcDataKeys keys() {
    return keys;
  }

  /** A session's new data key, stored on its own. */
  public NewDataKey stored(SessionId session, Optional<String> userId) {
    return stored(database.dataSource(), keys, session, userId);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    database.close();
  }

  /** A session's new data key stored on its own, where a test has no journal to store it with a first event. */
  public static NewDataKey stored(DataSource dataSource, JdbcDataKeys keys, SessionId session, Optional<String> userId) {
    NewDataKey key = keys.newKey(session, userId);
    return Transactions.write(dataSource, "store the data key of session " + session.uuid(), connection -> {
      JdbcDataKeys.insert(connection, key);
      return key;
    });
  }
}
