package io.parley.sessions;

import io.parley.core.session.ChatMessage;
import io.parley.core.session.ErrorCode;
import io.parley.sessions.ChatSession.AwaitAnswer;
import io.parley.sessions.ChatSession.Event;
import io.parley.sessions.ChatSession.GetView;
import io.parley.sessions.ChatSession.Start;
import io.parley.sessions.ChatSession.Subscribe;
import io.parley.sessions.Outcome.Answer;
import io.parley.sessions.SessionState.Closed;
import io.parley.sessions.SessionState.Open;
import java.util.Optional;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/** The commands an open and a closed session answer alike: they read the session, and persist nothing. */
record StartedSessionHandlers(EffectFactories<Event, SessionState> effect, SessionRuntime runtime) {
  /** A repeated start: the session is there already. */
  ReplyEffect<Event, SessionState> onStart(SessionState state, Start cmd) {
    return effect.reply(cmd.replyTo(), Outcome.ok(state.info(runtime.id())));
  }

  ReplyEffect<Event, SessionState> onGetView(SessionState state, GetView cmd) {
    return effect.reply(cmd.replyTo(), Outcome.ok(state.view(runtime.id())));
  }

  ReplyEffect<Event, SessionState> onSubscribe(SessionState state, Subscribe cmd) {
    runtime.subscribers().add(cmd.subscriber());
    Transcript transcript = state.transcript();
    cmd.subscriber().tell(new SessionUpdate.Joined(runtime.self(), state.info(runtime.id()),
        transcript.after(cmd.afterSeq()), runtime.runningTurnId()));
    if (state instanceof Closed closed) cmd.subscriber().tell(new SessionUpdate.Ended(closed.reason()));
    return effect.noReply();
  }

  ReplyEffect<Event, SessionState> onAwaitAnswer(SessionState state, AwaitAnswer cmd) {
    Transcript transcript = state.transcript();
    Optional<ChatMessage> answer = transcript.answerOf(cmd.turnId());
    if (answer.isPresent()) return effect.reply(cmd.replyTo(), Outcome.ok(new Answer(answer.get())));
    boolean pending = state instanceof Open open && open.pendingTurns().contains(cmd.turnId());
    if (!pending) return effect.reply(cmd.replyTo(), Outcome.refused(ErrorCode.NOT_FOUND, "no turn " + cmd.turnId() + " is waiting for an answer"));
    runtime.awaitAnswer(cmd.turnId(), cmd.replyTo());
    return effect.noReply();
  }
}
