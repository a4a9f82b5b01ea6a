package io.parley.sessions;

import io.parley.core.session.ChatMessage;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Role;
import io.parley.sessions.ChatSession.AdmissionDecided;
import io.parley.sessions.ChatSession.Close;
import io.parley.sessions.ChatSession.Event;
import io.parley.sessions.ChatSession.IdleCloseDue;
import io.parley.sessions.ChatSession.NoticeAppended;
import io.parley.sessions.ChatSession.PostNotice;
import io.parley.sessions.ChatSession.PostUserMessage;
import io.parley.sessions.ChatSession.SessionClosed;
import io.parley.sessions.ChatSession.SummaryFailed;
import io.parley.sessions.ChatSession.SummaryUpdated;
import io.parley.sessions.ChatSession.SummaryWritten;
import io.parley.sessions.ChatSession.UserMessageAppended;
import io.parley.sessions.Outcome.Accepted;
import io.parley.sessions.Outcome.Closing;
import io.parley.sessions.SessionState.Closed;
import io.parley.sessions.SessionState.Open;
import io.parley.sessions.admission.MessageAdmission;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.slf4j.event.Level;

/**
 * The commands of an {@link Open} session: user messages (within the token budget and the message
 * rate), system notices, the rolling summary's updates, and the close, asked for or after
 * {@code idleClose} without a user message. Its turns are {@link TurnHandling}'s.
 */
record OpenSessionHandlers(EffectFactories<Event, SessionState> effect, SessionRuntime runtime, TurnHandling turns) {
  ReplyEffect<Event, SessionState> onUserMessage(Open state, PostUserMessage cmd) {
    Optional<ReplyEffect<Event, SessionState>> again = ackAgain(effect, state, cmd.clientMsgId(), cmd.replyTo());
    if (again.isPresent()) return again.get();
    if (cmd.clientMsgId().isBlank() || cmd.text().isBlank()) {
      return effect.reply(cmd.replyTo(), Outcome.refused(ErrorCode.BAD_REQUEST, "clientMsgId and text must not be empty"));
    }
    ConversationNotes.TokenTotals used = state.notes().usage();
    if (used.promptTokens() + used.completionTokens() >= runtime.services().settings().sessionTokenBudget()) {
      runtime.services().metrics().messageRefused(runtime.id().tenant(), ErrorCode.BUDGET_EXCEEDED.wireName());
      return effect.reply(cmd.replyTo(), Outcome.refused(ErrorCode.BUDGET_EXCEEDED,
          "this conversation has used its token budget; start a new one or ask for a person"));
    }
    // The rate and the tenant's budget are the admission child's to decide; retries of stored messages never reach it.
    runtime.admit(cmd);
    return effect.noReply();
  }

  /** Stores an admitted message, unless the same clientMsgId was stored while it waited; replies a refusal. */
  ReplyEffect<Event, SessionState> onAdmissionDecided(Open state, AdmissionDecided decided) {
    PostUserMessage cmd = decided.verdict().message();
    if (decided.verdict() instanceof MessageAdmission.Refused refused) return effect.reply(cmd.replyTo(), refused.outcome());
    Optional<ReplyEffect<Event, SessionState>> again = ackAgain(effect, state, cmd.clientMsgId(), cmd.replyTo());
    if (again.isPresent()) return again.get();
    long seq = state.transcript().nextSeq();
    String turnId = "turn-" + seq;
    Instant at = runtime.now();
    UserMessageAppended appended = new UserMessageAppended(seq, cmd.clientMsgId(), cmd.text(), turnId, at);
    return effect
        .persist(FactEvents.with(appended, new ChatMessage(seq, Role.USER, cmd.text(), turnId, at), state.notes()))
        .thenRun(after -> {
          runtime.services().metrics().messagePersisted(runtime.id().tenant(), Role.USER.wireName());
          runtime.publishMessage(after, seq);
          runtime.scheduleIdleClose((Open) after);
          turns.maybeStartTurn(after);
        })
        .thenReply(cmd.replyTo(), after -> Outcome.ok(new Accepted(seq, turnId, false)));
  }

  ReplyEffect<Event, SessionState> onPostNotice(Open state, PostNotice cmd) {
    Optional<ReplyEffect<Event, SessionState>> again =
        ackAgain(effect, state, SessionState.noticeKey(cmd.noticeId()), cmd.replyTo());
    if (again.isPresent()) return again.get();
    if (cmd.noticeId().isBlank() || cmd.text().isBlank()) {
      return effect.reply(cmd.replyTo(), Outcome.refused(ErrorCode.BAD_REQUEST, "noticeId and text must not be empty"));
    }
    long seq = state.transcript().nextSeq();
    return effect
        .persist(new NoticeAppended(seq, cmd.noticeId(), cmd.text(), runtime.now()))
        .thenRun(after -> runtime.publishMessage(after, seq))
        .thenReply(cmd.replyTo(), after -> Outcome.ok(new Accepted(seq, "notice-" + cmd.noticeId(), false)));
  }

  ReplyEffect<Event, SessionState> onSummaryWritten(Open state, SummaryWritten cmd) {
    runtime.summaries().succeeded();
    if (cmd.range().fromSeq() != state.notes().summarizedThroughSeq() + 1) return effect.noReply();
    return effect
        .persist(new SummaryUpdated(cmd.text(), cmd.range().fromSeq(), cmd.range().toSeq(), cmd.source(), runtime.now()))
        .thenNoReply();
  }

  /** The messages stay in the journal and the next turn asks again, after a backoff. */
  ReplyEffect<Event, SessionState> onSummaryFailed(Open state, SummaryFailed cmd) {
    Duration backoff = runtime.summaries().failed();
    runtime.log(Level.WARN).log("summary of {}..{} failed (retry after {} ms): {}", cmd.range().fromSeq(),
        cmd.range().toSeq(), backoff.toMillis(), cmd.reason());
    return effect.noReply();
  }

  ReplyEffect<Event, SessionState> onClose(Open state, Close cmd) {
    String reason = cmd.reason() == null || cmd.reason().isBlank() ? "closed" : cmd.reason();
    return close(reason).thenReply(cmd.replyTo(), closed -> Outcome.ok(new Closing(reason)));
  }

  /** Closes a session nobody spoke to for {@code idleClose}; a timer that fires early is set again. */
  ReplyEffect<Event, SessionState> onIdleCloseDue(Open state, IdleCloseDue cmd) {
    Instant due = state.lastActivityAt().plus(runtime.services().settings().idleClose());
    if (runtime.now().isBefore(due) || runtime.runningTurnId().isPresent()) {
      runtime.scheduleIdleClose(state);
      return effect.noReply();
    }
    return close("idle").thenNoReply();
  }

  /**
   * What is already stored under {@code key} (the client retried, or sent it twice) is acknowledged
   * again, not stored twice; a closed session answers so too, since the client may have missed the ack.
   */
  static Optional<ReplyEffect<Event, SessionState>> ackAgain(EffectFactories<Event, SessionState> effect,
      SessionState state, String key, ActorRef<Outcome<Accepted>> replyTo) {
    return state.transcript().byClientMsgId(key)
        .map(stored -> effect.reply(replyTo, Outcome.ok(new Accepted(stored.seq(), stored.turnId(), true))));
  }

  private EffectBuilder<Event, SessionState> close(String reason) {
    return effect
        .persist(new SessionClosed(reason, runtime.now()))
        .thenRun(closed -> {
          runtime.stopTurn();
          runtime.refuseAnswerWaiters("the session was closed before answering");
          runtime.subscribers().publish(new SessionUpdate.Ended(reason));
          runtime.log(Level.INFO).log("session closed: {}", reason);
          runtime.cancelIdleClose();
          runtime.markInactive();
          runtime.closeCompletion().maybeStart((Closed) closed);
        });
  }
}
