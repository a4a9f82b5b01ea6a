package io.parley.sessions.entity.phase;

import io.parley.core.call.CallEnd;
import io.parley.core.handoff.HandoffStatus;
import io.parley.core.session.Channel;
import io.parley.core.session.Role;
import io.parley.sessions.SessionMetrics;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.entity.InternalCommand.IdleCloseDue;
import io.parley.sessions.entity.SessionCommand.Close;
import io.parley.sessions.entity.SessionCommand.Closing;
import io.parley.sessions.entity.SessionEffects;
import io.parley.sessions.entity.SessionEvent.SessionClosed;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.SessionScope;
import io.parley.sessions.entity.SessionState.Closed;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.entity.SessionState;
import io.parley.sessions.entity.Subscribers;
import io.parley.sessions.entity.handoff.AgentQueueLink;
import io.parley.sessions.entity.procedure.ProcedureFold;
import io.parley.sessions.entity.turns.AnswerWaiters;
import io.parley.sessions.entity.turns.TurnSlot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.slf4j.event.Level;

/**
 * The close of an {@link Open} session, asked for or after {@code idleClose} without a user message:
 * whoever waits for an agent leaves the queue, an agent holding it is released, the turn stops,
 * and the close's follow-up ({@link CloseCompletion}) starts. A procedure run still under way ends abandoned in the
 * close's batch.
 */
public record CloseCommands(SessionEffects effect, SessionScope scope, SessionMetrics metrics,
    Subscribers subscribers, IdleClock idleClock, TurnSlot turn, AnswerWaiters waiters, AgentQueueLink agentQueue,
    CloseCompletion closeCompletion) {

  public ReplyEffect<SessionEvent, SessionState> onClose(Open state, Close cmd) {
    String reason = cmd.reason() == null || cmd.reason().isBlank() ? "closed" : cmd.reason();
    return close(state, reason).thenReply(cmd.replyTo(), closed -> StatusReply.success(new Closing(reason))).thenUnstashAll();
  }

  /** Closes a session nobody spoke to for {@code idleClose}; a timer that fires early is set again. */
  public ReplyEffect<SessionEvent, SessionState> onIdleCloseDue(Open state, IdleCloseDue cmd) {
    Instant due = idleClock.closeDue(state);
    if (scope.now().isBefore(due) || turn.runningTurnId().isPresent()) {
      idleClock.reset(state);
      return effect.noReply();
    }
    // A phone session no call follows any more lost its call with the node that held it (a crash).
    boolean dropped = state.channel() == Channel.PHONE && subscribers.isEmpty();
    return close(state, dropped ? CallEnd.DROPPED.closeReason() : "idle").thenNoReply().thenUnstashAll();
  }

  /** Messages stashed for the tenant's budget are unstashed by the caller, to be refused as closed. */
  private EffectBuilder<SessionEvent, SessionState> close(Open state, String reason) {
    Instant at = scope.now();
    List<SessionEvent> events = new ArrayList<>();
    ProcedureFold.abandonedAtClose(state, at).ifPresent(events::add);
    events.add(new SessionClosed(reason, at));
    return effect
        .persist(events)
        .thenRun(closed -> {
          if (state.handoff().status() == HandoffStatus.WAITING_FOR_AGENT) agentQueue.leave();
          agentQueue.closedWith(state.pendingApprovals());
          if (state.handoff().status() == HandoffStatus.AGENT) {
            state.handoff().since().ifPresent(since -> metrics.agentHandedBack(
                Duration.between(since, scope.now()).toMillis() / 1000.0));
            state.handoff().agentId().ifPresent(agentQueue::release);
          }
          metrics.sessionClosed(scope.id().tenant(),
              closed.transcript().messages().stream().anyMatch(m -> m.role() == Role.AGENT));
          turn.stop();
          waiters.refuseAll("the session was closed before answering");
          subscribers.publish(new SessionUpdate.Ended(reason));
          scope.log(Level.INFO).log("session closed: {}", reason);
          idleClock.closed();
          closeCompletion.maybeStart((Closed) closed);
        });
  }
}
