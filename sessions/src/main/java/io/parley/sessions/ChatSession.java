package io.parley.sessions;

import io.parley.core.CborSerializable;
import io.parley.core.memory.SeqRange;
import io.parley.core.llm.TokenUsage;
import io.parley.core.offline.OfflineReason;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Role;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

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
 */
public final class ChatSession
    extends EventSourcedBehaviorWithEnforcedReplies<ChatSession.Command, ChatSession.Event, SessionState> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "ChatSession");
  private static final Object IDLE_CLOSE = "idle-close";

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

  /** The turn being answered right now, and the child answering it. */
  private record RunningTurn(String turnId, ActorRef<TurnRunner.Command> runner, Instant startedAt) {}

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

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final SessionId id;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final TurnServices services;
  // Runtime only, never persisted: who is listening, who waits for which answer, the running turn,
  // the steps under way (a summary update, the archive and memory writes of a close).
  private final Subscribers subscribers;
  private final Map<String, List<ActorRef<Outcome<Answer>>>> answerWaiters = new HashMap<>();
  private final SummaryRuns summaries;
  private final CloseCompletion closeCompletion;
  private Optional<RunningTurn> runningTurn = Optional.empty();
  private boolean countedActive;
  private final ActorRef<MessageAdmission.Command> admission;
  private final ActorRef<MessageAdmission.Verdict> admissionVerdicts;

  private ChatSession(ActorContext<Command> context, TimerScheduler<Command> timers, SessionId id,
      ActorRef<ClusterSharding.ShardCommand> shard, TurnServices services) {
    super(
        PersistenceId.of(ENTITY_KEY.name(), id.entityId()),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
    this.context = context;
    this.timers = timers;
    this.id = id;
    this.shard = shard;
    this.services = services;
    this.subscribers = new Subscribers(context);
    this.summaries = new SummaryRuns(context, services);
    this.closeCompletion = new CloseCompletion(context, id, services);
    this.admission = context.spawn(MessageAdmission.create(id, services), "admission");
    this.admissionVerdicts = context.messageAdapter(MessageAdmission.Verdict.class, AdmissionDecided::new);
    context.setReceiveTimeout(services.settings().passivateAfterIdle(), new IdleCheck());
  }

  @Override
  public SessionState emptyState() {
    return new NotStarted();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(services.settings().snapshotEvery(), 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, SessionState> commandHandler() {
    CommandHandlerWithReplyBuilder<Command, Event, SessionState> builder = newCommandHandlerWithReplyBuilder();
    builder.forStateType(NotStarted.class)
        .onCommand(Start.class, this::onStart)
        .onCommand(Subscribe.class, cmd -> {
          cmd.subscriber().tell(new SessionUpdate.Refused(ErrorCode.NOT_FOUND, "no such session"));
          shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
          return Effect().noReply();
        })
        .onCommand(PostUserMessage.class, cmd -> Effect().reply(cmd.replyTo(), notFound()))
        .onCommand(AwaitAnswer.class, cmd -> Effect().reply(cmd.replyTo(), notFound()))
        .onCommand(Close.class, cmd -> Effect().reply(cmd.replyTo(), notFound()))
        .onCommand(GetView.class, cmd -> Effect().reply(cmd.replyTo(), notFound()));
    builder.forStateType(Open.class)
        .onCommand(Start.class, (state, cmd) -> Effect().reply(cmd.replyTo(), Outcome.ok(info(state))))
        .onCommand(Subscribe.class, this::onSubscribe)
        .onCommand(PostUserMessage.class, this::onUserMessage)
        .onCommand(AdmissionDecided.class, this::onAdmissionDecided)
        .onCommand(PostNotice.class, this::onPostNotice)
        .onCommand(AwaitAnswer.class, this::onAwaitAnswer)
        .onCommand(Close.class, this::onClose)
        .onCommand(GetView.class, (state, cmd) -> Effect().reply(cmd.replyTo(), Outcome.ok(view(state))))
        .onCommand(TurnDelta.class, this::onTurnDelta)
        .onCommand(TurnAnswered.class, this::onTurnAnswered)
        .onCommand(TurnRunnerStopped.class, this::onTurnRunnerStopped)
        .onCommand(IdleCloseDue.class, this::onIdleCloseDue)
        .onCommand(SummaryWritten.class, this::onSummaryWritten)
        .onCommand(SummaryFailed.class, this::onSummaryFailed)
        .onCommand(RecordToolCalls.class, this::onRecordToolCalls)
        .onCommand(RecordToolResult.class, this::onRecordToolResult);
    builder.forStateType(Closed.class)
        .onCommand(Start.class, (state, cmd) -> Effect().reply(cmd.replyTo(), Outcome.ok(info(state))))
        .onCommand(Subscribe.class, this::onSubscribe)
        .onCommand(PostUserMessage.class, this::onUserMessageWhenClosed)
        .onCommand(AdmissionDecided.class, (state, cmd) -> onUserMessageWhenClosed(state, cmd.verdict().message()))
        .onCommand(AwaitAnswer.class, this::onAwaitAnswer)
        .onCommand(Close.class, (state, cmd) -> Effect().reply(cmd.replyTo(), Outcome.ok(new Closing(state.reason()))))
        .onCommand(GetView.class, (state, cmd) -> Effect().reply(cmd.replyTo(), Outcome.ok(view(state))))
        .onCommand(ArchiveWritten.class, this::onArchiveWritten)
        .onCommand(MemoryWritten.class, this::onMemoryWritten);
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

  private ReplyEffect<Event, SessionState> onStart(NotStarted state, Start cmd) {
    return Effect()
        .persist(new SessionStarted(id.tenant(), cmd.userId(), now()))
        .thenRun(started -> {
          log(Level.INFO).log("session started");
          markActive();
          scheduleIdleClose((Open) started);
        })
        .thenReply(cmd.replyTo(), started -> Outcome.ok(info(started)));
  }

  private ReplyEffect<Event, SessionState> onSubscribe(SessionState state, Subscribe cmd) {
    subscribers.add(cmd.subscriber());
    Transcript transcript = state.transcript();
    cmd.subscriber().tell(new SessionUpdate.Joined(context.getSelf(), info(state), transcript.after(cmd.afterSeq()),
        runningTurn.map(RunningTurn::turnId)));
    if (state instanceof Closed closed) cmd.subscriber().tell(new SessionUpdate.Ended(closed.reason()));
    return Effect().noReply();
  }

  private ReplyEffect<Event, SessionState> onUserMessage(Open state, PostUserMessage cmd) {
    Optional<ChatMessage> seen = state.transcript().byClientMsgId(cmd.clientMsgId());
    if (seen.isPresent()) {
      return Effect().reply(cmd.replyTo(), Outcome.ok(new Accepted(seen.get().seq(), seen.get().turnId(), true)));
    }
    if (cmd.clientMsgId().isBlank() || cmd.text().isBlank()) {
      return Effect().reply(cmd.replyTo(), Outcome.refused(ErrorCode.BAD_REQUEST, "clientMsgId and text must not be empty"));
    }
    ConversationNotes.TokenTotals used = state.notes().usage();
    if (used.promptTokens() + used.completionTokens() >= services.settings().sessionTokenBudget()) {
      services.metrics().messageRefused(id.tenant(), ErrorCode.BUDGET_EXCEEDED.wireName());
      return Effect().reply(cmd.replyTo(), Outcome.refused(ErrorCode.BUDGET_EXCEEDED,
          "this conversation has used its token budget; start a new one or ask for a person"));
    }
    // The rate and the tenant's budget are the child's to decide; retries of stored messages never reach it.
    admission.tell(new MessageAdmission.Admit(cmd, admissionVerdicts));
    return Effect().noReply();
  }

  /** Stores an admitted message, unless the same clientMsgId was stored while it waited; replies a refusal. */
  private ReplyEffect<Event, SessionState> onAdmissionDecided(Open state, AdmissionDecided decided) {
    PostUserMessage cmd = decided.verdict().message();
    if (decided.verdict() instanceof MessageAdmission.Refused refused) return Effect().reply(cmd.replyTo(), refused.outcome());
    Optional<ChatMessage> seen = state.transcript().byClientMsgId(cmd.clientMsgId());
    if (seen.isPresent()) {
      return Effect().reply(cmd.replyTo(), Outcome.ok(new Accepted(seen.get().seq(), seen.get().turnId(), true)));
    }
    long seq = state.transcript().nextSeq();
    String turnId = "turn-" + seq;
    Instant at = now();
    UserMessageAppended appended = new UserMessageAppended(seq, cmd.clientMsgId(), cmd.text(), turnId, at);
    return Effect()
        .persist(FactEvents.with(appended, new ChatMessage(seq, Role.USER, cmd.text(), turnId, at), state.notes()))
        .thenRun(after -> {
          services.metrics().messagePersisted(id.tenant(), Role.USER.wireName());
          publishMessage(after, seq);
          scheduleIdleClose((Open) after);
          maybeStartTurn(after);
        })
        .thenReply(cmd.replyTo(), after -> Outcome.ok(new Accepted(seq, turnId, false)));
  }

  private ReplyEffect<Event, SessionState> onPostNotice(Open state, PostNotice cmd) {
    Optional<ChatMessage> seen = state.transcript().byClientMsgId(SessionState.noticeKey(cmd.noticeId()));
    if (seen.isPresent()) {
      return Effect().reply(cmd.replyTo(), Outcome.ok(new Accepted(seen.get().seq(), seen.get().turnId(), true)));
    }
    if (cmd.noticeId().isBlank() || cmd.text().isBlank()) {
      return Effect().reply(cmd.replyTo(), Outcome.refused(ErrorCode.BAD_REQUEST, "noticeId and text must not be empty"));
    }
    long seq = state.transcript().nextSeq();
    return Effect()
        .persist(new NoticeAppended(seq, cmd.noticeId(), cmd.text(), now()))
        .thenRun(after -> publishMessage(after, seq))
        .thenReply(cmd.replyTo(), after -> Outcome.ok(new Accepted(seq, "notice-" + cmd.noticeId(), false)));
  }

  private ReplyEffect<Event, SessionState> onUserMessageWhenClosed(Closed state, PostUserMessage cmd) {
    // A retry of a message stored before the close is still acknowledged: the client may have missed the ack.
    return state.transcript().byClientMsgId(cmd.clientMsgId())
        .map(m -> Effect().reply(cmd.replyTo(), Outcome.ok(new Accepted(m.seq(), m.turnId(), true))))
        .orElseGet(() -> Effect().reply(cmd.replyTo(), Outcome.refused(ErrorCode.BAD_REQUEST, "the session is closed")));
  }

  private ReplyEffect<Event, SessionState> onAwaitAnswer(SessionState state, AwaitAnswer cmd) {
    Transcript transcript = state.transcript();
    Optional<ChatMessage> answer = transcript.answerOf(cmd.turnId());
    if (answer.isPresent()) return Effect().reply(cmd.replyTo(), Outcome.ok(new Answer(answer.get())));
    boolean pending = state instanceof Open open && open.pendingTurns().contains(cmd.turnId());
    if (!pending) return Effect().reply(cmd.replyTo(), Outcome.refused(ErrorCode.NOT_FOUND, "no turn " + cmd.turnId() + " is waiting for an answer"));
    answerWaiters.computeIfAbsent(cmd.turnId(), t -> new ArrayList<>()).add(cmd.replyTo());
    return Effect().noReply();
  }

  private ReplyEffect<Event, SessionState> onClose(Open state, Close cmd) {
    String reason = cmd.reason() == null || cmd.reason().isBlank() ? "closed" : cmd.reason();
    return close(reason).thenReply(cmd.replyTo(), closed -> Outcome.ok(new Closing(reason)));
  }

  /** Closes a session nobody spoke to for {@code idleClose}; a timer that fires early is set again. */
  private ReplyEffect<Event, SessionState> onIdleCloseDue(Open state, IdleCloseDue cmd) {
    Instant due = state.lastActivityAt().plus(services.settings().idleClose());
    if (now().isBefore(due) || runningTurn.isPresent()) {
      scheduleIdleClose(state);
      return Effect().noReply();
    }
    return close("idle").thenNoReply();
  }

  private org.apache.pekko.persistence.typed.javadsl.EffectBuilder<Event, SessionState> close(String reason) {
    return Effect()
        .persist(new SessionClosed(reason, now()))
        .thenRun(closed -> {
          runningTurn.ifPresent(turn -> context.stop(turn.runner()));
          runningTurn = Optional.empty();
          answerWaiters.values().forEach(waiters -> waiters.forEach(
              w -> w.tell(Outcome.refused(ErrorCode.NOT_FOUND, "the session was closed before answering"))));
          answerWaiters.clear();
          subscribers.publish(new SessionUpdate.Ended(reason));
          log(Level.INFO).log("session closed: {}", reason);
          timers.cancel(IDLE_CLOSE);
          markInactive();
          closeCompletion.maybeStart((Closed) closed);
        });
  }

  private ReplyEffect<Event, SessionState> onArchiveWritten(Closed state, ArchiveWritten cmd) {
    closeCompletion.archiveWritten();
    if (!state.needsArchive()) return Effect().noReply();
    return Effect()
        .persist(new SessionArchived(cmd.key(), cmd.sha256(), cmd.bytes(), cmd.location(), now()))
        .thenRun(archived -> log(Level.INFO).log("session archived to {}/{}", cmd.location(), cmd.key()))
        .thenNoReply();
  }

  private ReplyEffect<Event, SessionState> onMemoryWritten(Closed state, MemoryWritten cmd) {
    closeCompletion.memoryWritten();
    if (!state.needsMemory()) return Effect().noReply();
    return Effect().persist(new MemoryRecorded(now())).thenNoReply();
  }

  private ReplyEffect<Event, SessionState> onSummaryWritten(Open state, SummaryWritten cmd) {
    summaries.succeeded();
    if (cmd.range().fromSeq() != state.notes().summarizedThroughSeq() + 1) return Effect().noReply();
    return Effect()
        .persist(new SummaryUpdated(cmd.text(), cmd.range().fromSeq(), cmd.range().toSeq(), cmd.source(), now()))
        .thenNoReply();
  }

  /** The messages stay in the journal and the next turn asks again, after a backoff. */
  private ReplyEffect<Event, SessionState> onSummaryFailed(Open state, SummaryFailed cmd) {
    Duration backoff = summaries.failed();
    log(Level.WARN).log("summary of {}..{} failed (retry after {} ms): {}", cmd.range().fromSeq(), cmd.range().toSeq(),
        backoff.toMillis(), cmd.reason());
    return Effect().noReply();
  }

  private void scheduleIdleClose(Open open) {
    Duration untilDue = Duration.between(now(), open.lastActivityAt().plus(services.settings().idleClose()));
    timers.startSingleTimer(IDLE_CLOSE, new IdleCloseDue(), untilDue.isNegative() ? Duration.ZERO : untilDue);
  }

  private ReplyEffect<Event, SessionState> onRecordToolCalls(Open state, RecordToolCalls cmd) {
    if (!isRunning(cmd.turnId())) return Effect().reply(cmd.replyTo(), Done.getInstance());
    return Effect()
        .persist(new ToolCallsRequested(cmd.turnId(), cmd.calls(), now()))
        .thenRun(after -> cmd.calls().forEach(call -> subscribers.publish(
            new SessionUpdate.ToolActivity(cmd.turnId(), call.name(), SessionUpdate.ToolActivity.STARTED, Optional.empty()))))
        .thenReply(cmd.replyTo(), after -> Done.getInstance());
  }

  private ReplyEffect<Event, SessionState> onRecordToolResult(Open state, RecordToolResult cmd) {
    if (!isRunning(cmd.turnId())) return Effect().reply(cmd.replyTo(), Done.getInstance());
    ToolRound.CompletedCall result = cmd.result();
    return Effect()
        .persist(new ToolCallCompleted(cmd.turnId(), result, now()))
        .thenRun(after -> subscribers.publish(new SessionUpdate.ToolActivity(cmd.turnId(), result.name(),
            result.ok() ? SessionUpdate.ToolActivity.SUCCEEDED : SessionUpdate.ToolActivity.FAILED,
            Optional.of(result.summary()))))
        .thenReply(cmd.replyTo(), after -> Done.getInstance());
  }

  private ReplyEffect<Event, SessionState> onTurnDelta(Open state, TurnDelta cmd) {
    if (isRunning(cmd.turnId())) subscribers.publish(new SessionUpdate.Delta(cmd.turnId(), cmd.text()));
    return Effect().noReply();
  }

  private ReplyEffect<Event, SessionState> onTurnAnswered(Open state, TurnAnswered cmd) {
    if (!isRunning(cmd.turnId())) return Effect().noReply();
    return persistAnswer(state, cmd.turnId(), cmd.text(), cmd.source(), cmd.usage(), cmd.summarize());
  }

  /** A runner that stopped without answering (it crashed): the user still gets an answer, never silence. */
  private ReplyEffect<Event, SessionState> onTurnRunnerStopped(Open state, TurnRunnerStopped cmd) {
    if (!isRunning(cmd.turnId())) return Effect().noReply();
    log(Level.ERROR).log("turn runner for {} stopped without an answer", cmd.turnId());
    String userText = state.nextTurn().map(ChatMessage::text).orElse("");
    String apology = services.offline().reply(userText, OfflineReason.MODEL_UNAVAILABLE, false).text();
    return persistAnswer(state, cmd.turnId(), apology, AnswerSource.OFFLINE, Optional.empty(), Optional.empty());
  }

  private ReplyEffect<Event, SessionState> persistAnswer(Open state, String turnId, String text, AnswerSource source,
      Optional<TokenUsage> usage, Optional<SeqRange> summarize) {
    long seq = state.transcript().nextSeq();
    Instant at = now();
    AssistantMessageAppended appended = new AssistantMessageAppended(seq, turnId, text, source, usage, at);
    return Effect()
        .persist(FactEvents.with(appended, new ChatMessage(seq, Role.ASSISTANT, text, turnId, at), state.notes()))
        .thenRun(after -> {
          services.metrics().messagePersisted(id.tenant(), Role.ASSISTANT.wireName());
          usage.ifPresent(used -> admission.tell(
              new MessageAdmission.AnswerUsed(id.wireId() + "/" + turnId, used.totalTokens(), at)));
          runningTurn.ifPresent(turn ->
              services.metrics().turnCompleted(Duration.between(turn.startedAt(), now()).toNanos() / 1e9));
          runningTurn = Optional.empty();
          ChatMessage answer = publishMessage(after, seq);
          Optional.ofNullable(answerWaiters.remove(turnId))
              .ifPresent(waiters -> waiters.forEach(w -> w.tell(Outcome.ok(new Answer(answer)))));
          maybeStartTurn(after);
          summarize.ifPresent(range -> summaries.maybeStart((Open) after, range));
        })
        .thenNoReply();
  }

  /**
   * Passivates a session nobody uses that has nothing left to do. An open session stays (it
   * closes itself when idle); a closed one stays until its archive and memory are written.
   */
  private ReplyEffect<Event, SessionState> onIdleCheck(SessionState state, IdleCheck cmd) {
    boolean settled = state instanceof NotStarted
        || (state instanceof Closed closed && !closed.needsArchive() && !closed.needsMemory());
    if (settled && subscribers.isEmpty() && answerWaiters.isEmpty()) {
      shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
    }
    return Effect().noReply();
  }

  private ReplyEffect<Event, SessionState> removeSubscriber(ActorRef<SessionUpdate> subscriber) {
    subscribers.remove(subscriber);
    return Effect().noReply();
  }

  private void maybeStartTurn(SessionState state) {
    if (runningTurn.isPresent() || !(state instanceof Open open)) return;
    open.nextTurn().ifPresent(userMessage -> {
      String turnId = userMessage.turnId();
      ActorRef<TurnRunner.Command> runner = context.spawnAnonymous(
          TurnRunner.create(TurnRunner.Request.of(id, open, userMessage), context.getSelf(), services));
      context.watchWith(runner, new TurnRunnerStopped(turnId));
      runningTurn = Optional.of(new RunningTurn(turnId, runner, now()));
      subscribers.publish(new SessionUpdate.Typing(turnId));
    });
  }

  private boolean isRunning(String turnId) {
    return runningTurn.filter(turn -> turn.turnId().equals(turnId)).isPresent();
  }

  private ChatMessage publishMessage(SessionState state, long seq) {
    ChatMessage message = state.transcript().bySeq(seq)
        .orElseThrow(() -> new IllegalStateException("message " + seq + " was just persisted but is missing"));
    subscribers.publish(new SessionUpdate.MessageAdded(message));
    return message;
  }

  private void markActive() {
    if (!countedActive) services.metrics().sessionOpened();
    countedActive = true;
  }

  private void markInactive() {
    if (countedActive) services.metrics().sessionStopped();
    countedActive = false;
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
          if (state instanceof Open open) {
            markActive();
            scheduleIdleClose(open);
            maybeStartTurn(state);
          }
          if (state instanceof Closed closed) closeCompletion.maybeStart(closed);
        })
        .onSignal(PostStop.instance(), state -> markInactive())
        .build();
  }

  private SessionInfo info(SessionState state) {
    if (state instanceof Open open) {
      return new SessionInfo(id.wireId(), id.tenant(), open.userId(), SessionStatus.OPEN,
          open.transcript().lastSeq(), open.startedAt());
    }
    if (state instanceof Closed closed) {
      return new SessionInfo(id.wireId(), id.tenant(), closed.userId(),
          closed.needsArchive() ? SessionStatus.CLOSED : SessionStatus.ARCHIVED,
          closed.transcript().lastSeq(), closed.startedAt());
    }
    throw new IllegalStateException("a session that never started has no info");
  }

  private SessionView view(SessionState state) {
    Optional<Closed> closed = state instanceof Closed c ? Optional.of(c) : Optional.empty();
    ConversationNotes notes = state instanceof Open open ? open.notes()
        : closed.map(Closed::notes).orElse(ConversationNotes.empty());
    return new SessionView(info(state), state.transcript().messages(), notes,
        closed.map(Closed::closedAt), closed.map(Closed::reason), closed.flatMap(Closed::archive));
  }

  private static <T extends Outcome.Value> Outcome<T> notFound() {
    return Outcome.refused(ErrorCode.NOT_FOUND, "no such session");
  }

  /**
   * A log line carrying the tenant and session as key-value pairs: Pekko Persistence sets its own
   * MDC on an entity's log, so the MDC cannot carry them here.
   */
  private LoggingEventBuilder log(Level level) {
    return context.getLog().atLevel(level).addKeyValue("tenant", id.tenant()).addKeyValue("sessionId", id.wireId());
  }

  private Instant now() {
    return services.clock().instant();
  }
}
