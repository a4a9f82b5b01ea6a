package io.parley.sessions;

import io.parley.core.handoff.HandoffStatus;
import io.parley.core.lead.LeadScore;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.core.session.SessionId;
import io.parley.sessions.SessionCommand.AgentWaitOver;
import io.parley.sessions.SessionCommand.ArchiveWritten;
import io.parley.sessions.SessionCommand.HandBack;
import io.parley.sessions.SessionCommand.PostAgentMessage;
import io.parley.sessions.SessionCommand.QueuePlaceHeard;
import io.parley.sessions.SessionCommand.RequestAgent;
import io.parley.sessions.SessionCommand.TakeOver;
import io.parley.sessions.SessionCommand.AwaitAnswer;
import io.parley.sessions.SessionCommand.Close;
import io.parley.sessions.SessionCommand.GetView;
import io.parley.sessions.SessionCommand.IdleCheck;
import io.parley.sessions.SessionCommand.IdleCloseDue;
import io.parley.sessions.SessionCommand.InterruptAnswer;
import io.parley.sessions.SessionCommand.MemoryWritten;
import io.parley.sessions.SessionCommand.PostNotice;
import io.parley.sessions.SessionCommand.PostUserMessage;
import io.parley.sessions.SessionCommand.RecordToolCalls;
import io.parley.sessions.SessionCommand.RecordToolResult;
import io.parley.sessions.SessionCommand.Start;
import io.parley.sessions.SessionCommand.Stop;
import io.parley.sessions.SessionCommand.Subscribe;
import io.parley.sessions.SessionCommand.SubscriberGone;
import io.parley.sessions.SessionCommand.SummaryFailed;
import io.parley.sessions.SessionCommand.SummaryWritten;
import io.parley.sessions.SessionCommand.TenantBudgetHeard;
import io.parley.sessions.SessionCommand.TurnAnswered;
import io.parley.sessions.SessionCommand.TurnDelta;
import io.parley.sessions.SessionCommand.TurnRunnerStopped;
import io.parley.sessions.SessionCommand.TurnStoppedUnanswered;
import io.parley.sessions.SessionCommand.Unsubscribe;
import io.parley.sessions.SessionEvent.AgentJoined;
import io.parley.sessions.SessionEvent.AgentMessageAppended;
import io.parley.sessions.SessionEvent.AgentRequested;
import io.parley.sessions.SessionEvent.AnswerInterrupted;
import io.parley.sessions.SessionEvent.AssistantMessageAppended;
import io.parley.sessions.SessionEvent.FactPinned;
import io.parley.sessions.SessionEvent.LeadScored;
import io.parley.sessions.SessionEvent.MemoryRecorded;
import io.parley.sessions.SessionEvent.NoticeAppended;
import io.parley.sessions.SessionEvent.ReturnedToBot;
import io.parley.sessions.SessionEvent.SessionArchived;
import io.parley.sessions.SessionEvent.SessionClosed;
import io.parley.sessions.SessionEvent.SessionStarted;
import io.parley.sessions.SessionEvent.SummaryUpdated;
import io.parley.sessions.SessionEvent.ToolCallCompleted;
import io.parley.sessions.SessionEvent.ToolCallsRequested;
import io.parley.sessions.SessionEvent.UserMessageAppended;
import io.parley.sessions.SessionCommand.DataKeyHeard;
import io.parley.sessions.SessionCommand.NewDataKeyMade;
import io.parley.sessions.SessionEvent.ContentErased;
import io.parley.sessions.SessionState.Closed;
import io.parley.sessions.SessionState.Erased;
import io.parley.sessions.SessionState.NotStarted;
import io.parley.sessions.SessionState.Open;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.EventAdapter;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandlerBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.Recovery;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.apache.pekko.serialization.SerializationExtension;

/**
 * One conversation: an event-sourced entity, id {@code <tenant>/<uuid>}, run by the sharded
 * {@link SessionHost} as its child while something happens (an open session at rest sleeps).
 *
 * <p>Lifecycle: {@link NotStarted} until {@link Start}; {@link Open} while it accepts messages;
 * {@link Closed} after {@link Close}; {@link Erased} once its data key is gone (its journal and
 * snapshots are sealed with that key by {@link SessionSeal}). A user message is checked, persisted and acknowledged in one
 * pass, and only once its event is in the journal, so an acked message survives any crash. Turns
 * run one at a time in a child {@link TurnRunner}; the queue of unanswered messages is part of the
 * persisted state, so turns interrupted by a crash run again after recovery. Followers subscribe
 * and receive every persisted message and streamed delta; they are not persisted: they watch the
 * entity and re-subscribe when it stops (see {@link SessionFollower}).
 *
 * <p>This class only wires each phase's commands and events to what handles them:
 * {@link NotStartedHandlers}, {@link OpenSessionHandlers} (its turns in {@link TurnHandling}),
 * {@link ClosedSessionHandlers}, and {@link StartedSessionHandlers} for what open and closed
 * sessions answer alike; the protocol is {@link SessionCommand} and {@link SessionEvent}, the
 * transitions are {@link SessionState}'s, and what the entity keeps in memory only is its
 * {@link SessionRuntime}'s.
 */
public final class ChatSession extends EventSourcedBehaviorWithEnforcedReplies<SessionCommand, SessionEvent, SessionState> {

  public static final EntityTypeKey<SessionCommand> ENTITY_KEY = EntityTypeKey.create(SessionCommand.class, "ChatSession");

  /** A session whose journal is never sealed: the entity's rules alone, for tests without a key store. */
  public static Behavior<SessionCommand> create(
      SessionId id, ActorRef<ClusterSharding.ShardCommand> shard, TurnServices services) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new ChatSession(ctx, timers, id, shard, services,
        SessionSeal.plain(id, persistenceId(id), SerializationExtension.get(ctx.getSystem().classicSystem())),
        Optional.empty(), false)));
  }

  /**
   * A session whose journal is sealed as {@code seal} says; the seal outlives a restart of the
   * entity, so a key made at the start (and stored with {@code SessionStarted}) still reads the
   * journal after it.
   */
  static Behavior<SessionCommand> create(SessionId id, ActorRef<ClusterSharding.ShardCommand> shard,
      TurnServices services, SessionSeal seal) {
    return create(id, shard, services, seal, Optional.empty());
  }

  /** The incarnation of a session that {@code host} keeps while it sleeps ({@link SessionHost}). */
  static Behavior<SessionCommand> create(SessionId id, ActorRef<ClusterSharding.ShardCommand> shard,
      TurnServices services, SessionSeal seal, Optional<SessionRest.Host> host) {
    return incarnation(id, shard, services, seal, host, false);
  }

  /**
   * The first incarnation of a session whose id was just minted for its {@code Start}: it reads no
   * snapshot, and its replay finds nothing to read (the journal's highest sequence number is read
   * all the same). Restarted after a journal failure, it replays the events it wrote. Events it
   * did not write (the id was in use after all) read as erased, under a key it never read: the
   * start is refused and nothing is written.
   */
  static Behavior<SessionCommand> createForNewId(SessionId id, ActorRef<ClusterSharding.ShardCommand> shard,
      TurnServices services, SessionSeal seal, SessionRest.Host host) {
    return incarnation(id, shard, services, seal, Optional.of(host), true);
  }

  private static Behavior<SessionCommand> incarnation(SessionId id, ActorRef<ClusterSharding.ShardCommand> shard,
      TurnServices services, SessionSeal seal, Optional<SessionRest.Host> host, boolean newId) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new ChatSession(ctx, timers, id, shard, services, seal,
        host, newId)));
  }

  static String persistenceId(SessionId id) {
    return PersistenceId.of(ENTITY_KEY.name(), id.entityId()).id();
  }

  private final SessionSeal seal;
  private final boolean newId;
  private final SessionRuntime runtime;
  private final TurnHandling turns;
  private final NotStartedHandlers notStarted;
  private final StartedSessionHandlers started;
  private final OpenSessionHandlers open;
  private final HandoffHandlers handoffs;
  private final ClosedSessionHandlers closed;

  private ChatSession(ActorContext<SessionCommand> context, TimerScheduler<SessionCommand> timers, SessionId id,
      ActorRef<ClusterSharding.ShardCommand> shard, TurnServices services, SessionSeal seal,
      Optional<SessionRest.Host> host, boolean newId) {
    super(
        PersistenceId.of(ENTITY_KEY.name(), id.entityId()),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
    this.seal = seal;
    this.newId = newId;
    this.runtime = new SessionRuntime(context, timers, shard, id, services, seal, host);
    this.turns = new TurnHandling(Effect(), runtime);
    this.notStarted = new NotStartedHandlers(Effect(), runtime);
    this.started = new StartedSessionHandlers(Effect(), runtime);
    this.handoffs = new HandoffHandlers(Effect(), runtime, turns);
    this.open = new OpenSessionHandlers(Effect(), runtime, started, turns, handoffs);
    this.closed = new ClosedSessionHandlers(Effect(), runtime, started);
    context.setReceiveTimeout(services.settings().passivateAfterIdle(), new IdleCheck());
  }

  @Override
  public SessionState emptyState() {
    return new NotStarted();
  }

  @Override
  public Recovery recovery() {
    return newId ? Recovery.withSnapshotSelectionCriteria(SnapshotSelectionCriteria.none()) : super.recovery();
  }

  @Override
  public EventAdapter<SessionEvent, ?> eventAdapter() {
    return seal.events();
  }

  @Override
  public SnapshotAdapter<SessionState> snapshotAdapter() {
    return seal.snapshots();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(runtime.services().settings().snapshotEvery(), 2);
  }

  /** One table for every session of the node (see {@link CommandRoutes}). */
  private static final CommandRoutes<ChatSession> COMMANDS = commandRoutes();

  @Override
  public CommandHandlerWithReply<SessionCommand, SessionEvent, SessionState> commandHandler() {
    return (state, command) -> COMMANDS.answer(this, state, command);
  }

  /** Whether a session in {@code state} has an answer for {@code command}; one without would fail the session. */
  static boolean answers(Class<? extends SessionState> state, Class<? extends SessionCommand> command) {
    return COMMANDS.routes(state, command);
  }

  private static CommandRoutes<ChatSession> commandRoutes() {
    CommandRoutes.Builder<ChatSession> routes = CommandRoutes.builder();
    routes.inState(NotStarted.class)
        .on(Start.class, (s, state, cmd) -> s.notStarted.onStart(state, cmd))
        .on(SessionCommand.BotConfigHeard.class, (s, state, cmd) -> s.notStarted.onBotConfigHeard(state, cmd))
        .on(NewDataKeyMade.class, (s, state, cmd) -> s.notStarted.onNewDataKeyMade(state, cmd))
        .on(Subscribe.class, (s, state, cmd) -> s.notStarted.onSubscribe(state, cmd))
        .on(PostUserMessage.class, (s, state, cmd) -> s.notStarted.notFound(cmd.replyTo()))
        .on(AwaitAnswer.class, (s, state, cmd) -> s.notStarted.notFound(cmd.replyTo()))
        .on(Close.class, (s, state, cmd) -> s.notStarted.notFound(cmd.replyTo()))
        .on(GetView.class, (s, state, cmd) -> s.notStarted.notFound(cmd.replyTo()));
    answeredAsStarted(routes.inState(Open.class))
        .on(PostUserMessage.class, (s, state, cmd) -> s.open.onUserMessage(state, cmd))
        .on(TenantBudgetHeard.class, (s, state, cmd) -> s.open.onTenantBudgetHeard(state, cmd))
        .on(SessionCommand.UsageRecorded.class, (s, state, cmd) -> {
          s.runtime.usageRecorded();
          return s.open.onTenantBudgetHeard(state, new TenantBudgetHeard(Optional.of(cmd.standing()), ""));
        })
        .on(PostNotice.class, (s, state, cmd) -> s.open.onPostNotice(state, cmd))
        .on(Close.class, (s, state, cmd) -> s.open.onClose(state, cmd))
        .on(TurnDelta.class, (s, state, cmd) -> s.turns.onTurnDelta(state, cmd))
        .on(TurnAnswered.class, (s, state, cmd) -> s.turns.onTurnAnswered(state, cmd))
        .on(TurnRunnerStopped.class, (s, state, cmd) -> s.turns.onTurnRunnerStopped(state, cmd))
        .on(TurnStoppedUnanswered.class, (s, state, cmd) -> s.turns.onTurnStoppedUnanswered(state.botConfig(), cmd))
        .on(InterruptAnswer.class, (s, state, cmd) -> s.turns.onInterruptAnswer(state, cmd))
        .on(SessionCommand.HoldAnswer.class, (s, state, cmd) -> s.turns.onHoldAnswer(state, cmd))
        .on(SessionCommand.HoldExpired.class, (s, state, cmd) -> s.turns.onHoldExpired(state, cmd))
        .on(IdleCloseDue.class, (s, state, cmd) -> s.open.onIdleCloseDue(state, cmd))
        .on(SummaryWritten.class, (s, state, cmd) -> s.open.onSummaryWritten(state, cmd))
        .on(SummaryFailed.class, (s, state, cmd) -> s.open.onSummaryFailed(state, cmd))
        .on(RecordToolCalls.class, (s, state, cmd) -> s.turns.onRecordToolCalls(state, cmd))
        .on(RecordToolResult.class, (s, state, cmd) -> s.handoffs.onRecordToolResult(state, cmd))
        .on(RequestAgent.class, (s, state, cmd) -> s.handoffs.onRequestAgent(state, cmd))
        .on(QueuePlaceHeard.class, (s, state, cmd) -> s.handoffs.onQueuePlaceHeard(state, cmd))
        .on(AgentWaitOver.class, (s, state, cmd) -> s.handoffs.onAgentWaitOver(state, cmd))
        .on(SessionCommand.UnstaffedTicketHeard.class, (s, state, cmd) -> s.handoffs.onUnstaffedTicketHeard(state, cmd))
        .on(TakeOver.class, (s, state, cmd) -> s.handoffs.onTakeOver(state, cmd))
        .on(PostAgentMessage.class, (s, state, cmd) -> s.handoffs.onAgentMessage(state, cmd, s.started))
        .on(HandBack.class, (s, state, cmd) -> s.handoffs.onHandBack(state, cmd))
        .on(SessionCommand.Composing.class, (s, state, cmd) -> s.handoffs.onComposing(state, cmd))
        .on(SessionCommand.SuggestReply.class, (s, state, cmd) -> s.handoffs.onSuggestReply(state, cmd))
        .on(SessionCommand.RecordTransfer.class,
            (s, state, cmd) -> new PhoneTransfers(s.Effect(), s.runtime).onRecordTransfer(state, cmd));
    answeredAsStarted(routes.inState(Closed.class))
        .on(PostUserMessage.class, (s, state, cmd) -> s.closed.onUserMessage(state, cmd))
        .on(Close.class, (s, state, cmd) -> s.closed.onClose(state, cmd))
        .on(ArchiveWritten.class, (s, state, cmd) -> s.closed.onArchiveWritten(state, cmd))
        .on(MemoryWritten.class, (s, state, cmd) -> s.closed.onMemoryWritten(state, cmd))
        // A turn the close stopped: its tokens were spent all the same.
        .on(TurnStoppedUnanswered.class, (s, state, cmd) -> s.turns.onTurnStoppedUnanswered(state.botConfig(), cmd));
    routes.inState(Erased.class)
        .on(Start.class, (s, state, cmd) -> s.erased(cmd.replyTo()))
        .on(Subscribe.class, (s, state, cmd) -> {
          cmd.subscriber().tell(new SessionUpdate.Refused(ErrorCode.NOT_FOUND, SessionState.ERASED));
          s.runtime.passivate();
          return s.Effect().noReply();
        })
        .on(PostUserMessage.class, (s, state, cmd) -> s.erased(cmd.replyTo()))
        .on(AwaitAnswer.class, (s, state, cmd) -> s.erased(cmd.replyTo()))
        .on(Close.class, (s, state, cmd) -> s.erased(cmd.replyTo()))
        .on(GetView.class, (s, state, cmd) -> s.erased(cmd.replyTo()));
    routes.inAnyState()
        // Only a closed session's completion writes these; an erased one (or any other) drops them.
        .on(ArchiveWritten.class, (s, state, cmd) -> s.Effect().noReply())
        .on(MemoryWritten.class, (s, state, cmd) -> s.Effect().noReply())
        .on(NewDataKeyMade.class, (s, state, cmd) -> s.Effect().noReply())
        // SessionKeyLoading's answer, heard before the session exists: nothing to do if one strays here.
        .on(DataKeyHeard.class, (s, state, cmd) -> s.Effect().noReply())
        .on(Unsubscribe.class, (s, state, cmd) -> s.removeSubscriber(cmd.subscriber()))
        .on(SubscriberGone.class, (s, state, cmd) -> s.removeSubscriber(cmd.subscriber()))
        .on(IdleCheck.class, (s, state, cmd) -> s.onIdleCheck(state))
        .on(SessionCommand.Sleep.class, (s, state, cmd) -> s.onSleep(state))
        .on(PostNotice.class, (s, state, cmd) -> s.notOpen(cmd.replyTo()))
        .on(InterruptAnswer.class, (s, state, cmd) -> s.notOpen(cmd.replyTo()))
        .on(RequestAgent.class, (s, state, cmd) -> s.notOpen(cmd.replyTo()))
        .on(TakeOver.class, (s, state, cmd) -> s.notOpen(cmd.replyTo()))
        .on(SessionCommand.SuggestReply.class, (s, state, cmd) -> s.notOpen(cmd.replyTo()))
        .on(PostAgentMessage.class, (s, state, cmd) -> s.notOpen(cmd.replyTo()))
        .on(HandBack.class, (s, state, cmd) -> s.notOpen(cmd.replyTo()))
        .on(SessionCommand.RecordTransfer.class, (s, state, cmd) -> s.notOpen(cmd.replyTo()))
        .on(QueuePlaceHeard.class, (s, state, cmd) -> s.Effect().noReply())
        .on(SessionCommand.Composing.class, (s, state, cmd) -> s.Effect().noReply())
        .on(SessionCommand.BotConfigHeard.class, (s, state, cmd) -> s.Effect().noReply())
        .on(AgentWaitOver.class, (s, state, cmd) -> s.Effect().noReply())
        .on(SessionCommand.UnstaffedTicketHeard.class, (s, state, cmd) -> s.Effect().noReply())
        .on(Stop.class, (s, state, cmd) -> s.Effect().stop().thenNoReply())
        // A budget's late answer: nothing waits for it any more.
        .on(TenantBudgetHeard.class, (s, state, cmd) -> s.Effect().noReply())
        .on(SessionCommand.UsageRecorded.class, (s, state, cmd) -> {
          s.runtime.usageRecorded();
          return s.Effect().noReply();
        })
        // A runner's late message for a turn the session no longer runs (closed meanwhile) is dropped.
        .on(TurnDelta.class, (s, state, cmd) -> s.Effect().noReply())
        .on(TurnAnswered.class, (s, state, cmd) -> s.Effect().noReply())
        .on(TurnRunnerStopped.class, (s, state, cmd) -> s.Effect().noReply())
        .on(TurnStoppedUnanswered.class, (s, state, cmd) -> s.Effect().noReply())
        .on(SessionCommand.HoldAnswer.class, (s, state, cmd) -> s.Effect().noReply())
        .on(SessionCommand.HoldExpired.class, (s, state, cmd) -> s.Effect().noReply())
        .on(IdleCloseDue.class, (s, state, cmd) -> s.Effect().noReply())
        .on(SummaryWritten.class, (s, state, cmd) -> s.Effect().noReply())
        .on(SummaryFailed.class, (s, state, cmd) -> s.Effect().noReply())
        // A closed session's runner is stopping; its last tool records are not needed.
        .on(RecordToolCalls.class, (s, state, cmd) -> s.Effect().reply(cmd.replyTo(), Done.getInstance()))
        .on(RecordToolResult.class, (s, state, cmd) -> s.Effect().reply(cmd.replyTo(), Done.getInstance()));
    return routes.build();
  }

  /** What open and closed sessions answer alike ({@link StartedSessionHandlers}). */
  private static <S extends SessionState> CommandRoutes.InState<ChatSession, S> answeredAsStarted(
      CommandRoutes.InState<ChatSession, S> routes) {
    return routes
        .on(Start.class, (s, state, cmd) -> s.started.onStart(state, cmd))
        .on(Subscribe.class, (s, state, cmd) -> s.started.onSubscribe(state, cmd))
        .on(AwaitAnswer.class, (s, state, cmd) -> s.started.onAwaitAnswer(state, cmd))
        .on(GetView.class, (s, state, cmd) -> s.started.onGetView(state, cmd));
  }

  private <T> ReplyEffect<SessionEvent, SessionState> erased(ActorRef<StatusReply<T>> replyTo) {
    return Effect().reply(replyTo, StatusReply.error(Refusal.of(ErrorCode.NOT_FOUND, SessionState.ERASED)));
  }

  private <T> ReplyEffect<SessionEvent, SessionState> notOpen(ActorRef<StatusReply<T>> replyTo) {
    return Effect().reply(replyTo, StatusReply.error(Refusal.of(ErrorCode.NOT_FOUND, "the session is not open")));
  }

  /**
   * Passivates a session nobody uses that has nothing left to do; a closed one stays until its
   * archive and memory are written. An open session stays (it closes itself when idle), but one
   * with nothing under way tells its host, which may put it to sleep ({@link SessionHost}).
   */
  private ReplyEffect<SessionEvent, SessionState> onIdleCheck(SessionState state) {
    boolean settled = state instanceof NotStarted || state instanceof Erased
        || (state instanceof Closed finished && !finished.needsArchive() && !finished.needsMemory());
    if (settled && runtime.unused()) runtime.passivate();
    if (resting(state).isPresent()) runtime.host().ifPresent(host -> host.tell(new SessionRest.Resting(runtime.self())));
    return Effect().noReply();
  }

  /**
   * The host asks it to sleep: it hands over what must outlive it if it is still at rest, and the
   * host stops it. One whose idle close is due stays awake to close.
   */
  private ReplyEffect<SessionEvent, SessionState> onSleep(SessionState state) {
    Optional<Instant> sleepUntil = resting(state).map(runtime::idleCloseDue).filter(due -> due.isAfter(runtime.now()));
    runtime.host().ifPresent(host -> host.tell(sleepUntil.<SessionRest>map(idleCloseDue -> {
      runtime.cancelIdleClose();
      return new SessionRest.Slept(runtime.self(), runtime.subscribers().refs(), idleCloseDue);
    }).orElseGet(() -> new SessionRest.StillAwake(runtime.self()))));
    return Effect().noReply();
  }

  /** The session, if it is open with nothing under way ({@link SessionRuntime#atRest}). */
  private Optional<Open> resting(SessionState state) {
    return state instanceof Open open && runtime.atRest(open) ? Optional.of(open) : Optional.empty();
  }

  private ReplyEffect<SessionEvent, SessionState> removeSubscriber(ActorRef<SessionUpdate> subscriber) {
    runtime.subscribers().remove(subscriber);
    return Effect().noReply();
  }

  /** Every handler is the state's own: one for every session of the node, as with {@link #COMMANDS}. */
  private static final EventHandler<SessionState, SessionEvent> EVENTS = eventRoutes();

  @Override
  public EventHandler<SessionState, SessionEvent> eventHandler() {
    return EVENTS;
  }

  private static EventHandler<SessionState, SessionEvent> eventRoutes() {
    EventHandlerBuilder<SessionState, SessionEvent> builder = EventHandlerBuilder.builder();
    // First: an unreadable event erases whatever was recovered before it, and nothing follows.
    builder.forAnyState().onEvent(ContentErased.class, (state, event) -> new Erased());
    builder.forStateType(Erased.class).onAnyEvent((erased, event) -> erased);
    builder.forStateType(NotStarted.class).onEvent(SessionStarted.class, NotStarted::start);
    builder.forStateType(Open.class)
        .onEvent(UserMessageAppended.class, Open::appendUser)
        .onEvent(AssistantMessageAppended.class, Open::appendAssistant)
        .onEvent(AnswerInterrupted.class, Open::interruptAnswer)
        .onEvent(NoticeAppended.class, Open::appendNotice)
        .onEvent(FactPinned.class, Open::pinFact)
        .onEvent(ToolCallsRequested.class, Open::requestTools)
        .onEvent(ToolCallCompleted.class, Open::completeTool)
        .onEvent(SummaryUpdated.class, Open::updateSummary)
        .onEvent(LeadScored.class, Open::scoreLead)
        .onEvent(SessionEvent.CallTransferred.class, Open::recordTransfer)
        .onEvent(AgentRequested.class, Open::requestAgent)
        .onEvent(AgentJoined.class, Open::agentJoined)
        .onEvent(AgentMessageAppended.class, Open::appendAgent)
        .onEvent(ReturnedToBot.class, Open::returnToBot)
        .onEvent(SessionClosed.class, Open::close);
    builder.forStateType(Closed.class)
        .onEvent(SessionArchived.class, Closed::archived)
        .onEvent(MemoryRecorded.class, Closed::recordMemory);
    return builder.build();
  }

  @Override
  public SignalHandler<SessionState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          if (state instanceof Open recovered) {
            runtime.markActive();
            runtime.scheduleIdleClose(recovered);
            turns.maybeStartTurn(state);
            // A crash may have come between the request and the queue hearing of it: it hears again.
            if (recovered.handoff().status() == HandoffStatus.WAITING_FOR_AGENT) runtime.joinAgentQueue(recovered);
            // Likewise between a lead qualifying and the tenant hearing of it: asking again is harmless.
            recovered.notes().lead().filter(LeadScore::qualified)
                .ifPresent(lead -> runtime.services().leads().qualified(runtime.id(), lead));
          }
          if (state instanceof Closed recovered) runtime.closeCompletion().maybeStart(recovered);
        })
        .onSignal(PostStop.instance(), state -> runtime.markInactive())
        .build();
  }
}
