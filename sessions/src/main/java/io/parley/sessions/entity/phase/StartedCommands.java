package io.parley.sessions.entity.phase;

import io.parley.core.session.ChatMessage;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.entity.InternalCommand.SubscriberGone;
import io.parley.sessions.entity.SessionCommand.Answer;
import io.parley.sessions.entity.SessionCommand.AwaitAnswer;
import io.parley.sessions.entity.SessionCommand.GetView;
import io.parley.sessions.entity.SessionCommand.Start;
import io.parley.sessions.entity.SessionCommand.Subscribe;
import io.parley.sessions.entity.SessionCommand.Unsubscribe;
import io.parley.sessions.entity.SessionEffects;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.SessionScope;
import io.parley.sessions.entity.SessionState.Closed;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.entity.SessionState;
import io.parley.sessions.entity.Subscribers;
import io.parley.sessions.entity.Transcript;
import io.parley.sessions.entity.approval.ApprovalAsks;
import io.parley.sessions.entity.phase.HostLink;
import io.parley.sessions.entity.turns.AnswerWaiters;
import io.parley.sessions.entity.turns.TurnSlot;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * The commands an open and a closed session answer alike: they read the session, and persist
 * nothing; and followers leaving, in any state.
 */
public record StartedCommands(SessionEffects effect, SessionScope scope, Subscribers subscribers,
    AnswerWaiters waiters, TurnSlot turn, HostLink host) {

  /** A repeated start: the session is there already. */
  public ReplyEffect<SessionEvent, SessionState> onStart(SessionState state, Start cmd) {
    return effect.reply(cmd.replyTo(), StatusReply.success(state.info(scope.id())));
  }

  public ReplyEffect<SessionEvent, SessionState> onGetView(SessionState state, GetView cmd) {
    return effect.reply(cmd.replyTo(), StatusReply.success(state.view(scope.id())));
  }

  /**
   * Joins a follower, after the seq it last saw. A seq past the last message is refused: it belongs
   * to another session (a page that switched conversations in another tab), and following from it
   * would hide this session's messages.
   */
  public ReplyEffect<SessionEvent, SessionState> onSubscribe(SessionState state, Subscribe cmd) {
    SessionInfo info = state.info(scope.id());
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
    subscribers.add(cmd.subscriber());
    // The replay stops before the first message that offers replies or cites articles: it and those
    // after it follow one by one, each with what it carries (SessionUpdate.OfferingMessageAdded, CitingMessageAdded).
    List<ChatMessage> unseen = transcript.after(cmd.afterSeq());
    int offering = 0;
    while (offering < unseen.size() && !transcript.carriesMore(unseen.get(offering).seq())) offering++;
    List<ChatMessage> replayed = unseen.subList(0, offering);
    cmd.subscriber().tell(new SessionUpdate.Joined(host.address(), info, replayed, turn.runningTurnId()));
    replayed.forEach(message -> subscribers.filesShared(state, message).ifPresent(cmd.subscriber()::tell));
    unseen.subList(offering, unseen.size()).forEach(message -> {
      cmd.subscriber().tell(Subscribers.added(transcript, message));
      subscribers.filesShared(state, message).ifPresent(cmd.subscriber()::tell);
    });
    if (state instanceof Open open) ApprovalAsks.asked(open).forEach(cmd.subscriber()::tell);
    if (state instanceof Closed closed) cmd.subscriber().tell(new SessionUpdate.Ended(closed.reason()));
    return effect.noReply();
  }

  public ReplyEffect<SessionEvent, SessionState> onAwaitAnswer(SessionState state, AwaitAnswer cmd) {
    Optional<ChatMessage> answer = state.transcript().answerOf(cmd.turnId());
    if (answer.isPresent()) return effect.reply(cmd.replyTo(), StatusReply.success(new Answer(answer.get())));
    boolean pending = state instanceof Open open && open.pendingTurns().contains(cmd.turnId());
    if (!pending) {
      return effect.reply(cmd.replyTo(),
          StatusReply.error(Refusal.of(ErrorCode.NOT_FOUND, "no turn " + cmd.turnId() + " is waiting for an answer")));
    }
    waiters.await(cmd.turnId(), cmd.replyTo());
    return effect.noReply();
  }

  public ReplyEffect<SessionEvent, SessionState> onUnsubscribe(SessionState state, Unsubscribe cmd) {
    subscribers.remove(cmd.subscriber());
    return effect.noReply();
  }

  public ReplyEffect<SessionEvent, SessionState> onSubscriberGone(SessionState state, SubscriberGone cmd) {
    subscribers.remove(cmd.subscriber());
    return effect.noReply();
  }
}
