package io.parley.sessions.entity;

import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.sessions.entity.InternalCommand.AgentWaitOver;
import io.parley.sessions.entity.InternalCommand.ArchiveWritten;
import io.parley.sessions.entity.InternalCommand.BotConfigHeard;
import io.parley.sessions.entity.InternalCommand.HoldExpired;
import io.parley.sessions.entity.InternalCommand.IdleCloseDue;
import io.parley.sessions.entity.InternalCommand.MemoryWritten;
import io.parley.sessions.entity.InternalCommand.NewDataKeyMade;
import io.parley.sessions.entity.InternalCommand.QueuePlaceHeard;
import io.parley.sessions.entity.InternalCommand.RecordToolCalls;
import io.parley.sessions.entity.InternalCommand.RecordToolResult;
import io.parley.sessions.entity.InternalCommand.Stop;
import io.parley.sessions.entity.InternalCommand.SummaryFailed;
import io.parley.sessions.entity.InternalCommand.SummaryWritten;
import io.parley.sessions.entity.InternalCommand.TenantBudgetHeard;
import io.parley.sessions.entity.InternalCommand.TurnAnswered;
import io.parley.sessions.entity.InternalCommand.TurnDelta;
import io.parley.sessions.entity.InternalCommand.TurnRunnerStopped;
import io.parley.sessions.entity.InternalCommand.TurnStoppedUnanswered;
import io.parley.sessions.entity.InternalCommand.UnstaffedTicketHeard;
import io.parley.sessions.entity.SessionCommand.Composing;
import io.parley.sessions.entity.SessionCommand.HandBack;
import io.parley.sessions.entity.SessionCommand.HoldAnswer;
import io.parley.sessions.entity.SessionCommand.InterruptAnswer;
import io.parley.sessions.entity.SessionCommand.PostAgentMessage;
import io.parley.sessions.entity.SessionCommand.PostGreeting;
import io.parley.sessions.entity.SessionCommand.PostNotice;
import io.parley.sessions.entity.SessionCommand.RecordTransfer;
import io.parley.sessions.entity.SessionCommand.RequestAgent;
import io.parley.sessions.entity.SessionCommand.SuggestReply;
import io.parley.sessions.entity.SessionCommand.TakeOver;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * What a session answers to a command that came too late or in a state it is not for, in any
 * state without a route of its own: replies from its children and timers for a phase that is over
 * are dropped, requests that need an open session are refused, and sharding's stop stops it.
 */
record LateCommands(EffectFactories<SessionEvent, SessionState> effect) {
  /**
   * Dropped, no reply: answers to what an earlier phase asked (a runner's message for a turn the
   * session no longer runs, a closed session's completion steps once done or erased, a budget or
   * configuration heard after the start or the close), timers of a phase that is over, and typing
   * and barge-in hints for a session that is not open.
   */
  static final List<Class<? extends SessionCommand>> DROPPED = List.of(
      TurnDelta.class, TurnAnswered.class, TurnRunnerStopped.class, TurnStoppedUnanswered.class,
      HoldAnswer.class, HoldExpired.class, SummaryWritten.class, SummaryFailed.class, IdleCloseDue.class,
      ArchiveWritten.class, MemoryWritten.class, NewDataKeyMade.class,
      BotConfigHeard.class, TenantBudgetHeard.class,
      QueuePlaceHeard.class, AgentWaitOver.class, UnstaffedTicketHeard.class, Composing.class,
      InternalCommand.TurnAwaitsApproval.class, InternalCommand.ApprovalExpired.class,
      InternalCommand.AgentApprovalsRefresh.class, InternalCommand.ProcedureDue.class,
      InternalCommand.ProcedureModelDone.class, InternalCommand.ProcedureStepDecided.class);

  static <E> void register(CommandRoutes.Builder<E> routes, Function<E, LateCommands> handler) {
    CommandRoutes.Handled<E, SessionState, LateCommands> anyState = routes.inAnyState().by(handler);
    DROPPED.forEach(late -> anyState.on(late, LateCommands::drop));
    anyState
        .on(PostNotice.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()))
        .on(PostGreeting.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()))
        .on(InterruptAnswer.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()))
        .on(RequestAgent.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()))
        .on(TakeOver.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()))
        .on(SuggestReply.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()))
        .on(SessionCommand.TranslateCustomer.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()))
        .on(SessionCommand.TranslateReply.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()))
        .on(PostAgentMessage.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()))
        .on(HandBack.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()))
        .on(RecordTransfer.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()))
        .on(SessionCommand.RecordPlayed.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()))
        .on(SessionCommand.SetPageContext.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()))
        .on(SessionCommand.AddAttachment.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()))
        // What a customer leaves for a reply, and staff replies to tickets, need the conversation
        // (closed, for a reply): a session never started or erased has none.
        .on(SessionCommand.LeaveContact.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()))
        .on(SessionCommand.ReadContact.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()))
        .on(SessionCommand.PostTicketReply.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()))
        // A closed session's runner is stopping; its last tool records are not needed.
        .on(RecordToolCalls.class, (h, state, cmd) -> h.done(cmd.report().replyTo()))
        .on(RecordToolResult.class, (h, state, cmd) -> h.done(cmd.report().replyTo()))
        .on(InternalCommand.RecordApproval.class, (h, state, cmd) -> h.done(cmd.report().replyTo()))
        .on(SessionCommand.DecideApproval.class, (h, state, cmd) -> h.notOpen(cmd.replyTo()))
        .on(Stop.class, LateCommands::onStop);
  }

  ReplyEffect<SessionEvent, SessionState> drop(SessionState state, SessionCommand late) {
    return effect.noReply();
  }

  /** Sharding's stop (passivation, rebalance, shutdown). */
  ReplyEffect<SessionEvent, SessionState> onStop(SessionState state, Stop cmd) {
    return effect.stop().thenNoReply();
  }

  private <T> ReplyEffect<SessionEvent, SessionState> notOpen(ActorRef<StatusReply<T>> replyTo) {
    return effect.reply(replyTo, StatusReply.error(Refusal.of(ErrorCode.NOT_FOUND, "the session is not open")));
  }

  private ReplyEffect<SessionEvent, SessionState> done(ActorRef<Done> replyTo) {
    return effect.reply(replyTo, Done.getInstance());
  }
}
