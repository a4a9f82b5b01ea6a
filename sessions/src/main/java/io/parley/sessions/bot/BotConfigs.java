package io.parley.sessions.bot;

import io.parley.core.bot.PinnedBotConfig;
import io.parley.sessions.ClusterReleases;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/** The tenants' bot configurations, as a starting session asks for them: the current version, if any. */
public interface BotConfigs {
  CompletionStage<Optional<PinnedBotConfig>> current(String tenant);

  /**
   * The configuration a new customer's conversation {@code sessionId} (its wire id) starts with:
   * the current version, or its arm's while an experiment runs.
   */
  default CompletionStage<Optional<PinnedBotConfig>> forConversation(String tenant, String sessionId) {
    return current(tenant);
  }

  /** The tenant's draft, for a test session; none unless the configurations keep drafts. */
  default CompletionStage<Optional<PinnedBotConfig>> draft(String tenant) {
    return CompletableFuture.completedFuture(Optional.empty());
  }

  /** The tenant's published version {@code version}, for an evaluation of it; none unless the configurations keep versions. */
  default CompletionStage<Optional<PinnedBotConfig>> version(String tenant, int version) {
    return CompletableFuture.completedFuture(Optional.empty());
  }

  /** No tenant has a configuration: every session uses the node's settings (entity tests). */
  static BotConfigs none() {
    return tenant -> CompletableFuture.completedFuture(Optional.empty());
  }

  /** Registers {@link TenantBotConfig} with sharding; asks it, giving up after {@code timeout}. */
  static Sharded init(ActorSystem<?> system, Clock clock, Duration timeout) {
    ClusterSharding sharding = ClusterSharding.get(system);
    sharding.init(Entity.of(TenantBotConfig.ENTITY_KEY, ctx -> TenantBotConfig.create(ctx.getEntityId(), clock,
        ClusterReleases.get(system)))
        .withStopMessage(new TenantBotConfig.Stop()));
    return new Sharded(sharding, timeout);
  }

  /** The cluster's configurations, one entity per tenant. */
  record Sharded(ClusterSharding sharding, Duration timeout) implements BotConfigs {
    public EntityRef<TenantBotConfig.Command> of(String tenant) {
      return sharding.entityRefFor(TenantBotConfig.ENTITY_KEY, tenant);
    }

    @Override
    public CompletionStage<Optional<PinnedBotConfig>> current(String tenant) {
      return of(tenant).ask(TenantBotConfig.GetCurrent::new, timeout)
          .thenApply(current -> current.version().map(TenantBotConfig.Version::pinned));
    }

    @Override
    public CompletionStage<Optional<PinnedBotConfig>> forConversation(String tenant, String sessionId) {
      return of(tenant).ask(TenantBotConfig.GetCurrent::new, timeout).thenApply(current -> current.version()
          .map(live -> current.experiment().map(experiment -> experiment.pinnedFor(sessionId, live.pinned()))
              .orElseGet(live::pinned)));
    }

    @Override
    public CompletionStage<Optional<PinnedBotConfig>> draft(String tenant) {
      return of(tenant).ask(TenantBotConfig.GetDraft::new, timeout)
          .thenApply(answer -> answer.draft().map(TenantBotConfig.Draft::pinned));
    }

    @Override
    public CompletionStage<Optional<PinnedBotConfig>> version(String tenant, int version) {
      return of(tenant).ask(TenantBotConfig.GetVersions::new, timeout).thenApply(answer -> answer.versions().stream()
          .filter(v -> v.version() == version).findFirst().map(TenantBotConfig.Version::pinned));
    }
  }
}
