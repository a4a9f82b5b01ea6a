package io.parley.sessions.entity.phase;

import io.parley.sessions.entity.SessionCommand.Accepted;
import io.parley.sessions.entity.SessionEffects;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.SessionState;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * The duplicate check of every message a session stores under a client's key (user and agent
 * messages, notices): what is already stored under {@code key} (the client retried, or sent it
 * twice) is acknowledged again, not stored twice; a closed session answers so too, since the client
 * may have missed the ack.
 */
public record RepeatedMessages(SessionEffects effect) {
  /** The ack again of what {@code state} holds under {@code key}; empty for a new message. */
  public Optional<ReplyEffect<SessionEvent, SessionState>> ackAgain(SessionState state, String key,
      ActorRef<StatusReply<Accepted>> replyTo) {
    return state.transcript().byClientMsgId(key)
        .map(stored -> effect.reply(replyTo, StatusReply.success(new Accepted(stored.seq(), stored.turnId(), true))));
  }
}
