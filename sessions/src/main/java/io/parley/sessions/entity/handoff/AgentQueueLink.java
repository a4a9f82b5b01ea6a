package io.parley.sessions.entity.handoff;

import io.parley.core.bot.ToolApproval;
import io.parley.core.handoff.HandoffTrigger;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import io.parley.sessions.entity.InternalCommand;
import io.parley.sessions.entity.SessionInput;
import io.parley.sessions.entity.SessionScope;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.entity.PendingApproval;
import io.parley.sessions.handoff.AgentApproval;
import io.parley.sessions.handoff.AgentQueue;
import io.parley.sessions.handoff.UnstaffedTickets;
import io.parley.sessions.turn.ToolRound;
import io.parley.tools.tickets.Ticket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.slf4j.event.Level;

/**
 * A session's place in its tenant's {@link AgentQueue} while it waits for a person: joining (again
 * now and then, and after a crash: the queue ignores a repeat), the wait timer, leaving, being
 * picked up, the agent's release, and the ticket of a request nobody came to; and the tool calls
 * waiting for an agent's approval, which every agent's console lists. In memory only: a recovering
 * session that still waits joins again, and says again which approvals wait.
 */
public final class AgentQueueLink {
  private static final Object AGENT_WAIT = "agent-wait";
  private static final Object APPROVALS_REFRESH = "agent-approvals";
  private static final Duration QUEUE_REFRESH = Duration.ofSeconds(30);

  private final ActorContext<SessionInput> context;
  private final TimerScheduler<SessionInput> timers;
  private final SessionScope scope;
  private final Duration waitLimit;
  private final UnstaffedTickets unstaffedTickets;
  private final ActorRef<AgentQueue.Place> places;
  // Looked up when first needed: most sessions never ask for a person (and entity tests run without a cluster).
  private EntityRef<AgentQueue.Command> queue;
  // The request for a person whose ticket was asked for already: the wait timer and the queue may both say nobody came.
  private Instant unstaffedTicketAsked;

  public AgentQueueLink(ActorContext<SessionInput> context, TimerScheduler<SessionInput> timers, SessionScope scope,
      Duration waitLimit, UnstaffedTickets unstaffedTickets) {
    this.context = context;
    this.timers = timers;
    this.scope = scope;
    this.waitLimit = waitLimit;
    this.unstaffedTickets = unstaffedTickets;
    this.places = context.messageAdapter(AgentQueue.Place.class, InternalCommand.QueuePlaceHeard::new);
  }

  /** When the waiting session's wait is over, unless an agent comes first. */
  Instant waitOverAt(Open waiting) {
    return waiting.handoff().since().orElse(scope.now()).plus(waitLimit);
  }

  /**
   * Puts the waiting session in its tenant's agent queue (again, after a crash: the queue ignores a
   * repeat), and times the wait; the queue answers the session's place.
   */
  public void join(Open waiting) {
    Instant since = waiting.handoff().since().orElse(scope.now());
    String lastWords = waiting.transcript().messages().stream()
        .filter(m -> m.role() == Role.USER).reduce((first, second) -> second).map(ChatMessage::text).orElse("");
    queue().tell(new AgentQueue.Enqueue(new AgentQueue.Waiting(scope.id().wireId(), waiting.channel(), waiting.userId(),
        waiting.handoff().trigger().orElse(HandoffTrigger.CUSTOMER_ASKED), since, lastWords,
        waiting.notes().language().map(language -> language.tag().tag())), places));
    Duration untilOver = Duration.between(scope.now(), since.plus(waitLimit));
    // Joining again now and then: a queue that moved or restarted hears again where to send the place.
    Duration next = untilOver.compareTo(QUEUE_REFRESH) > 0 ? QUEUE_REFRESH : untilOver;
    timers.startSingleTimer(AGENT_WAIT, new InternalCommand.AgentWaitOver(), next.isNegative() ? Duration.ZERO : next);
  }

  /** An agent took the waiting session: it leaves the queue, its wait counted for the tenant's estimate. */
  void pickedUp() {
    timers.cancel(AGENT_WAIT);
    queue().tell(new AgentQueue.PickedUp(scope.id().wireId()));
  }

  /** {@code agentId} no longer holds the session: the agent's room for another conversation is back. */
  public void release(String agentId) {
    queue().tell(new AgentQueue.Release(scope.id().wireId(), agentId));
  }

  public void leave() {
    timers.cancel(AGENT_WAIT);
    queue().tell(new AgentQueue.Leave(scope.id().wireId()));
  }

  /**
   * Asks for the ticket of a request for a person nobody came to ({@code reason}), once per request
   * in this incarnation; the answer comes back as {@code UnstaffedTicketHeard}. After a crash the
   * session still waits and asks again: the ticket is the same one.
   */
  void askUnstaffedTicket(Open waiting, String reason, String subject) {
    Instant since = waiting.handoff().since().orElse(scope.now());
    if (since.equals(unstaffedTicketAsked)) return;
    unstaffedTicketAsked = since;
    context.pipeToSelf(unstaffedTickets.open(scope.id(), subject, waiting.transcript().messages(), since),
        (ticket, failure) -> {
          if (failure != null) scope.log(Level.WARN).log("no ticket for the conversation nobody came to: {}", failure.toString());
          return new InternalCommand.UnstaffedTicketHeard(reason, since, Optional.ofNullable(ticket).map(Ticket::id),
              ticket == null ? "" : ticket.priority().wireName());
        });
  }

  /**
   * Tells the queue which of {@code pending} wait for an agent, for every agent's console to list
   * them; said again now and then while any waits ({@code AgentApprovalsRefresh}), so that a queue
   * that restarted lists them again.
   */
  public void approvalsWaiting(List<PendingApproval> pending) {
    List<ToolRound.Approval> agents = forAgents(pending);
    if (agents.isEmpty()) {
      timers.cancel(APPROVALS_REFRESH);
      return;
    }
    agents.forEach(approval -> queue().tell(new AgentQueue.ApprovalWaits(new AgentApproval(
        scope.id().wireId(), approval.approvalId(), approval.tool(), approval.summary(), scope.now(),
        approval.expiresAt()))));
    if (!timers.isTimerActive(APPROVALS_REFRESH)) {
      timers.startTimerWithFixedDelay(APPROVALS_REFRESH, new InternalCommand.AgentApprovalsRefresh(), QUEUE_REFRESH);
    }
  }

  /** The approvals among {@code settled} that waited for an agent leave the consoles' lists. */
  public void approvalsSettled(List<PendingApproval> settled) {
    forAgents(settled).forEach(approval ->
        queue().tell(new AgentQueue.ApprovalSettled(scope.id().wireId(), approval.approvalId())));
  }

  /** The session closed: its approvals waiting for an agent leave the lists, and are not said again. */
  public void closedWith(List<PendingApproval> pending) {
    timers.cancel(APPROVALS_REFRESH);
    approvalsSettled(pending);
  }

  private static List<ToolRound.Approval> forAgents(List<PendingApproval> pending) {
    return pending.stream().map(PendingApproval::approval).filter(approval -> approval.approver() == ToolApproval.AGENT)
        .toList();
  }

  private EntityRef<AgentQueue.Command> queue() {
    if (queue == null) {
      queue = ClusterSharding.get(context.getSystem()).entityRefFor(AgentQueue.ENTITY_KEY, scope.id().tenant());
    }
    return queue;
  }
}
