package io.parley.persistence.testing;

import io.parley.core.erasure.NewDataKey;
import io.parley.core.session.SessionId;
import io.parley.persistence.Database;
import io.parley.persistence.Transactions;
import io.parley.persistence.keys.JdbcDataKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The sessions' data keys on a migrated H2 database of their own; registered as a static extension,
 * the database is opened before each run of the class's tests (surefire's rerun of a failed one too)
 * and closed after it. The class reads the keys per test, {@link #keys()}.
 */
public final class TestDataKeys implements BeforeAllCallback, AfterAllCallback {
  private Database database;
  private JdbcDataKeys keys;

  /** The keys of the class's run under way. */
  public JdbcDataKeys keys() {
    if (keys == null) throw new IllegalStateException("the keys' database opens before the class's tests: read it in a test");
    return keys;
  }

  /** A session's new data key, stored on its own. */
  public NewDataKey stored(SessionId session, Optional<String> userId) {
    JdbcDataKeys open = keys();
    return stored(database.dataSource(), open, session, userId);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    try {
      database = Database.open(TestH2.migratedIn(Files.createTempDirectory("parley-keys")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    database.migrate();
    keys = JdbcDataKeys.open(database.dataSource(), Optional.empty(), Clock.systemUTC());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    database.close();
    database = null;
    keys = null;
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
