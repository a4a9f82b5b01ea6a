package io.parley.persistence.conversations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.persistence.Database;
import io.parley.persistence.Dialect;
import io.parley.persistence.Transactions;
import io.parley.persistence.conversations.ConversationTerms.SessionKey;
import io.parley.persistence.testing.DialectDatabases;
import io.parley.persistence.testing.OnEachDialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A batch's terms land as one row each for their tenant and session, on H2 and PostgreSQL: a term
 * a session already holds (a batch folded again after a crash) adds no row and fails nothing, and
 * the same term in two sessions or two tenants is a row for each.
 */
class ConversationTermsTest {
  @RegisterExtension final DialectDatabases databases = new DialectDatabases();
  private Database database;

  @OnEachDialect
  void eachSessionHoldsEachOfItsTermsOnce(Dialect dialect) {
    database = databases.open(dialect);
    SessionKey first = new SessionKey("acme", "s1");
    SessionKey second = new SessionKey("acme", "s2");
    SessionKey other = new SessionKey("globex", "s1");
    Map<SessionKey, Set<Long>> batch = new LinkedHashMap<>();
    batch.put(first, Set.of(1L, -7L, Long.MAX_VALUE));
    batch.put(second, Set.of(1L));
    batch.put(other, Set.of(1L));
    add(batch);
    add(Map.of(first, Set.of(-7L, 42L), second, Set.of()));
    add(Map.of());

    assertEquals(List.of("acme s1 -7", "acme s1 1", "acme s1 42", "acme s1 " + Long.MAX_VALUE, "acme s2 1",
        "globex s1 1"), rows());
  }

  private void add(Map<SessionKey, Set<Long>> terms) {
    Transactions.write(database.dataSource(), "add terms", connection -> {
      ConversationTerms.add(connection, terms);
      return null;
    });
  }

  private List<String> rows() {
    return Transactions.read(database.dataSource(), "read terms", connection -> {
      List<String> rows = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement(
              "SELECT tenant, session_id, term FROM conversation_term ORDER BY tenant, session_id, term");
          ResultSet found = select.executeQuery()) {
        while (found.next()) rows.add(found.getString(1) + " " + found.getString(2) + " " + found.getLong(3));
      }
      return rows;
    });
  }
}
