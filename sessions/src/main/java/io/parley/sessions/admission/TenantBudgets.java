package io.parley.sessions.admission;

import java.time.Clock;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.actor.typed.RecipientRef;

/**
 * How a session reaches its tenant's {@link TenantTokenBudget}: through sharding on a node
 * ({@link #init}), or any actor running the entity in a test.
 */
public record TenantBudgets(TenantBudgetSettings settings, Function<String, RecipientRef<TenantTokenBudget.Command>> entities) {

  /** Registers {@link TenantTokenBudget} with sharding on this node; returns how sessions reach the budgets. */
  public static TenantBudgets init(ActorSystem<?> system, TenantBudgetSettings settings, int snapshotEvery, Clock clock) {
    ClusterSharding sharding = ClusterSharding.get(system);
    sharding.init(Entity.of(TenantTokenBudget.ENTITY_KEY,
            ctx -> TenantTokenBudget.create(ctx.getEntityId(), settings, snapshotEvery, clock))
        .withStopMessage(new TenantTokenBudget.Stop()));
    return new TenantBudgets(settings, tenant -> sharding.entityRefFor(TenantTokenBudget.ENTITY_KEY, tenant));
  }

  /** No tenant has a limit, so no budget is ever asked. */
  public static TenantBudgets unlimited() {
    return new TenantBudgets(TenantBudgetSettings.unlimited(), tenant -> {
      throw new IllegalStateException("no tenant has a token budget, yet " + tenant + "'s was asked");
    });
  }

  /** Whether the tenant has a daily limit; without one its usage is not kept either. */
  public boolean limits(String tenant) {
    return settings.limitFor(tenant) > 0;
  }

  public RecipientRef<TenantTokenBudget.Command> of(String tenant) {
    return entities.apply(tenant);
  }
}
