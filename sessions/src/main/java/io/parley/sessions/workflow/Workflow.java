package io.parley.sessions.workflow;

import io.parley.core.CborSerializable;
import io.parley.core.retry.RetryPolicy;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.core.session.SessionId;
import io.parley.sessions.SessionMetrics;
import io.parley.sessions.resilience.RetryingStep;
import io.parley.sessions.workflow.WorkflowState.Compensating;
import io.parley.sessions.workflow.WorkflowState.Finished;
import io.parley.sessions.workflow.WorkflowState.NotStarted;
import io.parley.sessions.workflow.WorkflowState.Running;
import io.parley.sessions.workflow.WorkflowState.Started;
import io.parley.sessions.workflow.WorkflowState.StepState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandlerBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * A durable workflow: a sharded, event-sourced entity, id {@code <tenant>/<workflowId>}, that runs the
 * steps of a {@link WorkflowDefinition} in order.
 *
 * <p>Each attempt of a step is recorded ({@link StepStarted}) before it runs and its outcome after
 * ({@link StepSucceeded}, {@link StepFailed}); it runs in a {@link RetryingStep} child, bounded by the
 * step's attempt timeout (a hung attempt is abandoned and counts as a transient failure). Transient
 * failures are retried with exponential backoff and jitter up to the step's attempts; this entity, not
 * the child, waits between attempts, so that every attempt is in the journal. After a crash the entity (remembered by sharding) recovers and
 * goes on with the first step that has not succeeded, with the same idempotency key, so a step whose
 * outcome was lost runs again harmlessly. A permanent failure (or the last attempt failing) undoes
 * the succeeded steps in reverse order, retrying each compensation until it succeeds, and the
 * workflow ends compensated.
 *
 * <p>A finished workflow (completed or compensated) asks its shard to passivate it, after it finished
 * and whenever it recovers finished, so that remember-entities forgets it; a later status query
 * starts it again from its journal. A workflow that was never started answers a status query
 * NOT_FOUND, persists nothing and passivates too, so a client naming ids leaves nothing behind.
 */
public final class Workflow
    extends EventSourcedBehaviorWithEnforcedReplies<Workflow.Command, Workflow.Event, WorkflowState> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Workflow");
  private static final Object RETRY = "retry";
  // A workflow's journal grows with every attempt; a snapshot bounds what a recovery reads.
  private static final int SNAPSHOT_EVERY = 20;

  public sealed interface Command extends CborSerializable {}

  /** Starts the workflow (idempotent: a started one only replies); replies its status once started. */
  public record Start(String definition, Map<String, String> input, ActorRef<StatusReply<WorkflowStatus>> replyTo)
      implements Command {}

  /** Replies with the status; NOT_FOUND (and passivates) when never started. */
  public record GetStatus(ActorRef<StatusReply<WorkflowStatus>> replyTo) implements Command {}

  public record Stop() implements Command {}

  record RunNext() implements Command {}

  /** The outcome of attempt {@code attempt} of the current step. */
  record StepAttempted(String step, int attempt, Optional<String> result, Optional<String> error,
      boolean transientFailure, boolean timedOut) implements Command {}

  /** A compensation of {@code step} succeeded. */
  record CompensationDone(String step) implements Command {}

  public sealed interface Event extends CborSerializable {}

  public record WorkflowStarted(String definition, Map<String, String> input, List<String> steps, Instant at)
      implements Event {}

  public record StepStarted(String step, int attempt, Instant at) implements Event {}

  public record StepSucceeded(String step, String result, Instant at) implements Event {}

  /** {@code permanent}: no more attempts; compensation follows. */
  public record StepFailed(String step, int attempt, String error, boolean permanent, Instant at) implements Event {}

  public record StepCompensated(String step, Instant at) implements Event {}

  /**
   * {@code shard} is asked to passivate the entity; {@code throughSharding} reaches this workflow the
   * way its clients do, through its shard, which holds a message while the entity passivates.
   */
  public static Behavior<Command> create(String entityId, ActorRef<ClusterSharding.ShardCommand> shard,
      RecipientRef<Command> throughSharding, List<WorkflowDefinition> definitions, SessionMetrics metrics, Clock clock) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new Workflow(ctx, timers, entityId, shard, throughSharding, definitions, metrics, clock)));
  }

  public static final String ID_FORM = "a workflow id is 1-120 characters of A-Z, a-z, 0-9, '.', '_' and '-'";

  public static boolean isValidId(String workflowId) {
    return workflowId != null && workflowId.matches("[A-Za-z0-9._-]{1,120}");
  }

  /** {@code <tenant>/<workflowId>}, checked. */
  public static String entityId(String tenant, String workflowId) {
    SessionId.requireTenant(tenant);
    if (!isValidId(workflowId)) throw new IllegalArgumentException(ID_FORM);
    return tenant + "/" + workflowId;
  }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final String tenant;
  private final String workflowId;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final RecipientRef<Command> throughSharding;
  private final Map<String, WorkflowDefinition> definitions;
  private final SessionMetrics metrics;
  private final Clock clock;
  // Runtime only: a step attempt or a compensation is under way in a child; the shard was asked to passivate.
  private boolean attemptInFlight;
  private boolean passivating;

  private Workflow(ActorContext<Command> context, TimerScheduler<Command> timers, String entityId,
      ActorRef<ClusterSharding.ShardCommand> shard, RecipientRef<Command> throughSharding,
      List<WorkflowDefinition> definitions, SessionMetrics metrics, Clock clock) {
    super(PersistenceId.of(ENTITY_KEY.name(), entityId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
    this.context = context;
    this.timers = timers;
    int slash = entityId.indexOf('/');
    this.tenant = entityId.substring(0, slash);
    this.workflowId = entityId.substring(slash + 1);
    this.shard = shard;
    this.throughSharding = throughSharding;
    this.definitions = definitions.stream().collect(
        java.util.stream.Collectors.toMap(WorkflowDefinition::name, d -> d));
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public WorkflowState emptyState() {
    return WorkflowState.empty();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(SNAPSHOT_EVERY, 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, WorkflowState> commandHandler() {
    CommandHandlerWithReplyBuilder<Command, Event, WorkflowState> builder = newCommandHandlerWithReplyBuilder();
    builder.forStateType(NotStarted.class)
        .onCommand(Start.class, this::onStart)
        .onCommand(GetStatus.class, this::onUnknownStatus);
    builder.forStateType(Running.class)
        .onCommand(RunNext.class, this::onRunNext)
        .onCommand(StepAttempted.class, this::onAttempted);
    builder.forStateType(Compensating.class)
        .onCommand(RunNext.class, this::onCompensateNext)
        .onCommand(CompensationDone.class, this::onCompensationDone);
    builder.forAnyState()
        .onCommand(Start.class, (state, cmd) -> Effect().reply(cmd.replyTo(), status((Started) state)))
        .onCommand(GetStatus.class, (state, cmd) -> Effect().reply(cmd.replyTo(), status((Started) state)))
        .onCommand(Stop.class, cmd -> Effect().stop().thenNoReply())
        // A RunNext, or the outcome of a child, that this phase no longer expects.
        .onAnyCommand(cmd -> Effect().noReply());
    return builder.build();
  }

  private ReplyEffect<Event, WorkflowState> onStart(NotStarted state, Start cmd) {
    if (passivating) {
      // Started now, this incarnation would stop with the passivation and be forgotten: the next one starts it.
      throughSharding.tell(cmd);
      return Effect().noReply();
    }
    WorkflowDefinition definition = definitions.get(cmd.definition());
    if (definition == null) {
      passivate();
      return Effect().reply(cmd.replyTo(), StatusReply.error(Refusal.of(ErrorCode.BAD_REQUEST, "no workflow named " + cmd.definition())));
    }
    return Effect()
        .persist(new WorkflowStarted(definition.name(), cmd.input(), definition.stepNames(), now()))
        .thenRun(started -> {
          metrics.workflowStarted(definition.name());
          runNext();
        })
        .thenReply(cmd.replyTo(), started -> status((Started) started));
  }

  private ReplyEffect<Event, WorkflowState> onUnknownStatus(NotStarted state, GetStatus cmd) {
    passivate();
    return Effect().reply(cmd.replyTo(), StatusReply.error(Refusal.of(ErrorCode.NOT_FOUND, "no such workflow")));
  }

  private ReplyEffect<Event, WorkflowState> onRunNext(Running state, RunNext cmd) {
    if (attemptInFlight) return Effect().noReply();
    StepState current = state.currentStep();
    WorkflowStep step = step(state, current.name());
    int attempt = current.attempts() + 1;
    if (!step.retryPolicy().allows(attempt)) {
      // Attempts were used up before a crash lost the last outcome.
      return Effect().persist(new StepFailed(current.name(), current.attempts(),
          "gave up after " + current.attempts() + " attempts", true, now())).thenRun(this::afterStep).thenNoReply();
    }
    return Effect()
        .persist(new StepStarted(current.name(), attempt, now()))
        .thenRun(after -> attempt((Started) after, step, attempt))
        .thenNoReply();
  }

  private ReplyEffect<Event, WorkflowState> onAttempted(Running state, StepAttempted cmd) {
    attemptInFlight = false;
    StepState current = state.currentStep();
    if (!current.name().equals(cmd.step()) || current.attempts() != cmd.attempt()) return Effect().noReply();
    if (cmd.error().isEmpty()) {
      return Effect().persist(new StepSucceeded(cmd.step(), cmd.result().orElse(""), now()))
          .thenRun(after -> {
            metrics.workflowStepAttempted(state.definition(), cmd.step(), "succeeded");
            afterStep(after);
          })
          .thenNoReply();
    }
    Optional<Duration> retry = step(state, cmd.step()).retryPolicy()
        .nextRetry(cmd.attempt(), cmd.transientFailure(), ThreadLocalRandom.current()::nextDouble);
    return Effect()
        .persist(new StepFailed(cmd.step(), cmd.attempt(), cmd.error().get(), retry.isEmpty(), now()))
        .thenRun(after -> {
          context.getLog().warn("step {} of workflow {} failed (attempt {}{}): {}", cmd.step(), workflowId, cmd.attempt(),
              retry.map(delay -> ", retrying in " + delay.toMillis() + " ms").orElse(", for good"), cmd.error().get());
          metrics.workflowStepAttempted(state.definition(), cmd.step(), cmd.timedOut() ? "timed_out" : "failed");
          if (maybeFinish(after)) return;
          timers.startSingleTimer(RETRY, new RunNext(), retry.orElse(Duration.ZERO));
        })
        .thenNoReply();
  }

  private ReplyEffect<Event, WorkflowState> onCompensateNext(Compensating state, RunNext cmd) {
    if (!attemptInFlight) compensate(state, step(state, state.nextToCompensate().name()));
    return Effect().noReply();
  }

  private ReplyEffect<Event, WorkflowState> onCompensationDone(Compensating state, CompensationDone cmd) {
    attemptInFlight = false;
    if (!state.nextToCompensate().name().equals(cmd.step())) return Effect().noReply();
    return Effect().persist(new StepCompensated(cmd.step(), now())).thenRun(after -> {
      metrics.workflowStepAttempted(state.definition(), cmd.step(), "compensated");
      afterStep(after);
    }).thenNoReply();
  }

  /** Goes on with the next step or compensation, unless the workflow is finished. */
  private void afterStep(WorkflowState after) {
    if (!maybeFinish(after)) runNext();
  }

  /** True when the workflow just finished: counted, logged, and the entity passivated. */
  private boolean maybeFinish(WorkflowState after) {
    if (!(after instanceof Finished finished)) return false;
    String result = finished.phase().name().toLowerCase(Locale.ROOT);
    context.getLog().info("workflow {} {}", workflowId, result);
    metrics.workflowFinished(finished.definition(), result);
    passivate();
    return true;
  }

  /** Once: the shard answers with {@link Stop} and holds what arrives for the entity until it has stopped. */
  private void passivate() {
    if (passivating) return;
    passivating = true;
    shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
  }

  /** One attempt, in a child: the retries are this entity's, recorded attempt by attempt. */
  private void attempt(Started state, WorkflowStep step, int attempt) {
    StepContext stepContext = stepContext(state, step);
    attemptInFlight = true;
    context.spawnAnonymous(RetryingStep.create("step " + step.name() + " of workflow " + workflowId,
        () -> step.run().run(stepContext), RetryPolicy.atMost(1, step.attemptTimeout(), step.backoff()),
        failure -> !(failure instanceof StepFailure f) || f.transientFailure(), context.getSelf(),
        result -> new StepAttempted(step.name(), attempt, Optional.ofNullable(result), Optional.empty(), false, false),
        gaveUp -> new StepAttempted(step.name(), attempt, Optional.empty(), Optional.of(gaveUp.lastFailure().describe()),
            gaveUp.lastFailure().transientFailure(), gaveUp.lastFailure() instanceof RetryingStep.TimedOut)));
  }

  /** Undoes a succeeded step, in a child that retries until it succeeds: nothing else is left to do. */
  private void compensate(Started state, WorkflowStep step) {
    attemptInFlight = true;
    if (step.compensate().isEmpty()) {
      context.getSelf().tell(new CompensationDone(step.name()));
      return;
    }
    WorkflowStep.Action undo = step.compensate().get();
    StepContext stepContext = stepContext(state, step);
    context.spawnAnonymous(RetryingStep.untilSuccess("compensation of " + step.name() + " in workflow " + workflowId,
        () -> undo.run(stepContext), step.compensationPolicy(), context.getSelf(), result -> new CompensationDone(step.name())));
  }

  private StepContext stepContext(Started state, WorkflowStep step) {
    return new StepContext(tenant, workflowId, step.name(), state.input(), state.progress().results());
  }

  private void runNext() {
    context.getSelf().tell(new RunNext());
  }

  private WorkflowStep step(Started state, String name) {
    WorkflowDefinition definition = definitions.get(state.definition());
    if (definition == null) throw new IllegalStateException("workflow definition " + state.definition() + " is not known on this node");
    return definition.step(name).orElseThrow(() ->
        new IllegalStateException("workflow " + state.definition() + " has no step " + name + " any more"));
  }

  private StatusReply<WorkflowStatus> status(Started state) {
    return StatusReply.success(new WorkflowStatus(tenant, workflowId, state));
  }

  @Override
  public EventHandler<WorkflowState, Event> eventHandler() {
    EventHandlerBuilder<WorkflowState, Event> builder = newEventHandlerBuilder();
    builder.forStateType(NotStarted.class)
        .onEvent(WorkflowStarted.class, (state, e) -> state.start(e.definition(), e.input(), e.steps(), e.at()));
    builder.forStateType(Running.class)
        .onEvent(StepStarted.class, (state, e) -> state.stepStarted(e.step(), e.attempt(), e.at()))
        .onEvent(StepSucceeded.class, (state, e) -> state.stepSucceeded(e.step(), e.result(), e.at()))
        .onEvent(StepFailed.class, (state, e) -> state.stepFailed(e.step(), e.error(), e.permanent(), e.at()));
    builder.forStateType(Compensating.class)
        .onEvent(StepCompensated.class, (state, e) -> state.stepCompensated(e.step(), e.at()));
    return builder.build();
  }

  @Override
  public SignalHandler<WorkflowState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          if (state instanceof Running || state instanceof Compensating) runNext();
          if (state instanceof Finished) passivate();
        })
        .build();
  }

  private Instant now() {
    return clock.instant();
  }
}
