package io.parley.sessions.entity;

import com.typesafe.config.Config;
import io.parley.core.erasure.DataKeyStore;
import io.parley.core.erasure.KeyLookup;
import io.parley.core.session.SessionFailure;
import io.parley.core.session.SessionId;
import io.parley.core.session.WakePacing;
import io.parley.persistence.DirectWriteJournal;
import io.parley.sessions.FreshEvents;
import io.parley.sessions.SessionServices;
import io.parley.sessions.failsafe.FailSafeGate;
import io.parley.sessions.failsafe.SessionFailures;
import io.parley.sessions.handoff.AgentQueue;
import io.parley.sessions.host.SessionHost;
import io.parley.sessions.host.SessionKeyLoading;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;

/** The sessions of the cluster: registers {@link ChatSession}, each kept by a {@link SessionHost}, with sharding, and finds any session wherever its shard lives. */
public final class ChatSessions {
  private final ClusterSharding sharding;

  private ChatSessions(ClusterSharding sharding) {
    this.sharding = sharding;
  }

  /**
   * Registers the entity type with sharding on this node, each session's journal sealed with its
   * data key from {@code keys}, what it seals left in {@code fresh} for the node's own reader, and
   * its failures counted in {@code failures}, which keeps a failed-safe session from replaying
   * ({@link FailSafeGate}); returns the way to reach sessions.
   */
  public static ChatSessions init(ActorSystem<?> system, SessionServices services, DataKeyStore keys, FreshEvents fresh,
      SessionFailures failures) {
    requireKeyStoringJournal(system.settings().config());
    ClusterSharding sharding = ClusterSharding.get(system);
    Serialization serialization = SerializationExtension.get(system.classicSystem());
    SessionSeal.Keys sealing = new SessionSeal.Keys(keys, system.dispatchers().lookup(DispatcherSelector.blocking()), fresh);
    WakePacing restartedSessions = WakePacing.onSystemClock(services.settings().restartWakesPerSecond());
    sharding.init(Entity.of(ChatSession.ENTITY_KEY, ctx -> {
          SessionId id = SessionId.fromEntityId(ctx.getEntityId());
          String persistenceId = ChatSession.persistenceId(id);
          InternalCommand.Stop stop = new InternalCommand.Stop();
          return SessionHost.create(id, new SessionHost.Incarnations(
                  host -> FailSafeGate.create(id, failures, host, stop, true, () -> SessionKeyLoading.create(id, keys,
                      sealing.blocking(), key -> ChatSession.create(id, ctx.getShard(), services,
                          SessionSeal.of(id, persistenceId, serialization, sealing, key), Optional.of(host)))),
                  host -> FailSafeGate.create(id, failures, host, stop, false, () -> ChatSession.createForNewId(id,
                      ctx.getShard(), services, SessionSeal.of(id, persistenceId, serialization, sealing,
                          new KeyLookup.Absent()), host)),
                  failure -> failures.report(id, SessionFailure.Kind.RECOVERY, failure)),
              stop, restartedSessions, services.metrics(), services.clock());
        })
        .withStopMessage(new InternalCommand.Stop()));
    sharding.init(Entity.of(AgentQueue.ENTITY_KEY, ctx -> AgentQueue.create(ctx.getEntityId()))
        .withStopMessage(new AgentQueue.Stop()));
    return new ChatSessions(sharding);
  }

  /**
   * Refuses a journal other than Parley's: a new session's data key is stored by
   * {@link DirectWriteJournal} with the session's first event, and any other journal would store the
   * events without it, so the session would read as erased once it slept.
   */
  static void requireKeyStoringJournal(Config config) {
    String plugin = config.getString("pekko.persistence.journal.plugin");
    String journal = config.hasPath(plugin + ".class") ? config.getString(plugin + ".class") : "none";
    if (!journal.equals(DirectWriteJournal.class.getName())) {
      throw new IllegalStateException("sessions need Parley's journal, " + DirectWriteJournal.class.getName()
          + ", which stores each new session's data key with its first event; " + plugin + ".class is " + journal);
    }
  }

  /**
   * The way to sessions whose entity type was registered with {@code sharding} by someone else:
   * {@link #init} on a node, a stand-in session in a test of an edge.
   */
  public static ChatSessions reaching(ClusterSharding sharding) {
    return new ChatSessions(sharding);
  }

  /** The tenant's queue of conversations waiting for a person. */
  public EntityRef<AgentQueue.Command> agentQueue(String tenant) {
    return sharding.entityRefFor(AgentQueue.ENTITY_KEY, tenant);
  }

  /**
   * Stops the session wherever it runs, so that its next incarnation reads its key again (after an
   * erasure: as erased). A session that is not running starts, finds out, and stops.
   */
  public void restart(SessionId id) {
    sharding.entityRefFor(ChatSession.ENTITY_KEY, id.entityId()).tell(new InternalCommand.Stop());
  }

  /**
   * The session {@code id} as the edges reach it: the entity hears every {@link SessionCommand}, and
   * the reference sends nothing else (the entity's own commands stay the entity's).
   */
  @SuppressWarnings("unchecked")
  public EntityRef<SessionCommand> entity(SessionId id) {
    // An entity that takes any SessionInput takes each SessionCommand: the narrower reference is safe.
    return (EntityRef<SessionCommand>) (EntityRef<?>) sharding.entityRefFor(ChatSession.ENTITY_KEY, id.entityId());
  }
}
