package io.parley.sessions.workflow;

import io.parley.sessions.Outcome;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/** Finds a workflow's entity wherever its shard lives; usable before {@link Workflow#init} has run. */
public final class Workflows {
  private final ClusterSharding sharding;

  public Workflows(ActorSystem<?> system) {
    this.sharding = ClusterSharding.get(system);
  }

  public EntityRef<Workflow.Command> entity(String tenant, String workflowId) {
    return sharding.entityRefFor(Workflow.ENTITY_KEY, Workflow.entityId(tenant, workflowId));
  }

  public CompletionStage<Outcome<WorkflowStatus>> start(String tenant, String workflowId, String definition,
      Map<String, String> input, Duration timeout) {
    return entity(tenant, workflowId).ask(replyTo -> new Workflow.Start(definition, input, replyTo), timeout);
  }

  public CompletionStage<Outcome<WorkflowStatus>> status(String tenant, String workflowId, Duration timeout) {
    return entity(tenant, workflowId).ask(Workflow.GetStatus::new, timeout);
  }
}
