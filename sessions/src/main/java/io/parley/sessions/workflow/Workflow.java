package io.parley.sessions.workflow;

import io.parley.core.AsyncCause;
import io.parley.core.CborSerializable;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.SessionId;
import io.parley.sessions.Outcome;
import io.parley.sessions.workflow.WorkflowState.Phase;
import io.parley.sessions.workflow.WorkflowState.StepState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
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
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * A durable workflow: a sharded, event-sourced entity, id {@code <tenant>/<workflowId>}, that runs the
 * steps of a {@link WorkflowDefinition} in order.
 *
 * <p>Each attempt of a step is recorded ({@link StepStarted}) before it runs and its outcome after
 * ({@link StepSucceeded}, {@link StepFailed}); transient failures are retried with exponential backoff
 * and jitter up to the step's attempts. After a crash the entity (remembered by sharding) recovers and
 * goes on with the first step that has not succeeded, with the same idempotency key, so a step whose
 * outcome was lost runs again harmlessly. A permanent failure (or the last attempt failing) undoes
 * the succeeded steps in reverse order, retrying each compensation until it succeeds, and the
 * workflow ends compensated.
 */
public final class Workflow
    extends EventSourcedBehaviorWithEnforcedReplies<Workflow.Command, Workflow.Event, WorkflowState> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Workflow");
  private static final Object RETRY = "retry";

  public sealed interface Command extends CborSerializable {}

  /** Starts the workflow (idempotent: a started one only replies); replies its status once started. */
  public record Start(String definition, Map<String, String> input, ActorRef<Outcome<WorkflowStatus>> replyTo)
      implements Command {}

  /** Replies with the status; NOT_FOUND when never started. */
  public record GetStatus(ActorRef<Outcome<WorkflowStatus>> replyTo) implements Command {}

  public record Stop() implements Command {}

  record RunNext() implements Command {}

  record Attempted(String step, int attempt, boolean compensation, Optional<String> result, Optional<String> error,
      boolean transientFailure) implements Command {}

  public sealed interface Event extends CborSerializable {}

  public record WorkflowStarted(String definition, Map<String, String> input, List<String> steps, Instant at)
      implements Event {}

  public record StepStarted(String step, int attempt, Instant at) implements Event {}

  public record StepSucceeded(String step, String result, Instant at) implements Event {}

  /** {@code permanent}: no more attempts; compensation follows. */
  public record StepFailed(String step, int attempt, String error, boolean permanent, Instant at) implements Event {}

  public record StepCompensated(String step, Instant at) implements Event {}

  /** Registers the entity type with sharding on this node; returns the way to reach workflows. */
  public static Workflows init(ActorSystem<?> system, List<WorkflowDefinition> definitions, Clock clock) {
    ClusterSharding.get(system).init(
        Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), definitions, clock)).withStopMessage(new Stop()));
    return new Workflows(system);
  }

  public static Behavior<Command> create(String entityId, List<WorkflowDefinition> definitions, Clock clock) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Workflow(ctx, timers, entityId, definitions, clock)));
  }

  /** {@code <tenant>/<workflowId>}, checked. */
  public static String entityId(String tenant, String workflowId) {
    SessionId.requireTenant(tenant);
    if (workflowId == null || !workflowId.matches("[A-Za-z0-9._-]{1,120}")) {
      throw new IllegalArgumentException("a workflow id is 1-120 characters of A-Z, a-z, 0-9, '.', '_' and '-'");
    }
    return tenant + "/" + workflowId;
  }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final String tenant;
  private final String workflowId;
  private final Map<String, WorkflowDefinition> definitions;
  private final Clock clock;
  private final Executor blocking;
  // Runtime only: an attempt under way (its outcome comes back as Attempted), compensation attempts.
  private boolean attemptInFlight;
  private int compensationFailures;

  private Workflow(ActorContext<Command> context, TimerScheduler<Command> timers, String entityId,
      List<WorkflowDefinition> definitions, Clock clock) {
    super(PersistenceId.of(ENTITY_KEY.name(), entityId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
    this.context = context;
    this.timers = timers;
    int slash = entityId.indexOf('/');
    this.tenant = entityId.substring(0, slash);
    this.workflowId = entityId.substring(slash + 1);
    this.definitions = definitions.stream().collect(
        java.util.stream.Collectors.toMap(WorkflowDefinition::name, d -> d));
    this.clock = clock;
    this.blocking = context.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
  }

  @Override
  public WorkflowState emptyState() {
    return WorkflowState.empty();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, WorkflowState> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Start.class, this::onStart)
        .onCommand(GetStatus.class, (state, cmd) -> Effect().reply(cmd.replyTo(), status(state)))
        .onCommand(RunNext.class, this::onRunNext)
        .onCommand(Attempted.class, this::onAttempted)
        .onCommand(Stop.class, cmd -> Effect().stop().thenNoReply())
        .build();
  }

  private ReplyEffect<Event, WorkflowState> onStart(WorkflowState state, Start cmd) {
    if (state.phase() != Phase.NOT_STARTED) return Effect().reply(cmd.replyTo(), status(state));
    WorkflowDefinition definition = definitions.get(cmd.definition());
    if (definition == null) {
      return Effect().reply(cmd.replyTo(), Outcome.refused(ErrorCode.BAD_REQUEST, "no workflow named " + cmd.definition()));
    }
    return Effect()
        .persist(new WorkflowStarted(definition.name(), cmd.input(), definition.stepNames(), now()))
        .thenRun(started -> runNext())
        .thenReply(cmd.replyTo(), this::status);
  }

  private ReplyEffect<Event, WorkflowState> onRunNext(WorkflowState state, RunNext cmd) {
    if (attemptInFlight) return Effect().noReply();
    if (state.phase() == Phase.RUNNING) {
      StepState current = state.currentStep().orElseThrow(() -> new IllegalStateException("running with no step left"));
      WorkflowStep step = step(state, current.name());
      if (current.attempts() >= step.maxAttempts()) {
        // Attempts were used up before a crash lost the last outcome.
        return Effect().persist(new StepFailed(current.name(), current.attempts(),
            "gave up after " + current.attempts() + " attempts", true, now())).thenRun(after -> runNext()).thenNoReply();
      }
      int attempt = current.attempts() + 1;
      return Effect()
          .persist(new StepStarted(current.name(), attempt, now()))
          .thenRun(after -> attempt(after, step, attempt, false))
          .thenNoReply();
    }
    if (state.phase() == Phase.COMPENSATING) {
      state.nextToCompensate().ifPresent(s -> attempt(state, step(state, s.name()), compensationFailures + 1, true));
    }
    return Effect().noReply();
  }

  private ReplyEffect<Event, WorkflowState> onAttempted(WorkflowState state, Attempted cmd) {
    attemptInFlight = false;
    if (cmd.compensation()) {
      if (state.phase() != Phase.COMPENSATING) return Effect().noReply();
      if (cmd.error().isEmpty()) {
        compensationFailures = 0;
        return Effect().persist(new StepCompensated(cmd.step(), now())).thenRun(after -> {
          if (after.phase() == Phase.COMPENSATED) context.getLog().warn("workflow {} compensated", workflowId);
          runNext();
        }).thenNoReply();
      }
      compensationFailures++;
      Duration delay = backoff(step(state, cmd.step()), compensationFailures);
      context.getLog().warn("compensation of {} in workflow {} failed (attempt {}), retrying in {} ms: {}", cmd.step(),
          workflowId, compensationFailures, delay.toMillis(), cmd.error().get());
      timers.startSingleTimer(RETRY, new RunNext(), delay);
      return Effect().noReply();
    }
    Optional<StepState> current = state.currentStep();
    if (state.phase() != Phase.RUNNING || current.isEmpty() || !current.get().name().equals(cmd.step())
        || current.get().attempts() != cmd.attempt()) {
      return Effect().noReply();
    }
    if (cmd.error().isEmpty()) {
      return Effect().persist(new StepSucceeded(cmd.step(), cmd.result().orElse(""), now()))
          .thenRun(after -> {
            if (after.phase() == Phase.COMPLETED) context.getLog().info("workflow {} completed", workflowId);
            runNext();
          })
          .thenNoReply();
    }
    WorkflowStep step = step(state, cmd.step());
    boolean permanent = !cmd.transientFailure() || cmd.attempt() >= step.maxAttempts();
    return Effect()
        .persist(new StepFailed(cmd.step(), cmd.attempt(), cmd.error().get(), permanent, now()))
        .thenRun(after -> {
          Duration delay = permanent ? Duration.ZERO : backoff(step, cmd.attempt());
          context.getLog().warn("step {} of workflow {} failed (attempt {}{}): {}", cmd.step(), workflowId,
              cmd.attempt(), permanent ? ", for good" : ", retrying in " + delay.toMillis() + " ms", cmd.error().get());
          timers.startSingleTimer(RETRY, new RunNext(), delay);
        })
        .thenNoReply();
  }

  private void attempt(WorkflowState state, WorkflowStep step, int attempt, boolean compensation) {
    Optional<WorkflowStep.Action> action = compensation ? step.compensate() : Optional.of(step.run());
    StepContext stepContext = new StepContext(tenant, workflowId, step.name(), state.input(), state.results());
    attemptInFlight = true;
    if (action.isEmpty()) {
      context.getSelf().tell(new Attempted(step.name(), attempt, true, Optional.of(""), Optional.empty(), false));
      return;
    }
    context.pipeToSelf(CompletableFuture.supplyAsync(() -> {
      try {
        return action.get().run(stepContext);
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    }, blocking), (result, failure) -> {
      if (failure == null) return new Attempted(step.name(), attempt, compensation, Optional.ofNullable(result), Optional.empty(), false);
      Throwable cause = AsyncCause.of(failure);
      boolean transientFailure = !(cause instanceof StepFailure f) || f.transientFailure();
      String error = cause.getMessage() == null ? cause.toString() : cause.getMessage();
      return new Attempted(step.name(), attempt, compensation, Optional.empty(), Optional.of(error), transientFailure);
    });
  }

  private void runNext() {
    context.getSelf().tell(new RunNext());
  }

  private WorkflowStep step(WorkflowState state, String name) {
    WorkflowDefinition definition = definitions.get(state.definition());
    if (definition == null) throw new IllegalStateException("workflow definition " + state.definition() + " is not known on this node");
    return definition.step(name).orElseThrow(() ->
        new IllegalStateException("workflow " + state.definition() + " has no step " + name + " any more"));
  }

  private static Duration backoff(WorkflowStep step, int failures) {
    return step.backoff().delayBeforeRetry(failures, ThreadLocalRandom.current()::nextDouble);
  }

  private Outcome<WorkflowStatus> status(WorkflowState state) {
    if (state.phase() == Phase.NOT_STARTED) return Outcome.refused(ErrorCode.NOT_FOUND, "no such workflow");
    return Outcome.ok(new WorkflowStatus(tenant, workflowId, state));
  }

  @Override
  public EventHandler<WorkflowState, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(WorkflowStarted.class, WorkflowState::start)
        .onEvent(StepStarted.class, WorkflowState::stepStarted)
        .onEvent(StepSucceeded.class, WorkflowState::stepSucceeded)
        .onEvent(StepFailed.class, WorkflowState::stepFailed)
        .onEvent(StepCompensated.class, WorkflowState::stepCompensated)
        .build();
  }

  @Override
  public SignalHandler<WorkflowState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          if (state.phase() == Phase.RUNNING || state.phase() == Phase.COMPENSATING) runNext();
        })
        .build();
  }

  private Instant now() {
    return clock.instant();
  }
}
