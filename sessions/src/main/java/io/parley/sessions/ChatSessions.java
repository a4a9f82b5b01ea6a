package io.parley.sessions;

import io.parley.core.session.SessionId;
import io.parley.sessions.handoff.AgentQueue;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/** The sessions of the cluster: registers {@link ChatSession} with sharding, and finds any session wherever its shard lives. */
public final class ChatSessions {
  private final ClusterSharding sharding;

  private ChatSessions(ClusterSharding sharding) {
    this.sharding = sharding;
  }

  /** Registers the entity type with sharding on this node; returns the way to reach sessions. */
  public static ChatSessions init(ActorSystem<?> system, TurnServices services) {
    ClusterSharding sharding = ClusterSharding.get(system);
    sharding.init(Entity.of(ChatSession.ENTITY_KEY,
            ctx -> ChatSession.create(SessionId.fromEntityId(ctx.getEntityId()), ctx.getShard(), services))
        .withStopMessage(new SessionCommand.Stop()));
    sharding.init(Entity.of(AgentQueue.ENTITY_KEY, ctx -> AgentQueue.create(ctx.getEntityId()))
        .withStopMessage(new AgentQueue.Stop()));
    return new ChatSessions(sharding);
  }

  /** The tenant's queue of conversations waiting for a person. */
  public EntityRef<AgentQueue.Command> agentQueue(String tenant) {
    return sharding.entityRefFor(AgentQueue.ENTITY_KEY, tenant);
  }

  public EntityRef<SessionCommand> entity(SessionId id) {
    return sharding.entityRefFor(ChatSession.ENTITY_KEY, id.entityId());
  }
}
