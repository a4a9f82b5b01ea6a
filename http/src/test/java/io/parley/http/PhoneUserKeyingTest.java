package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.ConfigValueFactory;
import io.parley.core.call.PhoneUsers;
import io.parley.core.memory.SessionMemory;
import io.parley.persistence.Database;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.embedding.MiniLmEmbeddingModel;
import io.parley.persistence.memory.JdbcUserMemory;
import io.parley.persistence.testing.Sql;
import io.parley.persistence.testing.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A node keys the phone user ids an earlier release stored plain as it starts, and once it is up
 * with no member of such a release beside it marks the database keyed, so that the next start
 * scans nothing; beside a member of an earlier release, which still writes plain ids, it does not.
 */
class PhoneUserKeyingTest {
  private static final MiniLmEmbeddingModel MODEL = new MiniLmEmbeddingModel().load();
  private static final Instant EARLIER = Instant.parse("2026-10-01T10:15:30Z");
  private static final String MARKED = "SELECT COUNT(*) FROM phone_user_ids_keyed";
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();

  private final Logger logger = (Logger) LoggerFactory.getLogger(NodeStores.class);

  @BeforeEach
  void listen() {
    log.start();
    logger.addAppender(log);
    logger.setLevel(Level.INFO);
  }

  @AfterEach
  void stopListening() {
    logger.detachAppender(log);
    logger.setLevel(null);
  }

  @Test
  void aNodeUpWithNoEarlierReleaseBesideItMarksTheDatabaseKeyedAndTheNextStartScansNothing() throws Exception {
    DatabaseSettings settings = TestPostgres.newDatabase();
    String plain = PhoneUsers.plainUserId(TestIdentity.DEFAULT_TENANT, "+4915100000001");
    String late = PhoneUsers.plainUserId(TestIdentity.DEFAULT_TENANT, "+4915100000002");
    try (Database database = Database.open(settings)) {
      database.migrate();
      JdbcUserMemory memory = new JdbcUserMemory(database.dataSource(), MODEL);
      memory.remember(callerMemory(plain, "s-1"));

      try (ParleyNode node = TestNode.start(settings, Optional.empty())) {
        assertTrue(memory.all(TestIdentity.DEFAULT_TENANT, plain).isEmpty(), "keyed before the node took calls");
        await("the database marked keyed").atMost(Duration.ofSeconds(30))
            .until(() -> Sql.count(database.dataSource(), MARKED), marked -> marked == 1);
      }
      // As a node of an earlier release would: found by no later start, for none scans.
      memory.remember(callerMemory(late, "s-2"));
      try (ParleyNode node = TestNode.start(settings, Optional.empty())) {
        assertEquals(1, memory.all(TestIdentity.DEFAULT_TENANT, late).size(), "left plain: the tables were not scanned");
      }
    }
  }

  @Test
  void besideAMemberOfAnEarlierReleaseTheDatabaseIsKeyedButNotMarked() throws Exception {
    DatabaseSettings settings = TestPostgres.newDatabase();
    String plain = PhoneUsers.plainUserId(TestIdentity.DEFAULT_TENANT, "+4915100000001");
    try (Database database = Database.open(settings)) {
      database.migrate();
      JdbcUserMemory memory = new JdbcUserMemory(database.dataSource(), MODEL);
      memory.remember(callerMemory(plain, "s-1"));
      AtomicInteger started = new AtomicInteger();
      // The seed runs as a node of release 0 says it does, the release before phone user ids were keyed.
      try (InJvmCluster cluster = TestNode.cluster(settings, Optional.empty(), 2, config -> ParleyNode.start(
          started.getAndIncrement() == 0
              ? config.withValue("pekko.cluster.app-version", ConfigValueFactory.fromAnyRef("0.1.0-SNAPSHOT"))
              : config))) {
        await("both members up, each beside a member of release 0").atMost(Duration.ofSeconds(30))
            .until(() -> List.copyOf(log.list).stream()
                .filter(event -> event.getFormattedMessage().startsWith("A member of a release that writes plain"))
                .count(), told -> told == 2);
        assertTrue(memory.all(TestIdentity.DEFAULT_TENANT, plain).isEmpty(), "keyed at the start all the same");
        assertEquals(0, Sql.count(database.dataSource(), MARKED), "the earlier release may still write plain ids");
      }
    }
  }

  private static SessionMemory callerMemory(String userId, String session) {
    return new SessionMemory(TestIdentity.DEFAULT_TENANT, userId, session, EARLIER,
        "The caller asked where their parcel is.", List.of());
  }
}
