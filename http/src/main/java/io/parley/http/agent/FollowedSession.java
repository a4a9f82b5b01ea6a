package io.parley.http.agent;

import io.parley.core.session.SessionId;
import io.parley.sessions.SessionFollower;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.entity.ChatSessions;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One conversation an agent's console follows, through a {@link SessionFollower}, its updates
 * reaching the console tagged with their session, since a console follows several. Stopping it
 * unsubscribes.
 */
final class FollowedSession {
  private FollowedSession() {}

  sealed interface Command {}

  private record Update(SessionUpdate update) implements Command {}

  private record FollowerSignal(SessionFollower.Signal signal) implements Command {}

  static <T> Behavior<Command> create(SessionId id, ChatSessions sessions, long afterSeq, Duration joinTimeout,
      ActorRef<T> console, Function<SessionUpdate, T> tagged) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      SessionFollower<Command> follower = SessionFollower.follow(new SessionFollower.Edge<>(ctx, timers,
              ctx.messageAdapter(SessionUpdate.class, Update::new), FollowerSignal::new),
          id, sessions.entity(id), afterSeq, Optional.empty(), joinTimeout);
      return Behaviors.receive(Command.class)
          .onMessage(Update.class, update -> {
            follower.onUpdate(update.update()).ifPresent(followed -> console.tell(tagged.apply(followed)));
            return Behaviors.same();
          })
          .onMessage(FollowerSignal.class, signal -> {
            follower.onSignal(signal.signal()).ifPresent(followed -> console.tell(tagged.apply(followed)));
            return Behaviors.same();
          })
          .onSignal(PostStop.class, stopped -> {
            follower.stop();
            return Behaviors.same();
          })
          .build();
    }));
  }
}
