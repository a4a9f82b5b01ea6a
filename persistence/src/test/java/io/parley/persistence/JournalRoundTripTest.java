package io.parley.persistence;

import static io.parley.persistence.testing.Sql.execute;
import static io.parley.persistence.testing.Sql.query;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.parley.persistence.testing.OnEachDialect;
import io.parley.persistence.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.io.TempDir;

/** The journal overlay against a real database: persist, stop the actor system, recover in a new one. */
class JournalRoundTripTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  static final Config TEST_CONFIG = ConfigFactory.parseString(String.join("\n",
      "pekko.actor.provider = local",
      "pekko.actor.serialization-bindings { \"io.parley.core.CborSerializable\" = jackson-cbor }",
      "pekko.loglevel = WARNING"));

  @TempDir Path dataDir;

  @OnEachDialect
  void eventsAndSnapshotsAreRecoveredByTheNextActorSystem(Dialect dialect) throws SQLException {
    DatabaseSettings settings = dialect == Dialect.H2 ? DatabaseSettings.h2(dataDir) : TestPostgres.newDatabase();
    try (Database database = Database.open(settings)) {
      database.migrate();
      Config config = JournalConfig.overlay(settings).withFallback(TEST_CONFIG).withFallback(ConfigFactory.load());

      ActorTestKit first = ActorTestKit.create("first", config);
      try {
        ActorRef<Counter.Command> counter = first.spawn(Counter.create("c1"));
        TestProbe<Integer> totals = first.createTestProbe();
        int total = 0;
        for (int amount = 1; amount <= 5; amount++) {
          counter.tell(new Counter.Add(amount, totals.ref()));
          total += amount;
          totals.expectMessage(WAIT, total);
        }
      } finally {
        first.shutdownTestKit();
      }

      assertEquals(List.of(5), query(database.dataSource(),
          "SELECT COUNT(*) FROM event_journal WHERE persistence_id = 'Counter|c1'"));
      assertEquals(List.of(Counter.SNAPSHOT_EVERY), query(database.dataSource(),
          "SELECT MAX(sequence_number) FROM snapshot WHERE persistence_id = 'Counter|c1'"));
      // Without the events the snapshot covers, only the snapshot can make the total right again.
      execute(database.dataSource(), "DELETE FROM event_journal WHERE persistence_id = 'Counter|c1'"
          + " AND sequence_number <= " + Counter.SNAPSHOT_EVERY);

      ActorTestKit second = ActorTestKit.create("second", config);
      try {
        ActorRef<Counter.Command> counter = second.spawn(Counter.create("c1"));
        TestProbe<Integer> totals = second.createTestProbe();
        counter.tell(new Counter.Get(totals.ref()));
        totals.expectMessage(WAIT, 15);
        counter.tell(new Counter.Add(10, totals.ref()));
        totals.expectMessage(WAIT, 25);
      } finally {
        second.shutdownTestKit();
      }
    }
  }
}
