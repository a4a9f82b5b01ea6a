package io.parley.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * The Pekko configuration that puts the journal, the snapshot store and the read journal of
 * pekko-persistence-jdbc on Parley's database, through one connection pool they share. Main layers
 * it over the application's configuration:
 * {@code JournalConfig.overlay(settings).withFallback(ConfigFactory.load())}, after
 * {@link Database#migrate()} has created the tables the plugins expect.
 */
public final class JournalConfig {
  /** The name of the shared database under {@code pekko-persistence-jdbc.shared-databases}. */
  public static final String SHARED_DATABASE = "parley";

  private JournalConfig() {}

  public static Config overlay(DatabaseSettings settings) {
    String db = "pekko-persistence-jdbc.shared-databases." + SHARED_DATABASE;
    long connectionTimeoutMs = settings.connectionTimeout().toMillis();
    Map<String, Object> values = new HashMap<>();
    values.put("pekko.persistence.journal.plugin", "jdbc-journal");
    values.put("pekko.persistence.snapshot-store.plugin", "jdbc-snapshot-store");
    values.put("jdbc-journal.use-shared-db", SHARED_DATABASE);
    // Parley's write path (DirectWriteJournal), on a thread of its own that it may block while it commits.
    values.put("jdbc-journal.class", DirectWriteJournal.class.getName());
    values.put("jdbc-journal.plugin-dispatcher", "parley.journal-dispatcher");
    // Replies go straight to the entity instead of through a resequencer actor (one hand-off less);
    // an entity has one write in flight at a time, so the order no entity can see is all it gives up.
    values.put("jdbc-journal.write-response-global-order", "off");
    values.put("jdbc-snapshot-store.use-shared-db", SHARED_DATABASE);
    values.put("jdbc-read-journal.use-shared-db", SHARED_DATABASE);
    // The query by tag reads one tag's rows, not every event of its range (the conversations slices).
    values.put("jdbc-read-journal.dao", TagRangeReadJournalDao.class.getName());
    // pekko-projection-jdbc writes its offsets in this dialect, on the connections Parley hands it.
    values.put("pekko.projection.jdbc.dialect", settings.dialect().wireName() + "-dialect");
    values.put(db + ".profile", settings.dialect().slickProfile());
    values.put(db + ".db.url", settings.url());
    values.put(db + ".db.driver", settings.dialect().driverClassName());
    settings.user().ifPresent(user -> values.put(db + ".db.user", user));
    settings.password().ifPresent(password -> values.put(db + ".db.password", password));
    values.put(db + ".db.connectionPool", "HikariCP");
    values.put(db + ".db.poolName", "parley-journal");
    // As many threads as connections: Slick warns that more connections than threads can deadlock.
    values.put(db + ".db.numThreads", settings.journalPoolSize());
    values.put(db + ".db.maxConnections", settings.journalPoolSize());
    values.put(db + ".db.minConnections", settings.journalPoolSize());
    values.put(db + ".db.queueSize", 10000);
    // Slick reads these as milliseconds; HikariCP refuses less than 250 ms.
    values.put(db + ".db.connectionTimeout", Math.max(250, connectionTimeoutMs));
    values.put(db + ".db.validationTimeout", Math.max(250, Math.min(5000, connectionTimeoutMs)));
    return ConfigFactory.parseMap(values, "Parley database (" + settings.dialect() + ")");
  }
}
