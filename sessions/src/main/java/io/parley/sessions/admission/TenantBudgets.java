package io.parley.sessions.admission;

import io.parley.core.bot.UsageLimits;
import io.parley.core.limits.BudgetAlerts;
import io.parley.sessions.bot.BotConfigs;
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

  /**
   * Registers {@link TenantTokenBudget} with sharding on this node, its limits from the tenants'
   * live {@code configs} within the operator's {@code settings}, telling {@code alerts} at 80 % and
   * 100 %; returns how sessions reach the budgets.
   */
  public static TenantBudgets init(ActorSystem<?> system, TenantBudgetSettings settings, int snapshotEvery,
      BotConfigs configs, BudgetAlerts alerts, Clock clock) {
    ClusterSharding sharding = ClusterSharding.get(system);
    sharding.init(Entity.of(TenantTokenBudget.ENTITY_KEY,
            ctx -> TenantTokenBudget.create(ctx.getEntityId(), settings, snapshotEvery, configs, alerts, clock))
        .withStopMessage(new TenantTokenBudget.Stop()));
    return new TenantBudgets(settings, tenant -> sharding.entityRefFor(TenantTokenBudget.ENTITY_KEY, tenant));
  }

  /** No tenant has a limit, so no budget is ever asked. */
  public static TenantBudgets unlimited() {
    return new TenantBudgets(TenantBudgetSettings.unlimited(), tenant -> {
      throw new IllegalStateException("no tenant has a token budget, yet " + tenant + "'s was asked");
    });
  }

  /**
   * Whether a session of the tenant that started with {@code limits} counts against a daily budget:
   * the operator gives the tenant one, or the session's version sets one. Without either its usage
   * is not kept. The budget's size is the tenant's live version's, whatever the session's.
   */
  public boolean limits(String tenant, UsageLimits limits) {
    return settings.limitFor(tenant) > 0 || limits.tokensPerDay().isPresent();
  }

  public RecipientRef<TenantTokenBudget.Command> of(String tenant) {
    return entities.apply(tenant);
  }
}
