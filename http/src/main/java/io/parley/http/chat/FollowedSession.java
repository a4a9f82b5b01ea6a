package io.parley.http.chat;

import io.parley.core.session.SessionId;
import io.parley.sessions.SessionFollower;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.entity.SessionCommand;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.typed.RecipientRef;

/**
 * The session a chat connection follows, joined or being joined: one at a time, the one it leaves
 * stopped, so that what a session sends reaches the connection only while it follows that session.
 */
final class FollowedSession<C> {
  private final SessionFollower.Edge<C> edge;
  private Optional<SessionFollower<C>> follower = Optional.empty();

  FollowedSession(SessionFollower.Edge<C> edge) {
    this.edge = edge;
  }

  /** Leaves the session followed, if any, and follows {@code id} from after {@code afterSeq}. */
  void follow(SessionId id, RecipientRef<SessionCommand> session, long afterSeq,
      Optional<SessionCommand.Customer> customer, Duration joinTimeout) {
    leave();
    follower = Optional.of(SessionFollower.follow(edge, id, session, afterSeq, customer, joinTimeout));
  }

  void leave() {
    follower.ifPresent(SessionFollower::stop);
    follower = Optional.empty();
  }

  /** An update the session sent, as its follower passes it on (a repeat or a stray is dropped there). */
  Optional<SessionUpdate> onUpdate(SessionUpdate update) {
    return follower.flatMap(following -> following.onUpdate(update));
  }

  Optional<SessionUpdate> onSignal(SessionFollower.Signal signal) {
    return follower.flatMap(following -> following.onSignal(signal));
  }

  /** The incarnation that answered the join while it lives, else {@code session} through sharding. */
  RecipientRef<SessionCommand> reach(RecipientRef<SessionCommand> session) {
    return follower.flatMap(SessionFollower::incarnation).<RecipientRef<SessionCommand>>map(live -> live)
        .orElse(session);
  }
}
