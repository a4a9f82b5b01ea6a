package io.parley.http.agent;

import io.parley.core.session.SessionId;
import io.parley.sessions.ChatSessions;
import io.parley.sessions.SessionFollower;
import io.parley.sessions.SessionUpdate;
import java.time.Duration;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One conversation an agent's console follows: a {@link SessionFollower} whose updates reach the
 * console tagged with their session, since a console follows several. Stopping it unsubscribes.
 */
final class FollowedSession {
  private FollowedSession() {}

  static <T> Behavior<SessionUpdate> create(SessionId id, ChatSessions sessions, long afterSeq, Duration joinTimeout,
      ActorRef<T> console, Function<SessionUpdate, T> tagged) {
    return Behaviors.setup(ctx -> {
      ctx.spawn(SessionFollower.create(id, sessions.entity(id), afterSeq, ctx.getSelf(), joinTimeout), "follower");
      return Behaviors.receiveMessage(update -> {
        console.tell(tagged.apply(update));
        return Behaviors.same();
      });
    });
  }
}
