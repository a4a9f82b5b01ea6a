package io.parley.sessions.conversations;

import io.parley.core.erasure.DataKeyStore;
import io.parley.core.search.BlindIndex;
import io.parley.persistence.JournalHead;
import io.parley.persistence.TagRangeReadJournalDao;
import io.parley.persistence.conversations.JdbcConversations;
import io.parley.sessions.FreshEvents;
import io.parley.sessions.SessionTags;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.persistence.jdbc.query.scaladsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.GroupedProjection;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;
import org.apache.pekko.serialization.SerializationExtension;

/**
 * The conversations read model (docs/analytics.md): one projection a slice of the journal
 * ({@link SessionTags}), read by tag ({@link SliceEvents}, the node's slices following one {@link
 * JournalHead}) and folded into the {@code conversation}
 * table in batches ({@link ConversationSettings#batchSize()} events or {@link
 * ConversationSettings#batchWindow()}), each batch's rows and offset in one transaction (exactly once), the
 * tenants whose conversations a batch began (the first customer message) or closed told once it commits ({@link ConversationTurns}). The projections run as a
 * sharded daemon process: spread over the cluster's nodes, moved when a node leaves, each resuming
 * from its committed offset after a crash or downtime.
 */
public final class ConversationProjection {
  public static final String NAME = "conversations";

  private ConversationProjection() {}

  public static void start(ActorSystem<?> system, DataSource dataSource, DataKeyStore keys, FreshEvents fresh,
      ConversationSettings settings, ModelPrices prices, PrometheusRegistry registry, SubscribedEvents subscribed,
      Clock clock, boolean redactByNode, ConversationTurns turns) {
    List<String> tags = SessionTags.all();
    ConversationFold fold = new ConversationFold(prices);
    ProjectionLag lag = new ProjectionLag(registry);
    BlindIndex index = new BlindIndex(new JdbcConversations(dataSource).searchKey());
    ExportTexts texts = new ExportTexts(index, redactByNode);
    JdbcReadJournal journal = PersistenceQuery.get(Adapter.toClassic(system)).readJournalFor(JdbcReadJournal.Identifier());
    JournalHead head = new JournalHead(Adapter.toClassic(system), journal);
    // JournalConfig makes the read journal's DAO this one.
    TagRangeReadJournalDao tagged = (TagRangeReadJournalDao) journal.readJournalDao();
    int pageSize = journal.readJournalConfig().maxBufferSize();
    ShardedDaemonProcess.get(system).init(ProjectionBehavior.Command.class, NAME, tags.size(),
        slice -> ProjectionBehavior.create(projection(system, dataSource,
            () -> new ConversationHandler(keys, fresh, SerializationExtension.get(Adapter.toClassic(system)), fold, tags.get(slice),
                lag, clock, subscribed, index, texts, turns), tags.get(slice), new SliceEvents(tags.get(slice), head::after, tagged::tagged, pageSize),
            settings)),
        ShardedDaemonProcessSettings.create(system), Optional.of(ProjectionBehavior.stopMessage()));
  }

  private static GroupedProjection<Offset, EventEnvelope<Object>> projection(ActorSystem<?> system,
      DataSource dataSource, Supplier<ConversationHandler> handler, String tag,
      SourceProvider<Offset, EventEnvelope<Object>> events, ConversationSettings settings) {
    return JdbcProjection.groupedWithin(ProjectionId.of(NAME, tag), events, () -> new PooledJdbcSession(dataSource),
        handler::get, system).withGroup(settings.batchSize(), settings.batchWindow());
  }
}
