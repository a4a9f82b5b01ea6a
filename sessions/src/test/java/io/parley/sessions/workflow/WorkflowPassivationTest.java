package io.parley.sessions.workflow;

import static io.parley.sessions.workflow.WorkflowRuns.QUICK;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.session.ErrorCode;
import io.parley.sessions.EntityTestKit;
import io.parley.sessions.Replies;
import io.parley.sessions.workflow.WorkflowState.Phase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Workflows leave memory: a finished one asks its shard to passivate it (when it finishes and when it
 * recovers finished), stops on the shard's {@link Workflow.Stop} and still answers its status from
 * its journal; one never started answers NOT_FOUND, persists nothing and passivates, and a start that
 * reaches it while it stops goes back through sharding to its next incarnation.
 */
class WorkflowPassivationTest {
  @RegisterExtension static final EntityTestKit entities = new EntityTestKit();
  private final ActorTestKit testKit = entities.actors();

  private final WorkflowRuns runs = new WorkflowRuns(testKit);
  private final String entityId = Workflow.entityId("acme", "order-" + UUID.randomUUID());

  @Test
  void aCompletedWorkflowPassivatesStopsAndStillAnswersItsStatusFromItsJournal() {
    CountDownLatch release = new CountDownLatch(1);
    WorkflowDefinition order = new WorkflowDefinition("order", List.of(
        step("reserve", ctx -> "seats 4-5", Optional.empty()),
        step("charge", ctx -> release.await(10, TimeUnit.SECONDS) ? "charged" : "released late", Optional.empty())));
    ActorRef<Workflow.Command> workflow = runs.start(entityId, order);
    try {
      runs.shard.expectNoMessage(Duration.ofMillis(300));
    } finally {
      release.countDown();
    }
    WorkflowState done = runs.awaitPhase(workflow, Phase.COMPLETED);
    assertEquals(new ClusterSharding.Passivate<>(workflow), runs.shard.receiveMessage());
    stopAsTheShardDoes(workflow);

    ActorRef<Workflow.Command> askedAgain = runs.spawn(entityId, order);
    assertEquals(done, runs.awaitPhase(askedAgain, Phase.COMPLETED), "the status comes from the journal");
    assertEquals(new ClusterSharding.Passivate<>(askedAgain), runs.shard.receiveMessage(),
        "recovered finished, it asks to be passivated again");
    runs.shard.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void aCompensatedWorkflowPassivatesWhetherItUndidStepsOrHadNoneToUndo() {
    WorkflowDefinition order = new WorkflowDefinition("order", List.of(
        step("reserve", ctx -> "seats 4-5", Optional.of(ctx -> "released")),
        step("charge", ctx -> {
          throw new StepFailure("card declined", false);
        }, Optional.empty())));
    ActorRef<Workflow.Command> undone = runs.start(entityId, order);
    runs.awaitPhase(undone, Phase.COMPENSATED);
    assertEquals(new ClusterSharding.Passivate<>(undone), runs.shard.receiveMessage());

    WorkflowDefinition charge = new WorkflowDefinition("charge", List.of(order.steps().get(1)));
    ActorRef<Workflow.Command> failedFirst = runs.start(Workflow.entityId("acme", "charge-" + UUID.randomUUID()), charge);
    runs.awaitPhase(failedFirst, Phase.COMPENSATED);
    assertEquals(new ClusterSharding.Passivate<>(failedFirst), runs.shard.receiveMessage());
  }

  @Test
  void aStatusQueryForAWorkflowNeverStartedAnswersNotFoundPersistsNothingAndPassivates() {
    WorkflowDefinition order = new WorkflowDefinition("order", List.of(step("reserve", ctx -> "seats", Optional.empty())));
    ActorRef<Workflow.Command> workflow = runs.spawn(entityId, order);
    TestProbe<StatusReply<WorkflowStatus>> client = testKit.createTestProbe();
    workflow.tell(new Workflow.GetStatus(client.getRef()));
    assertEquals(ErrorCode.NOT_FOUND, Replies.refusal(client.receiveMessage()).code());
    assertEquals(new ClusterSharding.Passivate<>(workflow), runs.shard.receiveMessage());

    Workflow.Start start = new Workflow.Start("order", Map.of(), client.getRef());
    workflow.tell(start);
    assertEquals(start, runs.throughSharding.receiveMessage(),
        "started by this incarnation, it would stop with it, forgotten: the next incarnation starts it");
    client.expectNoMessage(Duration.ofMillis(100));
    stopAsTheShardDoes(workflow);
    PersistenceTestKit.create(testKit.system()).expectNothingPersisted("Workflow|" + entityId, Duration.ofMillis(300));
  }

  @Test
  void aStartOfAnUnknownDefinitionIsRefusedAndPassivates() {
    WorkflowDefinition order = new WorkflowDefinition("order", List.of(step("reserve", ctx -> "seats", Optional.empty())));
    ActorRef<Workflow.Command> workflow = runs.spawn(entityId, order);
    TestProbe<StatusReply<WorkflowStatus>> client = testKit.createTestProbe();
    workflow.tell(new Workflow.Start("refund", Map.of(), client.getRef()));
    assertEquals(ErrorCode.BAD_REQUEST, Replies.refusal(client.receiveMessage()).code());
    assertEquals(new ClusterSharding.Passivate<>(workflow), runs.shard.receiveMessage());
    PersistenceTestKit.create(testKit.system()).expectNothingPersisted("Workflow|" + entityId, Duration.ofMillis(300));
  }

  private static WorkflowStep step(String name, WorkflowStep.Action run, Optional<WorkflowStep.Action> undo) {
    return new WorkflowStep(name, 3, QUICK, run, undo);
  }

  /** The shard answers a passivation with the stop message; the entity must stop. */
  private void stopAsTheShardDoes(ActorRef<Workflow.Command> workflow) {
    workflow.tell(new Workflow.Stop());
    testKit.createTestProbe().expectTerminated(workflow);
  }
}
