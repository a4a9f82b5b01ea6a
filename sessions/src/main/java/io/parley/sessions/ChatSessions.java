package io.parley.sessions;

import io.parley.core.session.SessionId;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/** Finds a session's entity wherever in the cluster its shard lives. */
public final class ChatSessions {
  private final ClusterSharding sharding;

  ChatSessions(ActorSystem<?> system) {
    this.sharding = ClusterSharding.get(system);
  }

  public EntityRef<ChatSession.Command> entity(SessionId id) {
    return sharding.entityRefFor(ChatSession.ENTITY_KEY, id.entityId());
  }
}
