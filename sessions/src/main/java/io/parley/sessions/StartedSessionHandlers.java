package io.parley.sessions;

import io.parley.core.session.ChatMessage;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.sessions.SessionCommand.Accepted;
import io.parley.sessions.SessionCommand.Answer;
import io.parley.sessions.SessionCommand.AwaitAnswer;
import io.parley.sessions.SessionCommand.GetView;
import io.parley.sessions.SessionCommand.Start;
import io.parley.sessions.SessionCommand.Subscribe;
import io.parley.sessions.SessionState.Closed;
import io.parley.sessions.SessionState.Open;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/** The commands an open and a closed session answer alike: they read the session, and persist nothing. */
record StartedSessionHandlers(EffectFactories<SessionEvent, SessionState> effect, SessionRuntime runtime) {
  /** A repeated start: the session is there already. */
  ReplyEffect<SessionEvent, SessionState> onStart(SessionState state, Start cmd) {
    return effect.reply(cmd.replyTo(), StatusReply.success(state.info(runtime.id())));
  }

  ReplyEffect<SessionEvent, SessionState> onGetView(SessionState state, GetView cmd) {
    return effect.reply(cmd.replyTo(), StatusReply.success(state.view(runtime.id())));
  }

  /**
   * Joins a follower, after the seq it last saw. A seq past the last message is refused: it belongs
   * to another session (a page that switched conversations in another tab), and following from it
   * would hide this session's messages.
   */
  ReplyEffect<SessionEvent, SessionState> onSubscribe(SessionState state, Subscribe cmd) {
    SessionInfo info = state.info(runtime.id());
    if (cmd.customer().isPresent() && !cmd.customer().get().userId().equals(info.userId())) {
      cmd.subscriber().tell(new SessionUpdate.Refused(ErrorCode.FORBIDDEN, "this session belongs to another customer"));
      return effect.noReply();
    }
    Transcript transcript = state.transcript();
    if (cmd.afterSeq() > transcript.lastSeq()) {
      cmd.subscriber().tell(new SessionUpdate.Refused(ErrorCode.BAD_REQUEST, "resumeAfter " + cmd.afterSeq()
          + " is past this session's last message (" + transcript.lastSeq() + "); resume from 0"));
      return effect.noReply();
    }
    runtime.subscribers().add(cmd.subscriber());
    cmd.subscriber().tell(new SessionUpdate.Joined(runtime.address(), info,
        transcript.after(cmd.afterSeq()), runtime.runningTurnId()));
    if (state instanceof Closed closed) cmd.subscriber().tell(new SessionUpdate.Ended(closed.reason()));
    return effect.noReply();
  }

  ReplyEffect<SessionEvent, SessionState> onAwaitAnswer(SessionState state, AwaitAnswer cmd) {
    Optional<ChatMessage> answer = state.transcript().answerOf(cmd.turnId());
    if (answer.isPresent()) return effect.reply(cmd.replyTo(), StatusReply.success(new Answer(answer.get())));
    boolean pending = state instanceof Open open && open.pendingTurns().contains(cmd.turnId());
    if (!pending) {
      return effect.reply(cmd.replyTo(),
          StatusReply.error(Refusal.of(ErrorCode.NOT_FOUND, "no turn " + cmd.turnId() + " is waiting for an answer")));
    }
    runtime.awaitAnswer(cmd.turnId(), cmd.replyTo());
    return effect.noReply();
  }

  /**
   * What is already stored under {@code key} (the client retried, or sent it twice) is acknowledged
   * again, not stored twice; a closed session answers so too, since the client may have missed the ack.
   */
  Optional<ReplyEffect<SessionEvent, SessionState>> ackAgain(SessionState state, String key,
      ActorRef<StatusReply<Accepted>> replyTo) {
    return state.transcript().byClientMsgId(key)
        .map(stored -> effect.reply(replyTo, StatusReply.success(new Accepted(stored.seq(), stored.turnId(), true))));
  }
}
