package io.parley.sessions.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.parley.core.retry.Backoff;
import io.parley.core.testing.MetricSamples;
import io.parley.sessions.Replies;
import io.parley.sessions.SessionMetrics;
import io.parley.sessions.workflow.WorkflowState.Phase;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;

/**
 * Workflow entities of one test: spawned in its test kit (on the in-memory journal), started, awaited.
 * Probes stand in for their shard ({@link #shard}) and for the way through sharding ({@link #throughSharding});
 * the metrics go to a registry of this fixture's own.
 */
final class WorkflowRuns {
  /** Retries a few milliseconds apart, so a test sees several attempts at once. */
  static final Backoff QUICK = new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 2.0, 0.0);

  final TestProbe<ClusterSharding.ShardCommand> shard;
  final TestProbe<Workflow.Command> throughSharding;
  final PrometheusRegistry registry = new PrometheusRegistry();
  private final SessionMetrics metrics = new SessionMetrics(registry);
  private final ActorTestKit testKit;

  WorkflowRuns(ActorTestKit testKit) {
    this.testKit = testKit;
    this.shard = testKit.createTestProbe();
    this.throughSharding = testKit.createTestProbe();
  }

  /** The entity, recovering whatever its journal holds, as a node (re)starting it would. */
  ActorRef<Workflow.Command> spawn(String entityId, WorkflowDefinition definition) {
    return testKit.spawn(Workflow.create(entityId, shard.getRef(), throughSharding.getRef(), List.of(definition), metrics,
        Clock.systemUTC()));
  }

  ActorRef<Workflow.Command> start(String entityId, WorkflowDefinition definition) {
    ActorRef<Workflow.Command> workflow = spawn(entityId, definition);
    TestProbe<StatusReply<WorkflowStatus>> probe = testKit.createTestProbe();
    workflow.tell(new Workflow.Start(definition.name(), Map.of(), probe.getRef()));
    Replies.value(probe.receiveMessage());
    return workflow;
  }

  /** The workflow's state once it is in {@code phase}, asked for again and again for up to 10 s. */
  WorkflowState awaitPhase(ActorRef<Workflow.Command> workflow, Phase phase) {
    TestProbe<StatusReply<WorkflowStatus>> probe = testKit.createTestProbe();
    return probe.awaitAssert(Duration.ofSeconds(10), () -> {
      workflow.tell(new Workflow.GetStatus(probe.getRef()));
      WorkflowState state = Replies.value(probe.receiveMessage()).state();
      assertEquals(phase, state.phase(), state.toString());
      return state;
    });
  }

  /** The metric's count with these labels, in their registered order ({@code name, value, ...}); 0 when never counted. */
  double count(String metric, String... labels) {
    String[] names = new String[labels.length / 2];
    String[] values = new String[labels.length / 2];
    for (int i = 0; i < names.length; i++) {
      names[i] = labels[2 * i];
      values[i] = labels[2 * i + 1];
    }
    Double value = MetricSamples.value(registry, metric, names, values);
    return value == null ? 0 : value;
  }
}
