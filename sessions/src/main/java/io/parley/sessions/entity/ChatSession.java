package io.parley.sessions.entity;

import io.parley.core.handoff.HandoffStatus;
import io.parley.core.lead.LeadScore;
import io.parley.core.session.SessionId;
import io.parley.sessions.LeadAlerts;
import io.parley.sessions.SessionFollower;
import io.parley.sessions.SessionServices;
import io.parley.sessions.SessionTags;
import io.parley.sessions.entity.InternalCommand.IdleCheck;
import io.parley.sessions.entity.SessionCommand.Close;
import io.parley.sessions.entity.SessionCommand.Start;
import io.parley.sessions.entity.SessionEvent.AgentJoined;
import io.parley.sessions.entity.SessionEvent.AgentMessageAppended;
import io.parley.sessions.entity.SessionEvent.AgentRequested;
import io.parley.sessions.entity.SessionEvent.AnswerInterrupted;
import io.parley.sessions.entity.SessionEvent.AssistantMessageAppended;
import io.parley.sessions.entity.SessionEvent.ContentErased;
import io.parley.sessions.entity.SessionEvent.FactPinned;
import io.parley.sessions.entity.SessionEvent.LeadScored;
import io.parley.sessions.entity.SessionEvent.MemoryRecorded;
import io.parley.sessions.entity.SessionEvent.NoticeAppended;
import io.parley.sessions.entity.SessionEvent.ReturnedToBot;
import io.parley.sessions.entity.SessionEvent.SessionArchived;
import io.parley.sessions.entity.SessionEvent.SessionClosed;
import io.parley.sessions.entity.SessionEvent.SessionStarted;
import io.parley.sessions.entity.SessionEvent.SummaryUpdated;
import io.parley.sessions.entity.SessionEvent.ToolCallCompleted;
import io.parley.sessions.entity.SessionEvent.ToolCallsRequested;
import io.parley.sessions.entity.SessionEvent.UserMessageAppended;
import io.parley.sessions.entity.SessionState.Closed;
import io.parley.sessions.entity.SessionState.Erased;
import io.parley.sessions.entity.SessionState.NotStarted;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.host.SessionRest;
import io.parley.sessions.turn.Translator;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.EventAdapter;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.RecoveryFailed;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandlerBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.Recovery;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.apache.pekko.serialization.SerializationExtension;

/**
 * One conversation: an event-sourced entity, id {@code <tenant>/<uuid>}, run by the sharded
 * {@link io.parley.sessions.host.SessionHost} as its child while something happens (an open session at rest sleeps).
 *
 * <p>Lifecycle: {@link NotStarted} until {@link Start}; {@link Open} while it accepts messages;
 * {@link Closed} after {@link Close}; {@link Erased} once its data key is gone (its journal and
 * snapshots are sealed with that key by {@link SessionSeal}). A user message is checked, persisted and acknowledged in one
 * pass, and only once its event is in the journal, so an acked message survives any crash. Turns
 * run one at a time in a child {@link io.parley.sessions.turn.TurnRunner}; the queue of unanswered messages is part of the
 * persisted state, so turns interrupted by a crash run again after recovery. Followers subscribe
 * and receive every persisted message and streamed delta; they are not persisted: they watch the
 * entity and re-subscribe when it stops (see {@link SessionFollower}).
 *
 * <p>This class only makes the incarnation's parts and wires each phase's commands and events to
 * what handles them: {@link NotStartedCommands}, {@link OpenCommands} (its turns in
 * {@link TurnCommands}, a person in {@link HandoffCommands} and {@link TransferCommands}, its close in
 * {@link CloseCommands}), {@link ClosedCommands}, {@link ErasedCommands}, {@link StartedCommands} for what open and closed
 * sessions answer alike, {@link RestCommands} for passivation and sleep, and
 * {@link LateCommands} for what comes too late; the protocol is {@link SessionCommand} and
 * {@link SessionEvent}, the transitions are {@link SessionState}'s. Handlers are given the parts
 * they use, never each other: what follows a change in several of them is a part too, the next
 * turn's start ({@link NextTurn}) and the way to a person ({@link HandoffRouting}).
 */
public final class ChatSession extends EventSourcedBehaviorWithEnforcedReplies<SessionCommand, SessionEvent, SessionState> {

  public static final EntityTypeKey<SessionCommand> ENTITY_KEY = EntityTypeKey.create(SessionCommand.class, "ChatSession");

  /** A session whose journal is never sealed: the entity's rules alone, for tests without a key store. */
  public static Behavior<SessionCommand> create(
      SessionId id, ActorRef<ClusterSharding.ShardCommand> shard, SessionServices services) {
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
      SessionServices services, SessionSeal seal) {
    return create(id, shard, services, seal, Optional.empty());
  }

  /** The incarnation of a session that {@code host} keeps while it sleeps ({@link io.parley.sessions.host.SessionHost}). */
  static Behavior<SessionCommand> create(SessionId id, ActorRef<ClusterSharding.ShardCommand> shard,
      SessionServices services, SessionSeal seal, Optional<SessionRest.Host> host) {
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
      SessionServices services, SessionSeal seal, SessionRest.Host host) {
    return incarnation(id, shard, services, seal, Optional.of(host), true);
  }

  private static Behavior<SessionCommand> incarnation(SessionId id, ActorRef<ClusterSharding.ShardCommand> shard,
      SessionServices services, SessionSeal seal, Optional<SessionRest.Host> host, boolean newId) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new ChatSession(ctx, timers, id, shard, services, seal,
        host, newId)));
  }

  static String persistenceId(SessionId id) {
    return PersistenceId.of(ENTITY_KEY.name(), id.entityId()).id();
  }

  private final SessionSeal seal;
  private final Set<String> tag;
  private final boolean newId;
  private final int snapshotEvery;
  private final IdleClock idleClock;
  private final AgentQueueLink agentQueue;
  private final CloseCompletion closeCompletion;
  private final LeadAlerts leads;
  private final SessionId id;
  private final NotStartedCommands notStarted;
  private final StartedCommands started;
  private final OpenCommands open;
  private final CloseCommands close;
  private final NextTurn nextTurn;
  private final TurnCommands turns;
  private final HandoffCommands handoffs;
  private final TranslationCommands translations;
  private final TransferCommands transfers;
  private final CallAudioCommands callAudio;
  private final ClosedCommands closed;
  private final CustomerFeedbackCommands feedback;
  private final AttachmentCommands attachments;
  private final ErasedCommands erased;
  private final RestCommands rest;
  private final LateCommands late;
  private final ApprovalCommands approvals;
  private final ContactCommands contacts;
  private final ProcedureCommands procedures;
  private final ProcedureModel procedureModel;
  private final HostLink hostLink;

  /**
   * Makes what the incarnation keeps in memory only, never in the journal (who follows, who waits
   * for which answer, the turn running now, the gate for new messages, the agent queue's place, the
   * idle close), each part given to the handlers that use it. A restart loses all of it by design:
   * followers subscribe again, and the persisted queue of unanswered messages starts the turns again.
   */
  private ChatSession(ActorContext<SessionCommand> context, TimerScheduler<SessionCommand> timers, SessionId id,
      ActorRef<ClusterSharding.ShardCommand> shard, SessionServices services, SessionSeal seal,
      Optional<SessionRest.Host> host, boolean newId) {
    super(
        PersistenceId.of(ENTITY_KEY.name(), id.entityId()),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
    this.seal = seal;
    this.tag = Set.of(SessionTags.of(id));
    this.newId = newId;
    this.id = id;
    this.snapshotEvery = services.settings().snapshotEvery();
    this.leads = services.leads();
    var effect = Effect();
    var scope = new SessionScope(context, id, services.clock());
    this.hostLink = new HostLink(context, shard, host);
    var subscribers = new Subscribers(context, id.wireId(), host.map(SessionRest.Host::followers).orElse(Set.of()));
    var placeholders = new TranscriptPlaceholders(services.settings().redactPrompts());
    var summaries = new SummaryRuns(context, id, services, placeholders);
    var gate = new MessageGate(context, id.tenant(), services);
    var turn = new TurnSlot(context, timers, services.answering(), services.logic());
    var waiters = new AnswerWaiters();
    var usage = new TenantUsage(context, id, services);
    var repeats = new RepeatedMessages(effect);
    this.idleClock = new IdleClock(timers, services.settings().idleClose(), services.clock(), services.metrics());
    this.agentQueue = new AgentQueueLink(context, timers, scope, services.settings().agentWaitLimit(),
        services.unstaffedTickets());
    this.closeCompletion = new CloseCompletion(context, id, services);
    this.notStarted = new NotStartedCommands(effect, scope, seal,
        new StartingAsks(context, scope, seal, services.botConfigs()), idleClock, hostLink);
    this.started = new StartedCommands(effect, scope, subscribers, waiters, turn, hostLink);
    this.nextTurn = new NextTurn(scope, turn, subscribers, placeholders);
    var handoffRouting = new HandoffRouting(scope, services.metrics(), turn, waiters, subscribers, agentQueue,
        services.settings().phoneTransferTarget());
    this.turns = new TurnCommands(effect, scope, services, turn, subscribers, waiters, nextTurn, handoffRouting, usage,
        summaries);
    this.transfers = new TransferCommands(effect, scope, subscribers, agentQueue);
    this.callAudio = new CallAudioCommands(effect, scope);
    this.handoffs = new HandoffCommands(effect, scope, services, repeats, subscribers, idleClock, turn, waiters,
        agentQueue, placeholders, nextTurn, handoffRouting);
    var spent = context.messageAdapter(Translator.Spent.class, InternalCommand.TranslationSpent::new);
    this.translations = new TranslationCommands(effect, scope, services, placeholders, usage, spent);
    this.open = new OpenCommands(effect, scope, services, gate, repeats, subscribers, idleClock, summaries, usage, turn,
        handoffRouting, nextTurn);
    this.close = new CloseCommands(effect, scope, services.metrics(), subscribers, idleClock, turn, waiters, agentQueue,
        closeCompletion);
    this.closed = new ClosedCommands(effect, scope, repeats, closeCompletion);
    this.feedback = new CustomerFeedbackCommands(effect, scope, subscribers, closeCompletion,
        services.settings().ratingWindow(), services.metrics());
    this.attachments = new AttachmentCommands(effect, scope);
    this.erased = new ErasedCommands(effect, hostLink);
    this.rest = new RestCommands(effect, scope, hostLink, idleClock, subscribers, waiters, turn, summaries, gate, usage);
    this.late = new LateCommands(effect);
    this.contacts = new ContactCommands(effect, scope, services, subscribers, idleClock, closeCompletion);
    this.procedureModel = new ProcedureModel(context, services.answering(), placeholders, spent, services.logic(), id.tenant());
    this.approvals = new ApprovalCommands(effect, scope, timers, turn, subscribers, nextTurn, agentQueue);
    ProcedureTools procedureTools = new ProcedureTools(context, services.answering());
    this.procedures = new ProcedureCommands(effect, scope, services.metrics(), procedureTools, procedureModel, subscribers,
        waiters, nextTurn, handoffRouting, new ProcedureApprovals(effect, scope, procedureTools, approvals),
        new ProcedureDecisions(context, services.logic()));
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

  /** Every event is tagged with its session's slice of the journal, which one conversations projection reads. */
  @Override
  public Set<String> tagsFor(SessionEvent event) {
    return tag;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(snapshotEvery, 2);
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

  /** Each handler registers the commands it answers; what none answers in a state is a late one. */
  private static CommandRoutes<ChatSession> commandRoutes() {
    CommandRoutes.Builder<ChatSession> routes = CommandRoutes.builder();
    NotStartedCommands.register(routes, s -> s.notStarted);
    StartedCommands.register(routes, s -> s.started);
    OpenCommands.register(routes, s -> s.open);
    CloseCommands.register(routes, s -> s.close);
    TurnCommands.register(routes, s -> s.turns);
    ApprovalCommands.register(routes, s -> s.approvals);
    ProcedureCommands.register(routes, s -> s.procedures);
    HandoffCommands.register(routes, s -> s.handoffs);
    TranslationCommands.register(routes, s -> s.translations);
    TransferCommands.register(routes, s -> s.transfers);
    CallAudioCommands.register(routes, s -> s.callAudio);
    ClosedCommands.register(routes, s -> s.closed);
    CustomerFeedbackCommands.register(routes, s -> s.feedback);
    ContactCommands.register(routes, s -> s.contacts);
    AttachmentCommands.register(routes, s -> s.attachments);
    ErasedCommands.register(routes, s -> s.erased);
    RestCommands.register(routes, s -> s.rest);
    LateCommands.register(routes, s -> s.late);
    return routes.build();
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
        .onEvent(SessionEvent.ApprovalRequested.class, Open::requestApproval)
        .onEvent(SessionEvent.ApprovalDecided.class, Open::decideApproval)
        .onEvent(SummaryUpdated.class, Open::updateSummary)
        .onEvent(LeadScored.class, Open::scoreLead)
        .onEvent(SessionEvent.PageContextSet.class, Open::setPage)
        .onEvent(SessionEvent.LanguageDecided.class, Open::decideLanguage)
        .onEvent(SessionEvent.Rated.class, Open::rate)
        .onEvent(SessionEvent.ContactLeft.class, Open::leaveContact)
        .onEvent(SessionEvent.AttachmentAdded.class, Open::addAttachment)
        .onEvent(SessionEvent.CallTransferred.class, Open::recordTransfer)
        .onEvent(SessionEvent.PlayedToCaller.class, (open, played) -> open)
        .onEvent(SessionEvent.ProcedureEvent.class, ProcedureFold::apply)
        .onEvent(AgentRequested.class, Open::requestAgent)
        .onEvent(AgentJoined.class, Open::agentJoined)
        .onEvent(AgentMessageAppended.class, Open::appendAgent)
        .onEvent(ReturnedToBot.class, Open::returnToBot)
        .onEvent(SessionClosed.class, Open::close);
    builder.forStateType(Closed.class)
        .onEvent(SessionArchived.class, Closed::archived)
        .onEvent(MemoryRecorded.class, Closed::recordMemory)
        .onEvent(SessionEvent.Rated.class, Closed::rate)
        .onEvent(AgentMessageAppended.class, Closed::appendAgent)
        .onEvent(SessionEvent.PlayedToCaller.class, (closed, played) -> closed);
    return builder.build();
  }

  @Override
  public SignalHandler<SessionState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          if (state instanceof Open recovered) {
            idleClock.opened(recovered);
            approvals.recovered(recovered);
            nextTurn.startIfDue(state);
            // A crash may have come between the request and the queue hearing of it: it hears again.
            if (recovered.handoff().status() == HandoffStatus.WAITING_FOR_AGENT) agentQueue.join(recovered);
            // Likewise between a lead qualifying and the tenant hearing of it: asking again is harmless.
            recovered.notes().lead().filter(LeadScore::qualified).ifPresent(lead -> leads.qualified(id, lead));
          }
          if (state instanceof Closed recovered) closeCompletion.maybeStart(recovered);
        })
        // A failed replay is its host's to count (docs/operations.md#failed-safe-sessions).
        .onSignal(RecoveryFailed.class, (state, failed) ->
            hostLink.tellHost(new SessionRest.RecoveryFailed(hostLink.self(), failed.getFailure())))
        .onSignal(PostStop.instance(), state -> {
          idleClock.stopped();
          procedureModel.stopped();
        })
        .build();
  }
}
