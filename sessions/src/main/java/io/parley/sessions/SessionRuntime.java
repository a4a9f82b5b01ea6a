package io.parley.sessions;

import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.bot.UsageLimits;
import io.parley.core.handoff.HandoffStatus;
import io.parley.core.handoff.HandoffTrigger;
import io.parley.core.prompt.ConversationTokenCounts;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.core.session.Role;
import io.parley.core.session.SessionId;
import io.parley.sessions.SessionCommand.Answer;
import io.parley.sessions.SessionState.Open;
import io.parley.sessions.admission.TenantTokenBudget;
import io.parley.sessions.admission.TenantUsageReports;
import io.parley.sessions.bot.BotConfigs;
import io.parley.sessions.handoff.AgentQueue;
import io.parley.tools.tickets.Ticket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.pattern.StatusReply;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * What one incarnation of a session holds in memory only, never in the journal: who is listening,
 * who waits for which answer, the turn running now, the gate for new messages (message rate and
 * tenant budget) and the child reporting usage to the tenant's budget, the idle timer, and the
 * steps under way (a summary update, the archive and memory writes of a close).
 * A restart loses all of it by design: subscribers re-subscribe, and the persisted queue of
 * unanswered messages starts the turns again.
 */
final class SessionRuntime {
  private static final Object IDLE_CLOSE = "idle-close";
  private static final Object AGENT_WAIT = "agent-wait";
  private static final Duration QUEUE_REFRESH = Duration.ofSeconds(30);

  private final ActorContext<SessionCommand> context;
  private final TimerScheduler<SessionCommand> timers;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final SessionId id;
  private final TurnServices services;
  private final Subscribers subscribers;
  private final SummaryRuns summaries;
  private final CloseCompletion closeCompletion;
  private final Map<String, List<ActorRef<StatusReply<Answer>>>> answerWaiters = new HashMap<>();
  // The trace each waiting turn continues (docs/tracing.md): in memory only, a restart starts new traces.
  private final Map<String, String> turnTraces = new HashMap<>();
  /**
   * How long a held turn waits for what was heard: the voice side waits at most 400 ms for the
   * page's playback position; this covers a session on another node and a slow page.
   */
  static final Duration HOLD_LIMIT = Duration.ofSeconds(3);

  private Optional<RunningTurn> runningTurn = Optional.empty();
  private boolean held;
  // The running turn's answer so far, as streamed: what a spoken answer interrupted mid-stream is cut from.
  private final StringBuilder streamedAnswer = new StringBuilder();
  private final MessageGate gate;
  private final TranscriptPlaceholders placeholders;
  // Made with the first turn: a session that is only open (most idle ones) counts nothing.
  private ConversationTokenCounts tokenCounts;
  // Started with the first answered turn: a session that is only open (most idle ones) needs no child.
  private ActorRef<TenantUsageReports.Command> usageReports;
  // Turns whose usage the child reports still, retrying: a sleep would stop it and lose them.
  private int usageUnrecorded;
  // Looked up when first needed: most sessions never ask for a person (and entity tests run without a cluster).
  private EntityRef<AgentQueue.Command> agentQueue;
  private final ActorRef<AgentQueue.Place> places;
  // The request for a person whose ticket was asked for already: the wait timer and the queue may both say nobody came.
  private Instant unstaffedTicketAsked;
  private Optional<Optional<PinnedBotConfig>> botConfig = Optional.empty();
  private boolean botConfigAsked;
  private final SessionSeal seal;
  private final Optional<SessionRest.Host> host;
  private boolean dataKeyAsked;
  // In the open-sessions gauge once, whichever of a close and a stop comes first.
  private boolean countedActive;

  /** The turn being answered right now, and the child answering it. */
  record RunningTurn(String turnId, ActorRef<TurnRunner.Command> runner, Instant startedAt) {}

  SessionRuntime(ActorContext<SessionCommand> context, TimerScheduler<SessionCommand> timers,
      ActorRef<ClusterSharding.ShardCommand> shard, SessionId id, TurnServices services, SessionSeal seal,
      Optional<SessionRest.Host> host) {
    this.seal = seal;
    this.host = host;
    this.context = context;
    this.timers = timers;
    this.shard = shard;
    this.id = id;
    this.services = services;
    this.subscribers = new Subscribers(context, host.map(SessionRest.Host::followers).orElse(Set.of()));
    this.placeholders = new TranscriptPlaceholders(services.settings().redactPrompts());
    this.summaries = new SummaryRuns(context, services, placeholders);
    this.closeCompletion = new CloseCompletion(context, id, services);
    this.gate = new MessageGate(context, id.tenant(), services);
    this.places = context.messageAdapter(AgentQueue.Place.class, SessionCommand.QueuePlaceHeard::new);
  }

  /** The tenant's bot configuration for a session being started, once heard (inner empty: the node's settings). */
  Optional<Optional<PinnedBotConfig>> botConfig() {
    return botConfig;
  }

  /** Asks once for the tenant's current configuration (or its draft); the answer comes back as {@code BotConfigHeard}. */
  void askBotConfig(boolean draft) {
    if (botConfigAsked) return;
    botConfigAsked = true;
    BotConfigs configs = services.botConfigs();
    context.pipeToSelf(draft ? configs.draft(id.tenant()) : configs.current(id.tenant()), (config, failure) -> {
      if (failure != null) {
        log(Level.WARN).log("bot configuration unavailable, starting on the node's settings: {}", failure.toString());
      }
      return new SessionCommand.BotConfigHeard(failure == null ? config : Optional.empty());
    });
  }

  SessionSeal seal() {
    return seal;
  }

  /** Asks once for the starting session's data key to be made; the answer comes back as {@code NewDataKeyMade}. */
  void askDataKey(Optional<String> userId) {
    if (dataKeyAsked) return;
    dataKeyAsked = true;
    context.pipeToSelf(seal.newKey(userId), (key, failure) -> {
      if (failure != null) log(Level.ERROR).log("cannot make the session's data key: {}", failure.toString());
      return new SessionCommand.NewDataKeyMade(Optional.ofNullable(key));
    });
  }

  void botConfigHeard(Optional<PinnedBotConfig> config) {
    botConfig = Optional.of(config);
  }

  /**
   * Puts the waiting session in its tenant's agent queue (again, after a crash: the queue ignores a
   * repeat), and times the wait; the queue answers the session's place.
   */
  void joinAgentQueue(Open waiting) {
    Instant since = waiting.handoff().since().orElse(now());
    String lastWords = waiting.transcript().messages().stream()
        .filter(m -> m.role() == Role.USER).reduce((first, second) -> second).map(ChatMessage::text).orElse("");
    agentQueue().tell(new AgentQueue.Enqueue(new AgentQueue.Waiting(id.wireId(), waiting.channel(), waiting.userId(),
        waiting.handoff().trigger().orElse(HandoffTrigger.CUSTOMER_ASKED), since, lastWords), places));
    Duration untilOver = Duration.between(now(), since.plus(services.settings().agentWaitLimit()));
    // Joining again now and then: a queue that moved or restarted hears again where to send the place.
    Duration next = untilOver.compareTo(QUEUE_REFRESH) > 0 ? QUEUE_REFRESH : untilOver;
    timers.startSingleTimer(AGENT_WAIT, new SessionCommand.AgentWaitOver(), next.isNegative() ? Duration.ZERO : next);
  }

  /** An agent took the waiting session: it leaves the queue, its wait counted for the tenant's estimate. */
  void pickedUpFromAgentQueue() {
    timers.cancel(AGENT_WAIT);
    agentQueue().tell(new AgentQueue.PickedUp(id.wireId()));
  }

  /** {@code agentId} no longer holds the session: the agent's room for another conversation is back. */
  void releaseAgent(String agentId) {
    agentQueue().tell(new AgentQueue.Release(id.wireId(), agentId));
  }

  /**
   * Asks for the ticket of a request for a person nobody came to ({@code reason}), once per request
   * in this incarnation; the answer comes back as {@code UnstaffedTicketHeard}. After a crash the
   * session still waits and asks again: the ticket is the same one.
   */
  void askUnstaffedTicket(Open waiting, String reason, String subject) {
    Instant since = waiting.handoff().since().orElse(now());
    if (since.equals(unstaffedTicketAsked)) return;
    unstaffedTicketAsked = since;
    context.pipeToSelf(services.unstaffedTickets().open(id, subject, waiting.transcript().messages(), since),
        (ticket, failure) -> {
          if (failure != null) log(Level.WARN).log("no ticket for the conversation nobody came to: {}", failure.toString());
          return new SessionCommand.UnstaffedTicketHeard(reason, since, Optional.ofNullable(ticket).map(Ticket::id),
              ticket == null ? "" : ticket.priority().expectedResponse());
        });
  }

  /** Starts a child that answers someone directly and stops by itself (a reply suggestion). */
  void spawnHelper(Behavior<?> helper) {
    context.spawnAnonymous(helper);
  }

  void leaveAgentQueue() {
    timers.cancel(AGENT_WAIT);
    agentQueue().tell(new AgentQueue.Leave(id.wireId()));
  }

  private EntityRef<AgentQueue.Command> agentQueue() {
    if (agentQueue == null) {
      agentQueue = ClusterSharding.get(context.getSystem()).entityRefFor(AgentQueue.ENTITY_KEY, id.tenant());
    }
    return agentQueue;
  }

  /** This incarnation. */
  ActorRef<SessionCommand> self() {
    return context.getSelf();
  }

  /** Where the session is reached while it lives: its host's address, which outlives each incarnation. */
  ActorRef<SessionCommand> address() {
    return host.map(SessionRest.Host::address).orElse(context.getSelf());
  }

  /** The host that keeps the session while it sleeps; none for a session run on its own (tests). */
  Optional<SessionRest.Host> host() {
    return host;
  }

  /**
   * Nothing is under way that a sleep would lose: no turn running or waiting, nobody waiting for an
   * answer, no handoff (its queue and timers live here), no summary being written, no budget asked,
   * no turn's usage still being reported to the tenant's budget.
   */
  boolean atRest(Open open) {
    return runningTurn.isEmpty() && open.pendingTurns().isEmpty() && answerWaiters.isEmpty()
        && open.handoff().status() == HandoffStatus.BOT && !summaries.running() && !gate.asking()
        && usageUnrecorded == 0;
  }

  SessionId id() {
    return id;
  }

  TurnServices services() {
    return services;
  }

  Subscribers subscribers() {
    return subscribers;
  }

  SummaryRuns summaries() {
    return summaries;
  }

  CloseCompletion closeCompletion() {
    return closeCompletion;
  }

  Instant now() {
    return services.clock().instant();
  }

  MessageGate gate() {
    return gate;
  }

  /** Counts an answered turn's tokens against the tenant's budget, if the session's {@code limits} or the node give it one. */
  void answerUsed(String turnId, long tokens, Instant answeredAt, UsageLimits limits) {
    if (usageReports == null) {
      ActorRef<TenantTokenBudget.Standing> standings =
          context.messageAdapter(TenantTokenBudget.Standing.class, SessionCommand.UsageRecorded::new);
      usageReports = context.spawn(TenantUsageReports.create(id.tenant(), services.budgets(),
          services.settings().retryBackoff(), services.metrics(), standings), "usage-reports");
    }
    boolean budgeted = services.budgets().limits(id.tenant(), limits);
    if (budgeted) usageUnrecorded++;
    usageReports.tell(new TenantUsageReports.AnswerUsed(id.wireId() + "/" + turnId, tokens, answeredAt, budgeted));
  }

  /** The usage-reports child recorded one turn's usage (it records each budgeted one once). */
  void usageRecorded() {
    if (usageUnrecorded > 0) usageUnrecorded--;
  }

  /** Sends the message just persisted at {@code seq} to every subscriber, and returns it. */
  ChatMessage publishMessage(SessionState state, long seq) {
    ChatMessage message = state.transcript().bySeq(seq)
        .orElseThrow(() -> new IllegalStateException("message " + seq + " was just persisted but is missing"));
    subscribers.publish(new SessionUpdate.MessageAdded(message));
    return message;
  }

  void awaitAnswer(String turnId, ActorRef<StatusReply<Answer>> replyTo) {
    answerWaiters.computeIfAbsent(turnId, t -> new ArrayList<>()).add(replyTo);
  }

  void answered(String turnId, ChatMessage answer) {
    Optional.ofNullable(answerWaiters.remove(turnId))
        .ifPresent(waiters -> waiters.forEach(w -> w.tell(StatusReply.success(new Answer(answer)))));
  }

  /** The turn ended with no answer (the customer spoke over it before hearing any). */
  void unanswered(String turnId) {
    Optional.ofNullable(answerWaiters.remove(turnId)).ifPresent(waiters -> waiters.forEach(w -> w.tell(
        StatusReply.error(Refusal.of(ErrorCode.NOT_FOUND, "the customer interrupted turn " + turnId + " before its answer")))));
  }

  void refuseAnswerWaiters(String reason) {
    answerWaiters.values().forEach(waiters ->
        waiters.forEach(w -> w.tell(StatusReply.error(Refusal.of(ErrorCode.NOT_FOUND, reason)))));
    answerWaiters.clear();
  }

  /** Nobody listens and nobody waits for an answer. */
  boolean unused() {
    return subscribers.isEmpty() && answerWaiters.isEmpty();
  }

  Optional<String> runningTurnId() {
    return runningTurn.map(RunningTurn::turnId);
  }

  boolean isRunning(String turnId) {
    return runningTurn.filter(turn -> turn.turnId().equals(turnId)).isPresent();
  }

  /** {@code turnId}'s turn continues the trace of {@code traceparent}, the span that stored its message. */
  void traceTurn(String turnId, Optional<String> traceparent) {
    traceparent.ifPresent(value -> turnTraces.put(turnId, value));
  }

  /** The trace {@code turnId}'s turn continues, handed over once: the turn's runner takes it. */
  Optional<String> takeTurnTrace(String turnId) {
    return Optional.ofNullable(turnTraces.remove(turnId));
  }

  /** The session's placeholder numbering, kept across its turns. */
  TranscriptPlaceholders placeholders() {
    return placeholders;
  }

  /** The session's token counts, shared by its turns so that each message is counted once. */
  ConversationTokenCounts tokenCounts() {
    if (tokenCounts == null) tokenCounts = services.prompts().conversationCounts();
    return tokenCounts;
  }

  /** Starts a child runner for {@code request}'s turn, watched: it may stop without an answer. */
  void startTurn(TurnRunner.Request request) {
    ActorRef<TurnRunner.Command> runner =
        context.spawnAnonymous(TurnRunner.create(request, context.getSelf(), services));
    context.watchWith(runner, new SessionCommand.TurnRunnerStopped(request.turnId()));
    runningTurn = Optional.of(new RunningTurn(request.turnId(), runner, now()));
    streamedAnswer.setLength(0);
  }

  /** A piece of the running turn's answer went to the subscribers. */
  void streamed(String delta) {
    streamedAnswer.append(delta);
  }

  String streamedAnswer() {
    return streamedAnswer.toString();
  }

  /** Forgets the running turn (it was answered); returns it. */
  Optional<RunningTurn> turnEnded() {
    Optional<RunningTurn> ended = runningTurn;
    runningTurn = Optional.empty();
    held = false;
    return ended;
  }

  /**
   * The customer spoke over the running turn {@code turnId}: its runner stops (cancelling its model
   * call) while the turn stays running, its answer as far as it was streamed, until the session is
   * told what was heard or {@link #HOLD_LIMIT} passes. Returns whether it was held now.
   */
  boolean holdTurn(String turnId) {
    if (!isRunning(turnId) || held) return false;
    held = true;
    context.stop(runningTurn.get().runner());
    timers.startSingleTimer(new SessionCommand.HoldExpired(turnId), HOLD_LIMIT);
    return true;
  }

  /** Whether {@code turnId} is the running turn, held for what was heard of it. */
  boolean isHeld(String turnId) {
    return held && isRunning(turnId);
  }

  /** Whether {@code turnId} is the running turn and its runner still answers (it is not held). */
  boolean isAnswering(String turnId) {
    return !held && isRunning(turnId);
  }

  /** Where a reply nobody waits for goes. */
  <T> ActorRef<T> nobody() {
    return context.getSystem().ignoreRef();
  }

  /** Stops the running turn's runner, which will not answer. */
  void stopTurn() {
    turnEnded().ifPresent(turn -> context.stop(turn.runner()));
  }

  /** When the open session closes for idleness, unless a customer speaks first. */
  Instant idleCloseDue(Open open) {
    return open.lastActivityAt().plus(services.settings().idleClose());
  }

  void scheduleIdleClose(Open open) {
    Duration untilDue = Duration.between(now(), idleCloseDue(open));
    timers.startSingleTimer(IDLE_CLOSE, new SessionCommand.IdleCloseDue(),
        untilDue.isNegative() ? Duration.ZERO : untilDue);
  }

  void cancelIdleClose() {
    timers.cancel(IDLE_CLOSE);
  }

  void passivate() {
    shard.tell(new ClusterSharding.Passivate<>(address()));
  }

  void markActive() {
    if (!countedActive) services.metrics().sessionOpened();
    countedActive = true;
  }

  void markInactive() {
    if (countedActive) services.metrics().sessionStopped();
    countedActive = false;
  }

  /**
   * A log line carrying the tenant and session as key-value pairs: Pekko Persistence sets its own
   * MDC on an entity's log, so the MDC cannot carry them here.
   */
  LoggingEventBuilder log(Level level) {
    return context.getLog().atLevel(level).addKeyValue("tenant", id.tenant()).addKeyValue("sessionId", id.wireId());
  }
}
