package io.parley.sessions.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.parley.sessions.Outcome;
import io.parley.sessions.workflow.WorkflowState.Phase;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;

/** Workflow entities of one test: spawned in its test kit (on the in-memory journal), started, awaited. */
final class WorkflowRuns {
  private final ActorTestKit testKit;

  WorkflowRuns(ActorTestKit testKit) {
    this.testKit = testKit;
  }

  /** The entity, recovering whatever its journal holds, as a node (re)starting it would. */
  ActorRef<Workflow.Command> spawn(String entityId, WorkflowDefinition definition) {
    return testKit.spawn(Workflow.create(entityId, List.of(definition), Clock.systemUTC()));
  }

  ActorRef<Workflow.Command> start(String entityId, WorkflowDefinition definition) {
    ActorRef<Workflow.Command> workflow = spawn(entityId, definition);
    TestProbe<Outcome<WorkflowStatus>> probe = testKit.createTestProbe();
    workflow.tell(new Workflow.Start(definition.name(), Map.of(), probe.getRef()));
    assertInstanceOf(Outcome.Ok.class, probe.receiveMessage());
    return workflow;
  }

  /** The workflow's state once it is in {@code phase}, asked for again and again for up to 10 s. */
  WorkflowState awaitPhase(ActorRef<Workflow.Command> workflow, Phase phase) {
    TestProbe<Outcome<WorkflowStatus>> probe = testKit.createTestProbe();
    return probe.awaitAssert(Duration.ofSeconds(10), () -> {
      workflow.tell(new Workflow.GetStatus(probe.getRef()));
      WorkflowState state = ((Outcome.Ok<WorkflowStatus>) probe.receiveMessage()).value().state();
      assertEquals(phase, state.phase(), state.toString());
      return state;
    });
  }
}
