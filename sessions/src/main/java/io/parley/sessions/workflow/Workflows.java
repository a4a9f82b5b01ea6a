package io.parley.sessions.workflow;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import io.parley.sessions.SessionMetrics;
import java.time.Clock;
import java.util.List;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/** Finds a workflow's entity wherever its shard lives; usable before {@link #init} has run. */
public final class Workflows {
  private final ClusterSharding sharding;

  public Workflows(ActorSystem<?> system) {
    this.sharding = ClusterSharding.get(system);
  }

  /** Registers {@link Workflow} with sharding on this node; returns the way to reach workflows. */
  public static Workflows init(ActorSystem<?> system, List<WorkflowDefinition> definitions, SessionMetrics metrics,
      Clock clock) {
    ClusterSharding sharding = ClusterSharding.get(system);
    sharding.init(Entity.of(Workflow.ENTITY_KEY, ctx -> Workflow.create(ctx.getEntityId(), ctx.getShard(),
            sharding.entityRefFor(Workflow.ENTITY_KEY, ctx.getEntityId()), definitions, metrics, clock))
        .withStopMessage(new Workflow.Stop()));
    return new Workflows(system);
  }

  public EntityRef<Workflow.Command> entity(String tenant, String workflowId) {
    return sharding.entityRefFor(Workflow.ENTITY_KEY, Workflow.entityId(tenant, workflowId));
  }

  /** Starts a workflow (idempotent on its id); fails with a {@link io.parley.core.session.Refusal} when refused. */
  public CompletionStage<WorkflowStatus> start(String tenant, String workflowId, String definition,
      Map<String, String> input, Duration timeout) {
    return entity(tenant, workflowId).askWithStatus(replyTo -> new Workflow.Start(definition, input, replyTo), timeout);
  }

  /** A workflow's status; fails with a {@link io.parley.core.session.Refusal} for an unknown one. */
  public CompletionStage<WorkflowStatus> status(String tenant, String workflowId, Duration timeout) {
    return entity(tenant, workflowId).askWithStatus(Workflow.GetStatus::new, timeout);
  }
}
