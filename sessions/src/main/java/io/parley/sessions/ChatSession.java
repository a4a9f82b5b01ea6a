package io.parley.sessions;

import io.parley.core.CborSerializable;
import io.parley.core.memory.SeqRange;
import io.parley.core.llm.TokenUsage;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.SessionId;
import io.parley.sessions.Outcome.Accepted;
import io.parley.sessions.Outcome.Answer;
import io.parley.sessions.Outcome.Closing;
import io.parley.sessions.SessionState.Closed;
import io.parley.sessions.SessionState.NotStarted;
import io.parley.sessions.SessionState.Open;
import io.parley.sessions.admission.MessageAdmission;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One conversation: a sharded, event-sourced entity, id {@code <tenant>/<uuid>}.
 *
 * <p>Lifecycle: {@link NotStarted} until {@link Start}; {@link Open} while it accepts messages;
 * {@link Closed} after {@link Close}. A user message is acknowledged only once its event is in
 * the journal, so an acked message survives any crash. Turns run one at a time in a child
 * {@link TurnRunner}; the queue of unanswered messages is part of the persisted state, so turns
 * interrupted by a crash run again after recovery. Connected clients subscribe and receive
 * every persisted message and streamed delta; subscribers are not persisted: they watch the
 * entity and re-subscribe when it stops (see {@link SessionUpdate}).
 *
 * <p>This class declares the protocol and wires each phase's commands to the class that handles
 * them: {@link NotStartedHandlers}, {@link OpenSessionHandlers} (its turns in {@link TurnHandling}),
 * {@link ClosedSessionHandlers}, and {@link StartedSessionHandlers} for what open and closed
 * sessions answer alike. What the entity keeps in memory only is its {@link SessionRuntime}'s.
 */
public final class ChatSession
    extends EventSourcedBehaviorWithEnforcedReplies<ChatSession.Command, ChatSession.Event, SessionState> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "ChatSession");

  public sealed interface Command extends CborSerializable {}

  /** Creates the session (idempotent); replies its info. */
  public record Start(Optional<String> userId, ActorRef<Outcome<SessionInfo>> replyTo) implements Command {}

  /** Subscribes a connection: it gets {@code Joined} with the messages after {@code afterSeq}, then live updates. */
  public record Subscribe(long afterSeq, ActorRef<SessionUpdate> subscriber) implements Command {}

  /** Stops updates to a connection; no reply. */
  public record Unsubscribe(ActorRef<SessionUpdate> subscriber) implements Command {}

  /** Appends a user message (idempotent on {@code clientMsgId}); replies once it is durable. */
  public record PostUserMessage(String clientMsgId, String text, ActorRef<Outcome<Accepted>> replyTo)
      implements Command {}

  /**
   * Appends a system notice for the user (a workflow's news, e.g. an escalated ticket), idempotent on
   * {@code noticeId}; replies once it is durable, refused when the session is not open.
   */
  public record PostNotice(String noticeId, String text, ActorRef<Outcome<Accepted>> replyTo) implements Command {}

  /** Replies with the assistant's answer of a turn as soon as it is persisted. */
  public record AwaitAnswer(String turnId, ActorRef<Outcome<Answer>> replyTo) implements Command {}

  /** Closes the session (idempotent); replies once {@code SessionClosed} is durable. */
  public record Close(String reason, ActorRef<Outcome<Closing>> replyTo) implements Command {}

  /** Replies with the whole session. */
  public record GetView(ActorRef<Outcome<SessionView>> replyTo) implements Command {}

  /** The sharding stop message (passivation, rebalance, shutdown). */
  public record Stop() implements Command {}

  record IdleCheck() implements Command {}

  /** The admission child's verdict on a user message: store it, or reply its refusal. */
  record AdmissionDecided(MessageAdmission.Verdict verdict) implements Command {}

  record SubscriberGone(ActorRef<SessionUpdate> subscriber) implements Command {}

  record TurnDelta(String turnId, String text) implements Command {}

  /** A turn's answer, and the range its prompt left outside the window that is worth summarising now. */
  record TurnAnswered(
      String turnId, String text, AnswerSource source, Optional<TokenUsage> usage, Optional<SeqRange> summarize)
      implements Command {}

  record SummaryWritten(SeqRange range, String text, AnswerSource source) implements Command {}

  record SummaryFailed(SeqRange range, String reason) implements Command {}

  record TurnRunnerStopped(String turnId) implements Command {}

  record IdleCloseDue() implements Command {}

  /** From the turn runner: tool calls to record before they run; replies when durable. */
  record RecordToolCalls(String turnId, List<ToolRound.RequestedCall> calls, ActorRef<Done> replyTo) implements Command {}

  /** From the turn runner: a tool call's outcome to record; replies when durable. */
  record RecordToolResult(String turnId, ToolRound.CompletedCall result, ActorRef<Done> replyTo) implements Command {}

  record ArchiveWritten(String key, String sha256, long bytes, String location) implements Command {}

  record MemoryWritten() implements Command {}

  public sealed interface Event extends CborSerializable {}

  public record SessionStarted(String tenant, Optional<String> userId, Instant at) implements Event {}

  public record UserMessageAppended(long seq, String clientMsgId, String text, String turnId, Instant at)
      implements Event {}

  public record AssistantMessageAppended(
      long seq, String turnId, String text, AnswerSource source, Optional<TokenUsage> usage, Instant at)
      implements Event {}

  public record SessionClosed(String reason, Instant at) implements Event {}

  /** A system notice for the user, turn id {@code notice-<noticeId>}. */
  public record NoticeAppended(long seq, String noticeId, String text, Instant at) implements Event {}

  /** A fact the conversation established; {@code supersedes} is the value of the same kind it replaces. */
  public record FactPinned(String name, String value, long sourceSeq, Optional<String> supersedes, Instant at)
      implements Event {}

  /** The rolling summary now also covers messages {@code fromSeq..toSeq}; {@code text} is the whole new summary. */
  public record SummaryUpdated(String text, long fromSeq, long toSeq, AnswerSource source, Instant at)
      implements Event {}

  public record SessionArchived(String key, String sha256, long bytes, String location, Instant at) implements Event {}

  /** The closed session's summary and facts are in its user's long-term memory. */
  public record MemoryRecorded(Instant at) implements Event {}

  /** The model asked for these tool calls in a turn; persisted before any of them runs. */
  public record ToolCallsRequested(String turnId, List<ToolRound.RequestedCall> calls, Instant at) implements Event {}

  /** One requested tool call finished (or failed for good). */
  public record ToolCallCompleted(String turnId, ToolRound.CompletedCall result, Instant at) implements Event {}

  /** Registers the entity type with sharding on this node; returns the way to reach sessions. */
  public static ChatSessions init(ActorSystem<?> system, TurnServices services) {
    ClusterSharding.get(system).init(
        Entity.of(ENTITY_KEY, ctx -> create(SessionId.fromEntityId(ctx.getEntityId()), ctx.getShard(), services))
            .withStopMessage(new Stop()));
    return new ChatSessions(system);
  }

  public static Behavior<Command> create(
      SessionId id, ActorRef<ClusterSharding.ShardCommand> shard, TurnServices services) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new ChatSession(ctx, timers, id, shard, services)));
  }

  private final SessionRuntime runtime;
  private final TurnHandling turns;
  private final NotStartedHandlers notStarted;
  private final StartedSessionHandlers started;
  private final OpenSessionHandlers open;
  private final ClosedSessionHandlers closed;

  private ChatSession(ActorContext<Command> context, TimerScheduler<Command> timers, SessionId id,
      ActorRef<ClusterSharding.ShardCommand> shard, TurnServices services) {
    super(
        PersistenceId.of(ENTITY_KEY.name(), id.entityId()),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
    this.runtime = new SessionRuntime(context, timers, shard, id, services);
    this.turns = new TurnHandling(Effect(), runtime);
    this.notStarted = new NotStartedHandlers(Effect(), runtime);
    this.started = new StartedSessionHandlers(Effect(), runtime);
    this.open = new OpenSessionHandlers(Effect(), runtime, turns);
    this.closed = new ClosedSessionHandlers(Effect(), runtime);
    context.setReceiveTimeout(services.settings().passivateAfterIdle(), new IdleCheck());
  }

  @Override
  public SessionState emptyState() {
    return new NotStarted();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(runtime.services().settings().snapshotEvery(), 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, SessionState> commandHandler() {
    CommandHandlerWithReplyBuilder<Command, Event, SessionState> builder = newCommandHandlerWithReplyBuilder();
    builder.forStateType(NotStarted.class)
        .onCommand(Start.class, notStarted::onStart)
        .onCommand(Subscribe.class, notStarted::onSubscribe)
        .onCommand(PostUserMessage.class, cmd -> Effect().reply(cmd.replyTo(), notFound()))
        .onCommand(AwaitAnswer.class, cmd -> Effect().reply(cmd.replyTo(), notFound()))
        .onCommand(Close.class, cmd -> Effect().reply(cmd.replyTo(), notFound()))
        .onCommand(GetView.class, cmd -> Effect().reply(cmd.replyTo(), notFound()));
    builder.forStateType(Open.class)
        .onCommand(Start.class, started::onStart)
        .onCommand(Subscribe.class, started::onSubscribe)
        .onCommand(PostUserMessage.class, open::onUserMessage)
        .onCommand(AdmissionDecided.class, open::onAdmissionDecided)
        .onCommand(PostNotice.class, open::onPostNotice)
        .onCommand(AwaitAnswer.class, started::onAwaitAnswer)
        .onCommand(Close.class, open::onClose)
        .onCommand(GetView.class, started::onGetView)
        .onCommand(TurnDelta.class, turns::onTurnDelta)
        .onCommand(TurnAnswered.class, turns::onTurnAnswered)
        .onCommand(TurnRunnerStopped.class, turns::onTurnRunnerStopped)
        .onCommand(IdleCloseDue.class, open::onIdleCloseDue)
        .onCommand(SummaryWritten.class, open::onSummaryWritten)
        .onCommand(SummaryFailed.class, open::onSummaryFailed)
        .onCommand(RecordToolCalls.class, turns::onRecordToolCalls)
        .onCommand(RecordToolResult.class, turns::onRecordToolResult);
    builder.forStateType(Closed.class)
        .onCommand(Start.class, started::onStart)
        .onCommand(Subscribe.class, started::onSubscribe)
        .onCommand(PostUserMessage.class, closed::onUserMessage)
        .onCommand(AdmissionDecided.class, (state, cmd) -> closed.onUserMessage(state, cmd.verdict().message()))
        .onCommand(AwaitAnswer.class, started::onAwaitAnswer)
        .onCommand(Close.class, closed::onClose)
        .onCommand(GetView.class, started::onGetView)
        .onCommand(ArchiveWritten.class, closed::onArchiveWritten)
        .onCommand(MemoryWritten.class, closed::onMemoryWritten);
    builder.forAnyState()
        .onCommand(Unsubscribe.class, cmd -> removeSubscriber(cmd.subscriber()))
        .onCommand(SubscriberGone.class, cmd -> removeSubscriber(cmd.subscriber()))
        .onCommand(IdleCheck.class, this::onIdleCheck)
        .onCommand(PostNotice.class, cmd ->
            Effect().reply(cmd.replyTo(), Outcome.refused(ErrorCode.NOT_FOUND, "the session is not open")))
        .onCommand(Stop.class, cmd -> Effect().stop().thenNoReply())
        // A runner's late message for a turn the session no longer runs (closed meanwhile) is dropped.
        .onCommand(TurnDelta.class, cmd -> Effect().noReply())
        .onCommand(TurnAnswered.class, cmd -> Effect().noReply())
        .onCommand(TurnRunnerStopped.class, cmd -> Effect().noReply())
        .onCommand(IdleCloseDue.class, cmd -> Effect().noReply())
        .onCommand(SummaryWritten.class, cmd -> Effect().noReply())
        .onCommand(SummaryFailed.class, cmd -> Effect().noReply())
        // A closed session's runner is stopping; its last tool records are not needed.
        .onCommand(RecordToolCalls.class, cmd -> Effect().reply(cmd.replyTo(), Done.getInstance()))
        .onCommand(RecordToolResult.class, cmd -> Effect().reply(cmd.replyTo(), Done.getInstance()));
    return builder.build();
  }

  /**
   * Passivates a session nobody uses that has nothing left to do. An open session stays (it
   * closes itself when idle); a closed one stays until its archive and memory are written.
   */
  private ReplyEffect<Event, SessionState> onIdleCheck(SessionState state, IdleCheck cmd) {
    boolean settled = state instanceof NotStarted
        || (state instanceof Closed finished && !finished.needsArchive() && !finished.needsMemory());
    if (settled && runtime.unused()) runtime.passivate();
    return Effect().noReply();
  }

  private ReplyEffect<Event, SessionState> removeSubscriber(ActorRef<SessionUpdate> subscriber) {
    runtime.subscribers().remove(subscriber);
    return Effect().noReply();
  }

  @Override
  public EventHandler<SessionState, Event> eventHandler() {
    var builder = newEventHandlerBuilder();
    builder.forStateType(NotStarted.class).onEvent(SessionStarted.class, NotStarted::start);
    builder.forStateType(Open.class)
        .onEvent(UserMessageAppended.class, Open::appendUser)
        .onEvent(AssistantMessageAppended.class, Open::appendAssistant)
        .onEvent(NoticeAppended.class, Open::appendNotice)
        .onEvent(FactPinned.class, Open::pinFact)
        .onEvent(ToolCallsRequested.class, Open::requestTools)
        .onEvent(ToolCallCompleted.class, Open::completeTool)
        .onEvent(SummaryUpdated.class, Open::updateSummary)
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
          }
          if (state instanceof Closed recovered) runtime.closeCompletion().maybeStart(recovered);
        })
        .onSignal(PostStop.instance(), state -> runtime.markInactive())
        .build();
  }

  private static <T extends Outcome.Value> Outcome<T> notFound() {
    return Outcome.refused(ErrorCode.NOT_FOUND, "no such session");
  }
}
