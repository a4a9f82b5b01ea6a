package io.parley.sessions.entity.phase;

import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.sessions.entity.InternalCommand.Stop;
import io.parley.sessions.entity.SessionInput;
import io.parley.sessions.entity.SessionEffects;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.SessionState;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * What a session answers to a command that came too late or in a state it is not for, in any
 * state without a route of its own: replies from its children and timers for a phase that is over
 * are dropped, requests that need an open session are refused, and sharding's stop stops it.
 */
public record LateCommands(SessionEffects effect) {
  /** Dropped, no reply (the protocol lists what is). */
  public ReplyEffect<SessionEvent, SessionState> drop(SessionState state, SessionInput late) {
    return effect.noReply();
  }

  /** Sharding's stop (passivation, rebalance, shutdown). */
  public ReplyEffect<SessionEvent, SessionState> onStop(SessionState state, Stop cmd) {
    return effect.stop().thenNoReply();
  }

  public <T> ReplyEffect<SessionEvent, SessionState> notOpen(ActorRef<StatusReply<T>> replyTo) {
    return effect.reply(replyTo, StatusReply.error(Refusal.of(ErrorCode.NOT_FOUND, "the session is not open")));
  }

  public ReplyEffect<SessionEvent, SessionState> done(ActorRef<Done> replyTo) {
    return effect.reply(replyTo, Done.getInstance());
  }
}
