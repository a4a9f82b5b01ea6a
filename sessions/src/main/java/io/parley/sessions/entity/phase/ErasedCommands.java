package io.parley.sessions.entity.phase;

import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.entity.SessionCommand.Subscribe;
import io.parley.sessions.entity.SessionEffects;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.SessionState.Erased;
import io.parley.sessions.entity.SessionState;
import io.parley.sessions.entity.phase.HostLink;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/** The commands of an {@link Erased} session, whose data key is gone: every request is refused as for a session that does not exist. */
public record ErasedCommands(SessionEffects effect, HostLink host) {

  /** Nobody may follow an erased session: refused, and the entity goes away. */
  public ReplyEffect<SessionEvent, SessionState> onSubscribe(Erased state, Subscribe cmd) {
    cmd.subscriber().tell(new SessionUpdate.Refused(ErrorCode.NOT_FOUND, SessionState.ERASED));
    host.passivate();
    return effect.noReply();
  }

  public <T> ReplyEffect<SessionEvent, SessionState> erased(ActorRef<StatusReply<T>> replyTo) {
    return effect.reply(replyTo, StatusReply.error(Refusal.of(ErrorCode.NOT_FOUND, SessionState.ERASED)));
  }
}
