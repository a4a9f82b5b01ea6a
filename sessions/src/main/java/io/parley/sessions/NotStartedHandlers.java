package io.parley.sessions;

import io.parley.core.session.ErrorCode;
import io.parley.sessions.ChatSession.Event;
import io.parley.sessions.ChatSession.SessionStarted;
import io.parley.sessions.ChatSession.Start;
import io.parley.sessions.ChatSession.Subscribe;
import io.parley.sessions.SessionState.NotStarted;
import io.parley.sessions.SessionState.Open;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.slf4j.event.Level;

/**
 * The commands of a session that was never started: {@code Start} opens it, everything else is
 * refused as an unknown session.
 */
record NotStartedHandlers(EffectFactories<Event, SessionState> effect, SessionRuntime runtime) {
  ReplyEffect<Event, SessionState> onStart(NotStarted state, Start cmd) {
    return effect
        .persist(new SessionStarted(runtime.id().tenant(), cmd.userId(), runtime.now()))
        .thenRun(started -> {
          runtime.log(Level.INFO).log("session started");
          runtime.markActive();
          runtime.scheduleIdleClose((Open) started);
        })
        .thenReply(cmd.replyTo(), started -> Outcome.ok(started.info(runtime.id())));
  }

  /** Nobody may wait on a session that does not exist: refused, and the entity goes away. */
  ReplyEffect<Event, SessionState> onSubscribe(NotStarted state, Subscribe cmd) {
    cmd.subscriber().tell(new SessionUpdate.Refused(ErrorCode.NOT_FOUND, "no such session"));
    runtime.passivate();
    return effect.noReply();
  }
}
