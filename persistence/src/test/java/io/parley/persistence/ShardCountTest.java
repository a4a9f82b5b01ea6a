package io.parley.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.config.InvalidSettingException;
import io.parley.persistence.testing.DialectDatabases;
import io.parley.persistence.testing.OnEachDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

class ShardCountTest {
  private static final List<String> TYPES = List.of("Workflow", "ChatSession");

  @RegisterExtension final DialectDatabases databases = new DialectDatabases();

  @OnEachDialect
  void aNewDatabaseKeepsTheCountItsFirstNodeStartedWith(Dialect dialect) {
    Database database = databases.open(dialect);
    assertEquals(ShardCount.FOR_A_NEW_DATABASE, ShardCount.settle(database.dataSource(), Optional.empty(), TYPES));
    assertEquals(ShardCount.FOR_A_NEW_DATABASE, ShardCount.settle(database.dataSource(), Optional.empty(), TYPES));
    assertEquals(ShardCount.FOR_A_NEW_DATABASE,
        ShardCount.settle(database.dataSource(), Optional.of(ShardCount.FOR_A_NEW_DATABASE), TYPES));
  }

  @OnEachDialect
  void aCountOtherThanTheRecordedOneStopsTheStartAndSaysWhatToSet(Dialect dialect) {
    Database database = databases.open(dialect);
    assertEquals(40, ShardCount.settle(database.dataSource(), Optional.of(40), TYPES));

    InvalidSettingException refused =
        assertThrows(InvalidSettingException.class, () -> ShardCount.settle(database.dataSource(), Optional.of(100), TYPES));

    assertTrue(refused.getMessage().contains("PARLEY_CLUSTER_SHARDS=40"), refused.getMessage());
    assertEquals(40, ShardCount.settle(database.dataSource(), Optional.empty(), TYPES));
  }

  @OnEachDialect
  void aJournalThatRememberedEntitiesBeforeTheCountWasRecordedKeepsPekkosDefault(Dialect dialect) throws SQLException {
    Database database = databases.openEmpty(dialect);
    DataSource dataSource = database.dataSource();
    // The database as a release before V9 left it: entities remembered, no cluster_settings table.
    Migrations.forDialect(dialect).upTo(8).apply(dataSource);
    remember(dataSource, "/sharding/ChatSessionShard/417");

    database.migrate();

    assertEquals(ShardCount.BEFORE_IT_WAS_RECORDED, ShardCount.settle(dataSource, Optional.empty(), TYPES));
    assertThrows(InvalidSettingException.class, () -> ShardCount.settle(dataSource, Optional.of(100), TYPES));
  }

  @OnEachDialect
  void aJournalWrittenWithMoreShardsThanRecordedStopsTheStart(Dialect dialect) throws SQLException {
    Database database = databases.open(dialect);
    DataSource dataSource = database.dataSource();
    ShardCount.settle(dataSource, Optional.empty(), TYPES);
    remember(dataSource, "/sharding/ChatSessionShard/99");
    ShardCount.settle(dataSource, Optional.empty(), TYPES);
    // As a journal of 1,000 shards restored without its cluster_settings row would hold it.
    remember(dataSource, "/sharding/ChatSessionShard/417");

    PersistenceException refused =
        assertThrows(PersistenceException.class, () -> ShardCount.settle(dataSource, Optional.empty(), TYPES));

    assertTrue(refused.getMessage().contains("remembers /sharding/ChatSessionShard/417, a shard past the 100"),
        refused.getMessage());
  }

  @OnEachDialect
  void nodesStartingTogetherOnANewDatabaseAgree(Dialect dialect) {
    Database database = databases.open(dialect);
    List<CompletableFuture<Integer>> nodes = IntStream.range(0, 4)
        .mapToObj(node -> CompletableFuture.supplyAsync(() -> ShardCount.settle(database.dataSource(), Optional.empty(), TYPES)))
        .toList();

    assertEquals(List.of(100, 100, 100, 100), nodes.stream().map(CompletableFuture::join).toList());
  }

  /** A remembered-entities store's first event, as Pekko's sharding writes it (the payload does not matter here). */
  private static void remember(DataSource dataSource, String persistenceId) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO event_journal (persistence_id, "
            + "sequence_number, writer, write_timestamp, adapter_manifest, event_payload, event_ser_id, "
            + "event_ser_manifest) VALUES (?, 1, 'w', 0, '', ?, 1, 'A')")) {
      insert.setString(1, persistenceId);
      insert.setBytes(2, new byte[] {0});
      insert.executeUpdate();
    }
  }
}
