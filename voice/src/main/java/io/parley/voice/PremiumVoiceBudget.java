package io.parley.voice;

import io.parley.core.limits.BudgetAlerts;
import io.parley.sessions.admission.TenantTokenBudget;
import io.parley.voice.cost.CallCosts;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;

/**
 * Where a node's calls count their tenants' premium speech ({@link TenantTokenBudget#VOICE_SPEND_KEY},
 * one sharded entity per tenant, so every node adds to the same day) and whom they tell when a
 * budget runs low. Without it ({@link #none()}) no tenant's spend is kept, and budgets never bind.
 * The spend is in characters, what premium synthesis bills by; a second of audio sent to the
 * premium recogniser counts as {@code charactersPerTranscribedSecond} of them. {@code costs}: where
 * the calls' premium speech is priced in money, and whether the tenant's budget in money is spent.
 */
public record PremiumVoiceBudget(
    Optional<Function<String, RecipientRef<TenantTokenBudget.Command>>> spend, BudgetAlerts alerts, Clock clock,
    int charactersPerTranscribedSecond, CallCosts costs) {

  /** Registers the spend entity with sharding on this node. */
  public static PremiumVoiceBudget init(ActorSystem<?> system, int snapshotEvery, BudgetAlerts alerts, Clock clock,
      int charactersPerTranscribedSecond, CallCosts costs) {
    ClusterSharding sharding = ClusterSharding.get(system);
    sharding.init(Entity.of(TenantTokenBudget.VOICE_SPEND_KEY,
            ctx -> TenantTokenBudget.voiceSpend(ctx.getEntityId(), snapshotEvery, clock))
        .withStopMessage(new TenantTokenBudget.Stop()));
    return new PremiumVoiceBudget(
        Optional.of(tenant -> sharding.entityRefFor(TenantTokenBudget.VOICE_SPEND_KEY, tenant)), alerts, clock,
        charactersPerTranscribedSecond, costs);
  }

  public static PremiumVoiceBudget none() {
    return new PremiumVoiceBudget(Optional.empty(), BudgetAlerts.none(), Clock.systemUTC(), 0, CallCosts.none());
  }

  /** The characters {@code millis} of premium transcription count as, rounded up: a started second is paid. */
  public long transcriptionCharacters(long millis) {
    return (millis * charactersPerTranscribedSecond + 999) / 1000;
  }
}
