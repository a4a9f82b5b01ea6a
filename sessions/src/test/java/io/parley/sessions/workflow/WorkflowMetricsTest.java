package io.parley.sessions.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.parley.core.retry.Backoff;
import io.parley.sessions.workflow.WorkflowState.Phase;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What workflows count: starts, each step attempt by outcome, compensations, and how they finished. */
class WorkflowMetricsTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
  private static final Backoff QUICK = new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 2.0, 0.0);
  private static final Duration TIMEOUT = Duration.ofMillis(300);

  private final WorkflowRuns runs = new WorkflowRuns(testKit);
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @AfterEach
  void releaseHungAttempts() {
    release.countDown();
  }

  @Test
  void eachAttemptIsCountedByItsOutcomeAndTheWorkflowByHowItFinished() {
    AtomicInteger attempts = new AtomicInteger();
    WorkflowDefinition order = new WorkflowDefinition("order", List.of(
        new WorkflowStep("reserve", 3, TIMEOUT, QUICK, ctx -> "seats 4-5", Optional.empty()),
        new WorkflowStep("charge", 3, TIMEOUT, QUICK, ctx -> switch (attempts.incrementAndGet()) {
          case 1 -> throw new IOException("payment gateway busy");
          case 2 -> release.await(30, TimeUnit.SECONDS) ? "charged late" : "never";
          default -> "charged";
        }, Optional.empty())));
    runs.awaitPhase(runs.start(newEntityId(), order), Phase.COMPLETED);

    assertEquals(1, attempts("order", "reserve", "succeeded"));
    assertEquals(1, attempts("order", "charge", "failed"));
    assertEquals(1, attempts("order", "charge", "timed_out"));
    assertEquals(1, attempts("order", "charge", "succeeded"));
    assertEquals(1, runs.count("parley_workflows_started_total", "definition", "order"));
    assertEquals(1, finished("order", "completed"));
    assertEquals(0, finished("order", "compensated"));
  }

  @Test
  void aCompensationIsCountedAndTheWorkflowAsCompensated() {
    WorkflowDefinition order = new WorkflowDefinition("order", List.of(
        new WorkflowStep("reserve", 3, QUICK, ctx -> "seats 4-5", Optional.of(ctx -> "released")),
        new WorkflowStep("charge", 3, QUICK, ctx -> {
          throw new StepFailure("card declined", false);
        }, Optional.empty())));
    runs.awaitPhase(runs.start(newEntityId(), order), Phase.COMPENSATED);

    assertEquals(1, attempts("order", "charge", "failed"), "a permanent failure is one attempt");
    assertEquals(1, attempts("order", "reserve", "compensated"));
    assertEquals(1, finished("order", "compensated"));
    assertEquals(0, finished("order", "completed"));
  }

  private static String newEntityId() {
    return Workflow.entityId("acme", "order-" + UUID.randomUUID());
  }

  private double attempts(String definition, String step, String outcome) {
    return runs.count("parley_workflow_step_attempts_total", "definition", definition, "step", step, "outcome", outcome);
  }

  private double finished(String definition, String result) {
    return runs.count("parley_workflows_finished_total", "definition", definition, "result", result);
  }
}
