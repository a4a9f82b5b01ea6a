package io.parley.sessions.admission;

import java.util.function.Function;
import org.apache.pekko.actor.typed.RecipientRef;

/**
 * How a session reaches its tenant's {@link TenantTokenBudget}: through sharding on a node
 * ({@link TenantTokenBudget#init}), or any actor running the entity in a test.
 */
public record TenantBudgets(TenantBudgetSettings settings, Function<String, RecipientRef<TenantTokenBudget.Command>> entities) {

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
