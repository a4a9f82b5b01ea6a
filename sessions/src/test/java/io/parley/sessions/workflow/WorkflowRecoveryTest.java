package io.parley.sessions.workflow;

import static io.parley.sessions.workflow.WorkflowRuns.QUICK;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.sessions.EntityTestKit;
import io.parley.sessions.workflow.WorkflowState.Phase;
import io.parley.sessions.workflow.WorkflowState.StepStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A workflow stopped in the middle of a step (as a node killed mid-workflow stops it) and started
 * again from its journal, as remember-entities does: it goes on where it was, runs no succeeded step
 * again, and still compensates when a step fails for good after the restart.
 */
class WorkflowRecoveryTest {
  @RegisterExtension static final EntityTestKit entities = new EntityTestKit();
  private final ActorTestKit testKit = entities.actors();

  private final WorkflowRuns runs = new WorkflowRuns(testKit);
  private final String entityId = Workflow.entityId("acme", "order-" + UUID.randomUUID());
  /** What ran, in order: each attempt of a step and of a compensation, with its idempotency key. */
  private final List<String> ran = new CopyOnWriteArrayList<>();
  private final HeldAttempt held = new HeldAttempt();

  @AfterEach
  void releaseTheHeldAttempt() {
    held.release();
  }

  @Test
  void aStepCutShortByARestartRunsAgainUnderItsKeyAndTheStepsBeforeItDoNot() {
    WorkflowDefinition order = new WorkflowDefinition("order", List.of(
        step("reserve", 3, ctx -> "reserved 2 seats"),
        step("charge", 3, held.then(ctx -> "charged for " + ctx.result("reserve").orElseThrow())),
        step("confirm", 3, ctx -> "confirmed")));

    WorkflowState done = runThroughARestart(order, Phase.COMPLETED);
    String id = entityId.substring("acme/".length());
    assertEquals(List.of("reserve " + id + "/reserve", "charge " + id + "/charge", "charge " + id + "/charge",
        "confirm " + id + "/confirm"), ran, "only the interrupted step ran twice, with the same key");
    assertEquals(List.of(1, 2, 1), done.steps().stream().map(WorkflowState.StepState::attempts).toList());
    assertEquals(Optional.of("charged for reserved 2 seats"), done.step("charge").orElseThrow().result(),
        "the step run after the restart sees the results from before it");
  }

  @Test
  void aStepThatFailsForGoodAfterARestartUndoesTheSucceededStepsInReverse() {
    WorkflowDefinition order = new WorkflowDefinition("order", List.of(
        step("reserve", 3, ctx -> "seats 4-5", ctx -> "released " + ctx.result("reserve").orElseThrow()),
        step("charge", 3, ctx -> "payment p-9", ctx -> "refunded " + ctx.result("charge").orElseThrow()),
        step("ship", 3, held.then(ctx -> {
          throw new StepFailure("the carrier refused the parcel", false);
        }))));

    WorkflowState undone = runThroughARestart(order, Phase.COMPENSATED);
    assertEquals(List.of("reserve", "charge", "ship", "ship", "undo charge", "undo reserve"), stepsRun());
    assertEquals(List.of(StepStatus.COMPENSATED, StepStatus.COMPENSATED, StepStatus.FAILED),
        undone.steps().stream().map(WorkflowState.StepState::status).toList());
    assertEquals(Optional.of("the carrier refused the parcel"), undone.step("ship").orElseThrow().lastError());
  }

  @Test
  void aStepWhoseLastAttemptWasCutShortIsNotRunAgainButGivenUp() {
    WorkflowDefinition order = new WorkflowDefinition("order", List.of(
        step("reserve", 3, ctx -> "seats 4-5", ctx -> "released"),
        step("charge", 1, held.then(ctx -> "charged twice"))));

    WorkflowState undone = runThroughARestart(order, Phase.COMPENSATED);
    assertEquals(List.of("reserve", "charge", "undo reserve"), stepsRun(), "one attempt allowed, one made");
    assertEquals(StepStatus.FAILED, undone.step("charge").orElseThrow().status());
    assertEquals(1, undone.step("charge").orElseThrow().attempts());
  }

  @Test
  void aCompensationCutShortByARestartIsDoneAfterIt() {
    WorkflowDefinition order = new WorkflowDefinition("order", List.of(
        step("reserve", 3, ctx -> "seats 4-5", held.then(ctx -> "released")),
        step("charge", 3, ctx -> {
          throw new StepFailure("card declined", false);
        })));

    WorkflowState undone = runThroughARestart(order, Phase.COMPENSATED);
    assertEquals(List.of("reserve", "charge", "undo reserve", "undo reserve"), stepsRun());
    assertEquals(StepStatus.COMPENSATED, undone.step("reserve").orElseThrow().status());
  }

  private WorkflowStep step(String name, int maxAttempts, WorkflowStep.Action run) {
    return new WorkflowStep(name, maxAttempts, QUICK, recorded(name, run), Optional.empty());
  }

  private WorkflowStep step(String name, int maxAttempts, WorkflowStep.Action run, WorkflowStep.Action undo) {
    return new WorkflowStep(name, maxAttempts, QUICK, recorded(name, run), Optional.of(recorded("undo " + name, undo)));
  }

  private WorkflowStep.Action recorded(String label, WorkflowStep.Action action) {
    return ctx -> {
      ran.add(label + " " + ctx.idempotencyKey());
      return action.run(ctx);
    };
  }

  private List<String> stepsRun() {
    return ran.stream().map(entry -> entry.substring(0, entry.lastIndexOf(' '))).toList();
  }

  /**
   * Starts the workflow, stops it while the held attempt is in flight and starts it again from the
   * journal, as a node restart does, then lets the held attempt finish (too late to count).
   */
  private WorkflowState runThroughARestart(WorkflowDefinition definition, Phase expected) {
    ActorRef<Workflow.Command> workflow = start(definition);
    held.awaitStarted();
    testKit.stop(workflow);
    ActorRef<Workflow.Command> restarted = spawn(definition);
    held.release();
    return awaitPhase(restarted, expected);
  }

  private ActorRef<Workflow.Command> spawn(WorkflowDefinition definition) {
    return runs.spawn(entityId, definition);
  }

  private ActorRef<Workflow.Command> start(WorkflowDefinition definition) {
    return runs.start(entityId, definition);
  }

  private WorkflowState awaitPhase(ActorRef<Workflow.Command> workflow, Phase phase) {
    return runs.awaitPhase(workflow, phase);
  }

  /** The first attempt of an action hangs, as a call to a dead peer would, until the test has restarted the workflow. */
  private static final class HeldAttempt {
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger attempts = new AtomicInteger();

    WorkflowStep.Action then(WorkflowStep.Action later) {
      return ctx -> {
        if (attempts.incrementAndGet() > 1) return later.run(ctx);
        started.complete(null);
        released.await(30, TimeUnit.SECONDS);
        // Reaches only the stopped incarnation: a result from before the restart must change nothing.
        return "late result of the first attempt";
      };
    }

    void awaitStarted() {
      started.orTimeout(10, TimeUnit.SECONDS).join();
    }

    void release() {
      released.countDown();
    }
  }
}
