package io.parley.persistence.testing;

import io.parley.core.erasure.NewDataKey;
import io.parley.core.session.SessionId;
import io.parley.persistence.Transactions;
import io.parley.persistence.keys.JdbcDataKeys;
import java.util.Optional;
import javax.sql.DataSource;

/** A session's new data key stored on its own, where a test has no journal to store it with a first event. */
public final class TestDataKeys {
  private TestDataKeys() {}

  public static NewDataKey stored(DataSource dataSource, JdbcDataKeys keys, SessionId session, Optional<String> userId) {
    NewDataKey key = keys.newKey(session, userId);
    return Transactions.write(dataSource, "store the data key of session " + session.uuid(), connection -> {
      JdbcDataKeys.insert(connection, key);
      return key;
    });
  }
}
