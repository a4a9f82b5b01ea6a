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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A step or a compensation whose attempt hangs (a peer that accepts the connection and never
 * answers) does not hold the workflow: the attempt is abandoned at the step's timeout and counts
 * as a transient failure, and what it returns later changes nothing. The metrics count each attempt
 * by its outcome and each workflow by how it finished.
 */
class WorkflowAttemptTimeoutTest {
  @RegisterExtension static final EntityTestKit entities = new EntityTestKit();
  private final ActorTestKit testKit = entities.actors();
  private static final Duration TIMEOUT = Duration.ofMillis(300);

  private final WorkflowRuns runs = new WorkflowRuns(testKit);
  private final String entityId = Workflow.entityId("acme", "order-" + UUID.randomUUID());
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void releaseHungAttempts() {
    release.countDown();
  }

  @Test
  void aHungAttemptIsAbandonedAtTheTimeoutAndTheStepRetried() {
    AtomicInteger attempts = new AtomicInteger();
    WorkflowDefinition order = new WorkflowDefinition("order", List.of(
        new WorkflowStep("charge", 3, TIMEOUT, QUICK, ctx -> {
          if (attempts.incrementAndGet() > 1) return "charged";
          release.await(30, TimeUnit.SECONDS);
          return "charged late";
        }, Optional.empty())));
    ActorRef<Workflow.Command> workflow = runs.start(entityId, order);

    WorkflowState done = runs.awaitPhase(workflow, Phase.COMPLETED);
    WorkflowState.StepState charge = done.step("charge").orElseThrow();
    assertEquals(2, charge.attempts());
    assertEquals(Optional.of("no result within 300 ms"), charge.lastError());
    assertEquals(Optional.of("charged"), charge.result());
    assertEquals(1, attempts("charge", "timed_out"));
    assertEquals(1, attempts("charge", "succeeded"));
    assertEquals(1, runs.count("parley_workflows_started_total", "definition", "order"));
    assertEquals(1, finished("completed"));

    release.countDown();
    TestProbe<Object> quiet = testKit.createTestProbe();
    quiet.expectNoMessage(Duration.ofMillis(200));
    assertEquals(done, runs.awaitPhase(workflow, Phase.COMPLETED), "the late result of the first attempt changed nothing");
  }

  @Test
  void aStepWhoseEveryAttemptHangsFailsForGoodAfterItsAttempts() {
    AtomicInteger attempts = new AtomicInteger();
    AtomicInteger undone = new AtomicInteger();
    WorkflowDefinition order = new WorkflowDefinition("order", List.of(
        new WorkflowStep("reserve", 3, TIMEOUT, QUICK, ctx -> "seats 4-5", Optional.of(ctx -> "released " + undone.incrementAndGet())),
        new WorkflowStep("charge", 2, TIMEOUT, QUICK, ctx -> {
          attempts.incrementAndGet();
          release.await(30, TimeUnit.SECONDS);
          return "charged late";
        }, Optional.empty())));
    ActorRef<Workflow.Command> workflow = runs.start(entityId, order);

    WorkflowState state = runs.awaitPhase(workflow, Phase.COMPENSATED);
    assertEquals(2, attempts.get());
    assertEquals(StepStatus.FAILED, state.step("charge").orElseThrow().status());
    assertEquals(1, undone.get());
    assertEquals(2, attempts("charge", "timed_out"));
    assertEquals(1, attempts("reserve", "compensated"));
    assertEquals(1, finished("compensated"));
  }

  @Test
  void aCompensationIsRetriedUntilItSucceedsEvenAfterAHangAndAPermanentFailure() {
    AtomicInteger undoAttempts = new AtomicInteger();
    WorkflowDefinition order = new WorkflowDefinition("order", List.of(
        new WorkflowStep("reserve", 3, TIMEOUT, QUICK, ctx -> "seats 4-5", Optional.of(ctx -> {
          int attempt = undoAttempts.incrementAndGet();
          if (attempt == 1) release.await(30, TimeUnit.SECONDS);
          if (attempt <= 2) throw new StepFailure("the seat service refused", false);
          return "released";
        })),
        new WorkflowStep("charge", 3, TIMEOUT, QUICK, ctx -> {
          throw new StepFailure("card declined", false);
        }, Optional.empty())));
    ActorRef<Workflow.Command> workflow = runs.start(entityId, order);

    WorkflowState state = runs.awaitPhase(workflow, Phase.COMPENSATED);
    assertEquals(3, undoAttempts.get(), "hung, refused, then done: nothing else can undo the reservation");
    assertEquals(StepStatus.COMPENSATED, state.step("reserve").orElseThrow().status());
    assertEquals(1, state.step("charge").orElseThrow().attempts(), "a permanent failure is not retried");
    assertEquals(1, attempts("charge", "failed"));
    assertEquals(1, attempts("reserve", "compensated"), "a compensation counts once, when it is done");
    assertEquals(0, finished("completed"));
  }

  private double attempts(String step, String outcome) {
    return runs.count("parley_workflow_step_attempts_total", "definition", "order", "step", step, "outcome", outcome);
  }

  private double finished(String result) {
    return runs.count("parley_workflows_finished_total", "definition", "order", "result", result);
  }
}
