package io.parley.persistence.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.persistence.Database;
import io.parley.persistence.Dialect;
import io.parley.persistence.testing.DialectDatabases;
import io.parley.persistence.testing.OnEachDialect;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On both databases: a tenant's files are counted up to its quota and no further, even when many
 * writers store at once; a deleted file is counted off, never below none; tenants count apart.
 */
class StoredBytesTest {
  @RegisterExtension final DialectDatabases databases = new DialectDatabases();

  @OnEachDialect
  void filesAreCountedUpToTheQuotaAndOffAsTheyAreDeleted(Dialect dialect) {
    Database database = databases.open(dialect);
    JdbcStoredBytes stored = new JdbcStoredBytes(database.dataSource());
    assertTrue(stored.add("acme", 600, 1000));
    assertTrue(stored.add("acme", 400, 1000), "exactly the quota fits");
    assertFalse(stored.add("acme", 1, 1000));
    assertEquals(1000, stored.stored("acme"), "a refused file counts nothing");
    assertTrue(stored.add("globex", 900, 1000), "another tenant counts apart");
    stored.remove("acme", 600);
    assertTrue(stored.add("acme", 500, 1000));
    stored.remove("acme", 5000);
    assertEquals(0, stored.stored("acme"), "never below none");
    assertTrue(stored.add("acme", 1L << 40, 0), "0 is no quota");
    stored.remove("initech", 10);
    assertEquals(0, stored.stored("initech"));
  }

  @OnEachDialect
  void writersStoringAtOnceNeverPassTheQuotaTogether(Dialect dialect) {
    JdbcStoredBytes stored = new JdbcStoredBytes(databases.open(dialect).dataSource());
    List<CompletableFuture<Boolean>> writers = new ArrayList<>();
    for (int i = 0; i < 20; i++) writers.add(CompletableFuture.supplyAsync(() -> stored.add("acme", 100, 1000)));
    long admitted = writers.stream().filter(CompletableFuture::join).count();
    assertEquals(10, admitted);
    assertEquals(1000, stored.stored("acme"));
  }
}
