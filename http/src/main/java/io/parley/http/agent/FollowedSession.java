package io.parley.http.agent;

import io.parley.core.session.SessionId;
import io.parley.sessions.SessionFollower;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.entity.ChatSessions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One conversation an agent's console follows, through a {@link SessionFollower}, its updates
 * reaching the console tagged with their session, since a console follows several. What the console
 * shows of the conversation when it opens it ({@link Show}) reaches the console once the session has
 * taken the subscription: an update after it (an approval decided, the customer typing) is then
 * never lost between the view and the join. Stopping it unsubscribes.
 */
final class FollowedSession {
  private FollowedSession() {}

  sealed interface Command {}

  private record Update(SessionUpdate update) implements Command {}

  private record FollowerSignal(SessionFollower.Signal signal) implements Command {}

  /** The conversation as the console opens it, for the console once the session took the subscription. */
  record Show(AgentServerFrame.Conversation shown) implements Command {}

  static <T> Behavior<Command> create(SessionId id, ChatSessions sessions, long afterSeq, Duration joinTimeout,
      ActorRef<T> console, Function<SessionUpdate, T> tagged, Function<AgentServerFrame, T> framed) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      SessionFollower<Command> follower = SessionFollower.follow(new SessionFollower.Edge<>(ctx, timers,
              ctx.messageAdapter(SessionUpdate.class, Update::new), FollowerSignal::new),
          id, sessions.entity(id), afterSeq, Optional.empty(), joinTimeout);
      // Each Show waits here until the first join is answered, by a Joined or a refusal.
      List<AgentServerFrame> unshown = new ArrayList<>();
      boolean[] answered = {false};
      Consumer<SessionUpdate> toConsole = followed -> {
        answered[0] = true;
        unshown.forEach(frame -> console.tell(framed.apply(frame)));
        unshown.clear();
        console.tell(tagged.apply(followed));
      };
      return Behaviors.receive(Command.class)
          .onMessage(Update.class, update -> {
            follower.onUpdate(update.update()).ifPresent(toConsole);
            return Behaviors.same();
          })
          .onMessage(FollowerSignal.class, signal -> {
            follower.onSignal(signal.signal()).ifPresent(toConsole);
            return Behaviors.same();
          })
          .onMessage(Show.class, show -> {
            if (answered[0]) console.tell(framed.apply(show.shown()));
            else unshown.add(show.shown());
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
