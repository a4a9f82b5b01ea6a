package io.parley.sessions.bot;

import io.parley.core.call.CallRouting;
import io.parley.core.call.DialledNumber;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenants' phone numbers: their documents' {@code phoneNumbers}, claimed in the
 * {@link PhoneDirectory} before a version or draft listing them is saved, and the operator's
 * {@code PARLEY_SIP_NUMBERS}, which take precedence ({@link CallRouting}).
 *
 * <p>A change is claimed first, then saved in the tenant's {@link TenantBotConfig}, then
 * {@link #settle settled}: the directory is set again from what the tenant's entity holds, so a
 * save that failed after its claim leaves no claim behind (docs/bot-config.md#phone-numbers).
 */
public final class PhoneNumbers {
  private static final Logger LOG = LoggerFactory.getLogger(PhoneNumbers.class);

  private final ClusterSharding sharding;
  private final BotConfigs.Sharded configs;
  private final CallRouting routing;
  private final Duration timeout;

  private PhoneNumbers(ClusterSharding sharding, BotConfigs.Sharded configs, CallRouting routing, Duration timeout) {
    this.sharding = sharding;
    this.configs = configs;
    this.routing = routing;
    this.timeout = timeout;
  }

  /** Registers the {@link PhoneDirectory} with sharding on this node. */
  public static PhoneNumbers init(ActorSystem<?> system, BotConfigs.Sharded configs, CallRouting routing,
      Duration timeout) {
    ClusterSharding sharding = ClusterSharding.get(system);
    sharding.init(Entity.of(PhoneDirectory.ENTITY_KEY, ctx -> PhoneDirectory.create())
        .withStopMessage(new PhoneDirectory.Stop()));
    return new PhoneNumbers(sharding, configs, routing, timeout);
  }

  private EntityRef<PhoneDirectory.Command> directory() {
    return sharding.entityRefFor(PhoneDirectory.ENTITY_KEY, PhoneDirectory.ID);
  }

  /**
   * Claims {@code numbers} for the tenant's {@code stage}: the problems that keep them from being
   * its, as the document's problems read ({@code phoneNumbers[1]: ...}); none: claimed.
   */
  public CompletionStage<List<String>> claim(String tenant, PhoneDirectory.Stage stage, List<String> numbers) {
    List<String> problems = routing.operatorConflicts(tenant, numbers);
    if (!problems.isEmpty()) return CompletableFuture.completedFuture(problems);
    return directory().<PhoneDirectory.Claimed>ask(replyTo -> new PhoneDirectory.Claim(tenant, stage, numbers, replyTo),
        timeout).thenApply(claimed -> claimed.taken().stream()
            .map(number -> "phoneNumbers[" + numbers.indexOf(number) + "]: " + number
                + " is another tenant's number (it must give it up first)")
            .toList());
  }

  /**
   * Sets the directory to the numbers of the tenant's current version and draft, as its entity
   * holds them; done after every change, whether it was saved or not.
   */
  public void settle(String tenant) {
    configs.current(tenant).thenAccept(current -> settle(tenant, PhoneDirectory.Stage.LIVE,
        current.map(pinned -> pinned.config().phoneNumbers()).orElse(List.of())));
    configs.draft(tenant).thenAccept(draft -> settle(tenant, PhoneDirectory.Stage.DRAFT,
        draft.map(pinned -> pinned.config().phoneNumbers()).orElse(List.of())));
  }

  private void settle(String tenant, PhoneDirectory.Stage stage, List<String> numbers) {
    claim(tenant, stage, numbers).whenComplete((problems, failure) -> {
      if (failure != null) LOG.warn("phone numbers of tenant {} not settled: {}", tenant, failure.toString());
      else if (!problems.isEmpty()) LOG.warn("phone numbers of tenant {} not settled: {}", tenant, problems);
    });
  }

  /** Where a call to {@code dialled} goes ({@link CallRouting}): the directory is asked unless the operator maps it. */
  public CompletionStage<CallRouting.Route> route(String dialled) {
    Optional<CallRouting.Route> byOperator = routing.byOperator(dialled);
    if (byOperator.isPresent()) return CompletableFuture.completedFuture(byOperator.get());
    String number = DialledNumber.normalized(dialled);
    return directory().<PhoneDirectory.Found>ask(replyTo -> new PhoneDirectory.Find(number, replyTo), timeout)
        .thenApply(found -> routing.byClaim(found.tenant(), found.draftOnly(), found.anyClaimed()));
  }
}
