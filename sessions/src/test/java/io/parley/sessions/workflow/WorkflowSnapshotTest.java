package io.parley.sessions.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.retry.Backoff;
import io.parley.sessions.EntityTestKit;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.javadsl.SnapshotTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A workflow's journal grows with every attempt: it is snapshotted, and recovers from the snapshot. */
class WorkflowSnapshotTest {
  @RegisterExtension static final EntityTestKit entities = new EntityTestKit();
  private final ActorTestKit testKit = entities.actors();
  private static final Backoff QUICK = new Backoff(Duration.ofMillis(5), Duration.ofMillis(10), 2.0, 0.0);

  @Test
  void aWorkflowWithManyAttemptsIsSnapshottedAndRecoversTheSameState() {
    String entityId = Workflow.entityId("acme", "order-" + UUID.randomUUID());
    AtomicInteger attempts = new AtomicInteger();
    WorkflowDefinition order = new WorkflowDefinition("order", List.of(
        new WorkflowStep("charge", 30, QUICK, ctx -> {
          if (attempts.incrementAndGet() <= 11) throw new IOException("payment gateway busy");
          return "charged";
        }, Optional.empty())));
    WorkflowRuns runs = new WorkflowRuns(testKit);
    ActorRef<Workflow.Command> workflow = runs.start(entityId, order);
    WorkflowState done = runs.awaitPhase(workflow, WorkflowState.Phase.COMPLETED);
    assertEquals(12, done.step("charge").orElseThrow().attempts());

    // 25 events: the start, 11 failed attempts (two each), the last one (two); a snapshot at 20.
    SnapshotTestKit.create(testKit.system())
        .expectNextPersistedClass("Workflow|" + entityId, WorkflowState.Running.class);
    testKit.stop(workflow);
    ActorRef<Workflow.Command> recovered = runs.spawn(entityId, order);
    assertEquals(done, runs.awaitPhase(recovered, WorkflowState.Phase.COMPLETED));
    assertEquals(12, attempts.get(), "a completed workflow runs nothing after recovery");
  }
}
